"""The pages the benchmark requests, with their p95 targets (ms). Later issues add theirs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Context:
    users: dict = field(default_factory=dict)
    client_id: int = 0
    bsn: str = ""
    name_prefix: str = ""
    provider_id: int = 0
    municipality_id: int = 0
    month: str = ""  # "yyyy/m" of the last complete month
    consulent_id: int = 0
    dataset: dict = field(default_factory=dict)


@dataclass
class Page:
    name: str
    user: str
    url: Callable[[Context], str]
    target_ms: int


def prepare() -> Context:
    from clients.models import BenefitPeriod, Client
    from organisations.models import User

    consulent = User.objects.get(username="consulent.lv")
    manager = User.objects.get(username="manager")
    teamleider = User.objects.get(username="teamleider")
    mine = Client.objects.filter(consulent=consulent).order_by("pk")
    busiest = (
        Client.objects.filter(consulent=consulent).order_by("-pk").first()
    )  # any of the consulent's clients
    sample = mine[len(mine) // 2] if mine.exists() else busiest
    from django.db.models import Count, Q

    from trajectories.models import Provider

    # The case: a provider with about 10,000 running trajectories.
    providers = Provider.objects.annotate(
        running=Count("trajectories", filter=Q(trajectories__status="lopend"))
    )
    provider = min(providers, key=lambda p: abs(p.running - 10_000), default=None)
    from django.utils import timezone

    from reporting.services import last_complete_month

    last = last_complete_month(timezone.localdate())
    return Context(
        month=f"{last.year}/{last.month}",
        provider_id=provider.pk if provider else 0,
        users={"consulent": consulent, "manager": manager, "teamleider": teamleider},
        municipality_id=consulent.municipalities.get().pk,
        consulent_id=consulent.pk,
        client_id=sample.pk,
        bsn=sample.bsn,
        name_prefix=sample.last_name[:3],
        dataset={
            "clients": Client.objects.count(),
            "benefit_periods": BenefitPeriod.objects.count(),
            "caseload_of_consulent": mine.count(),
        },
    )


PAGES = [
    Page("caseload", "consulent", lambda c: "/clienten/", 100),
    Page("caseload_all_in_scope", "consulent", lambda c: "/clienten/?q=&mine=", 100),
    Page("search_bsn", "consulent", lambda c: f"/clienten/?q={c.bsn}", 100),
    Page("search_name_prefix", "consulent", lambda c: f"/clienten/?q={c.name_prefix}", 100),
    Page("client_detail", "consulent", lambda c: f"/clienten/{c.client_id}/", 100),
    Page("caseload_category_1c", "consulent", lambda c: "/clienten/?mine=on&categorie=1C", 100),
    Page(
        "caseload_unit_participatie",
        "consulent",
        lambda c: "/clienten/?mine=on&eenheid=participatie",
        100,
    ),
    Page("distribution_today", "manager", lambda c: "/categorisatie/verdeling/", 1000),
    Page(
        "distribution_2025_06_30",
        "manager",
        lambda c: "/categorisatie/verdeling/?datum=2025-06-30",
        1000,
    ),
    Page("my_trajectories", "consulent", lambda c: "/trajecten/", 100),
    Page(
        "provider_trajectories", "manager", lambda c: f"/trajecten/aanbieders/{c.provider_id}/", 100
    ),
    Page(
        "provider_trajectories_page_50",
        "manager",
        lambda c: f"/trajecten/aanbieders/{c.provider_id}/?pagina=50",
        100,
    ),
    Page("trajectory_capacity", "manager", lambda c: "/trajecten/capaciteit/", 500),
    Page("report_dashboard", "manager", lambda c: f"/rapportages/{c.municipality_id}/", 500),
    Page("report_month", "manager", lambda c: f"/rapportages/{c.municipality_id}/{c.month}/", 500),
    Page("budget_year", "manager", lambda c: "/begroting/2026/", 500),
    Page("budget_realisation", "manager", lambda c: "/begroting/2026/realisatie/", 500),
    # Termijnbewaking: the consulent's Vandaag, and the managers' counts per consulent and kind
    # for the largest municipality (first page of consulenten) with a drill-down.
    Page("vandaag", "consulent", lambda c: "/vandaag/", 150),
    # Not in the issue: the caseload (100 ms) plus all kinds of Vandaag; 200 ms.
    Page("caseload_with_signal", "consulent", lambda c: "/clienten/?mine=on&signaal=alle", 200),
    Page(
        "signals_per_consulent",
        "manager",
        lambda c: f"/signalen/?gemeente={c.municipality_id}",
        1000,
    ),
    Page(
        "signals_per_consulent_page_100",
        "manager",
        lambda c: f"/signalen/?gemeente={c.municipality_id}&pagina=100",
        1000,
    ),
    Page(
        "signals_drilldown",
        "teamleider",
        lambda c: (
            f"/signalen/lijst/?gemeente={c.municipality_id}&consulent={c.consulent_id}"
            "&soort=herbeoordeling"
        ),
        150,
    ),
    # Issue 19: the teamleider's handover page (2 s is the bar), with a consulent's
    # clients to choose from, and the requests ter goedkeuring.
    Page("handover", "teamleider", lambda c: f"/overdracht/?gemeente={c.municipality_id}", 2000),
    Page(
        "handover_choose",
        "teamleider",
        lambda c: f"/overdracht/?gemeente={c.municipality_id}&van={c.consulent_id}",
        2000,
    ),
    Page("approvals_waiting", "teamleider", lambda c: "/goedkeuringen/", 500),
]
