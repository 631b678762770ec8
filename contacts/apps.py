from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = "Contactgegevens en contactpersonen"

    def ready(self) -> None:
        # Django's place for code that needs the models: imported here, once.
        from clients import extensions
        from contacts import hooks, importing

        extensions.file_sections.append(hooks.FILE_SECTION)
        extensions.timeline_entries.append(hooks.TIMELINE)
        extensions.import_columns.append(importing.IMPORT_COLUMNS)
        extensions.import_columns.append(importing.PERSON_IMPORT_COLUMNS)
