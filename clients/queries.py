"""Clients' tables as other apps' raw SQL may read them (docs/architecture.md, "Tables read
across apps"). The names come from the models, so a renamed table follows; the columns listed
are the ones read elsewhere, and a migration that changes them changes their readers too."""

from __future__ import annotations

from clients.models import BenefitPeriod, Client, EndReason

# client_id, municipality_id, start, "end" (the last day with benefit), end_reason_id. Reporting
# keeps its spells from these rows with triggers on this table (reporting/spells.py).
BENEFIT_PERIODS = BenefitPeriod._meta.db_table
# id, consulent_id, date_of_birth, startkwalificatie, statushouder, household: copied onto the
# spells by reporting's triggers (a trigger on this table copies changes).
CLIENTS = Client._meta.db_table
# id, "group" (werk, ...): uitstroom by end-reason group.
END_REASONS = EndReason._meta.db_table
