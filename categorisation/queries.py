"""Categories as of a date, for lists, dashboards and reports: set-based, never per client."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery

from categorisation.models import Assessment, Category, LadderStep
from clients.models import BenefitPeriod, Client
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
    counts = (
        BenefitPeriod.objects.filter(municipality__in=municipalities)
        .running_on(day)
        .annotate(
            current=FilteredRelation(
                "client__assessments",
                condition=Q(client__assessments__date__lte=day)
                & (
                    Q(client__assessments__valid_until__isnull=True)
                    | Q(client__assessments__valid_until__gt=day)
                ),
            )
        )
        .values("municipality_id", category_id=F("current__category_id"))
        .annotate(n=Count("id"))
    )
    result = Distribution(day=day, municipalities=municipalities, categories=categories)
    for row in counts:
        cells = result.rows.setdefault(row["category_id"], {})
        cells[row["municipality_id"]] = Cell(row["n"])
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
