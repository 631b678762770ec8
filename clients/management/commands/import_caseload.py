"""manage.py import_caseload FILE --user USERNAME [--dry-run] [--max-rows N]: the web import,
for large files."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clients.importer import ImportReport, import_caseload
from organisations.models import User


class Command(BaseCommand):
    help = (
        "Importeer een caseload-export (CSV of .xlsx) met de rechten en gemeenten van een "
        "gebruiker. Drukt het controleverslag af; exitcode 1 bij fouten."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Het CSV- of .xlsx-bestand")
        parser.add_argument(
            "--user", required=True, help="Gebruikersnaam: de import ziet alleen diens gemeenten"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Alleen controleren, niets opslaan"
        )
        parser.add_argument(
            "--max-rows",
            type=int,
            default=None,
            help="Hoogstens zoveel regels in plaats van OPSTAP_IMPORT_MAX_ROWS (voor een eerste "
            "volledig bestand)",
        )

    def handle(
        self, *args, file: Path, user: str, dry_run: bool, max_rows: int | None = None, **options
    ):
        if max_rows is not None and max_rows < 1:
            raise CommandError(_("--max-rows moet 1 of meer zijn."))
        try:
            importer = User.objects.get(username=user, is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(
                _("Onbekende of niet-actieve gebruiker: %(user)s") % {"user": user}
            ) from exc
        if not importer.has_perm("clients.import_caseload"):
            raise CommandError(
                _("Gebruiker %(user)s mag geen caseload importeren.") % {"user": user}
            )
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Kan %(file)s niet lezen: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from exc
        # The command is the way in for files over the upload limit: that limit does not apply.
        report = import_caseload(
            data=data,
            user=importer,
            commit=not dry_run,
            max_bytes=max(len(data), settings.OPSTAP_IMPORT_MAX_BYTES),
            max_rows=max_rows,
            progress=self._progress(writing=not dry_run),
        )
        self._print(report)
        if not report.ok:
            raise CommandError(
                _("%(count)s fout(en); er is niets geïmporteerd.") % {"count": report.error_count},
                returncode=1,
            )
        if dry_run:
            self.stdout.write(_("Proefrun: er is niets opgeslagen."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Geïmporteerd.")))

    def _progress(self, *, writing: bool):
        """Progress on stderr, so that stdout stays the report."""

        def show(done: int, total: int) -> None:
            if total and done == total and writing:
                line = _("%(total)s regels gecontroleerd; bezig met opslaan...")
            else:
                line = _("Gecontroleerd: %(done)s van %(total)s regels")
            self.stderr.write(line % {"done": done, "total": total})

        return show

    def _print(self, report: ImportReport) -> None:
        self.stdout.write(
            _(
                "Regels: %(rows)s  nieuw: %(created)s  gewijzigd: %(changed)s  "
                "ongewijzigd: %(unchanged)s  fouten: %(errors)s"
            )
            % {
                "rows": report.rows,
                "created": report.created,
                "changed": report.changed,
                "unchanged": report.unchanged,
                "errors": report.error_count,
            }
        )
        self.stdout.write(
            _("Uitkeringsperioden: %(created)s nieuw, %(changed)s gewijzigd")
            % {"created": report.periods_created, "changed": report.periods_changed}
        )
        for error in report.errors:
            place = (_("regel %(row)s") % {"row": error.row}) if error.row else _("bestand")
            column = _(", kolom %(column)s") % {"column": error.column} if error.column else ""
            value = f" ({error.value})" if error.value else ""
            self.stdout.write(f"{place}{column}{value}: {error.message}")
        if report.errors_left_out:
            self.stdout.write(
                _("... en %(count)s meer (alleen de eerste %(shown)s fouten worden genoemd)")
                % {"count": report.errors_left_out, "shown": len(report.errors)}
            )
