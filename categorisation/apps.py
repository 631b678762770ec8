from django.apps import AppConfig


class CategorisationConfig(AppConfig):
    name = "categorisation"
    verbose_name = "Categorisering"

    def ready(self) -> None:
        # Django's place for code that needs the models: imported here, once.
        from categorisation import hooks
        from clients import extensions

        extensions.file_sections.append(hooks.FILE_SECTION)
        extensions.caseload_filters.append(hooks.CATEGORY_FILTER)
        extensions.caseload_filters.append(hooks.UNIT_FILTER)
        extensions.caseload_columns.append(hooks.CATEGORY_COLUMN)
        from categorisation.corrections import WITHDRAWALS

        extensions.withdrawals.update(WITHDRAWALS)
        extensions.timeline_entries.append(hooks.TIMELINE)
