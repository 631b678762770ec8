"""Categories as of a date, for lists, dashboards and reports: set-based, never per client."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from categorisation.models import Assessment, Category, LadderStep
from clients.models import Client
from organisations.models import Municipality


def with_category(clients: QuerySet[Client], day: date) -> QuerySet[Client]:
    """Annotate each client with `category_code` and `trede` as of `day` (one SQL query)."""
    current = Assessment.objects.on(day).filter(client=OuterRef("pk"))
    ladder = LadderStep.objects.on(day).filter(client=OuterRef("pk"))
    return clients.annotate(
        category_code=Subquery(current.values("category__code")[:1]),
        trede=Subquery(ladder.values("trede")[:1]),
    )


def clients_in_category(clients: QuerySet[Client], day: date, **assessment_filters):
    """Clients whose assessment in force on `day` matches the filters, e.g.
    `category__code="1B"` or `category__unit__code="participatie"`."""
    current = Assessment.objects.on(day).filter(**assessment_filters)
    return clients.filter(pk__in=current.values("client_id"))


def clients_uncategorised(clients: QuerySet[Client], day: date) -> QuerySet[Client]:
    return clients.exclude(pk__in=Assessment.objects.on(day).values("client_id"))


@dataclass
class Cell:
    count: int = 0
    share: float = 0.0


@dataclass
class Distribution:
    day: date
    municipalities: list[Municipality]
    categories: list[Category]
    # rows[category id or None][municipality id] -> Cell; None is "niet gecategoriseerd"
    rows: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)  # unit -> {municipality id: Cell}


def distribution(
    *, municipalities: QuerySet[Municipality], day: date, organisation_id
) -> Distribution:
    """Count and share per category, unit and municipality of the clients with a running
    benefit on `day`, in the municipality that pays it. One aggregate query."""
    municipalities = list(municipalities)
    categories = list(Category.objects.for_organisation(organisation_id).select_related("unit"))
    counts = _count_by_municipality_and_category([m.pk for m in municipalities], day)
    result = Distribution(day=day, municipalities=municipalities, categories=categories)
    for municipality_id, category_id, count in counts:
        result.rows.setdefault(category_id, {})[municipality_id] = Cell(count)
    for municipality in municipalities:
        total = sum(cells.get(municipality.pk, Cell()).count for cells in result.rows.values())
        result.totals[municipality.pk] = Cell(total, 100.0 if total else 0.0)
        for cells in result.rows.values():
            cell = cells.setdefault(municipality.pk, Cell())
            cell.share = 100.0 * cell.count / total if total else 0.0
        for category in categories:
            unit_cells = result.units.setdefault(category.unit, {})
            unit_cell = unit_cells.setdefault(municipality.pk, Cell())
            unit_cell.count += result.rows.get(category.pk, {}).get(municipality.pk, Cell()).count
            unit_cell.share = 100.0 * unit_cell.count / total if total else 0.0
    return result


DISTRIBUTION_SQL = """
    SELECT bp.municipality_id, a.category_id, count(*)
    FROM clients_benefitperiod bp
    LEFT JOIN categorisation_assessment a
      ON a.client_id = bp.client_id AND a.withdrawn_at IS NULL AND {in_force}
    WHERE bp.municipality_id = ANY(%(municipalities)s)
      AND bp.start <= %(day)s AND (bp.end IS NULL OR bp.end >= %(day)s)
    GROUP BY 1, 2
"""
IN_FORCE_ON_DAY = "a.date <= %(day)s AND (a.valid_until IS NULL OR a.valid_until > %(day)s)"
# Assessments are never dated in the future and valid_until is the next one's date, so from
# today on the one in force is the current one: a partial index holds exactly those rows.
IN_FORCE_NOW = "a.valid_until IS NULL"


def _count_by_municipality_and_category(
    municipality_ids: list[int], day: date, *, use_current: bool | None = None
) -> list[tuple]:
    """Running benefit periods on `day` per paying municipality and category in force, in one
    aggregate. Written in SQL to join assessments on client_id directly (the ORM would join
    through clients_client) and to give the hash join enough memory for a million rows."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '64MB'")
        if use_current is None:
            use_current = day >= timezone.localdate()
        sql = DISTRIBUTION_SQL.format(in_force=IN_FORCE_NOW if use_current else IN_FORCE_ON_DAY)
        cursor.execute(sql, {"day": day, "municipalities": municipality_ids})
        return cursor.fetchall()


# For other apps' raw SQL (docs/architecture.md, "Tables read across apps"): the assessments,
# client_id, category_id, date, valid_until. An assessment is in force from its date until the
# day before valid_until (empty: still in force); a client's assessments never overlap.
# Withdrawn assessments (issue 19) no longer count: a subquery in place of the table, so that
# every reader's `JOIN {ASSESSMENTS} a` leaves them out (months already built are snapshots).
ASSESSMENTS = f"(SELECT * FROM {Assessment._meta.db_table} WHERE withdrawn_at IS NULL)"  # noqa: S608 (a model name)
