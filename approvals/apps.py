from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Vier-ogen"

    def ready(self) -> None:
        from approvals import hooks
        from clients import extensions

        extensions.decision_gates.append(hooks.hold)
        extensions.file_sections.append(hooks.FILE_SECTION)
