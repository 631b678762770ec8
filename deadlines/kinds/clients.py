"""Signals about the client's own file: categorisation, plan, contact, taaleis, ontheffingen and
the search period of jongeren. Only clients with a running benefit period have them."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from categorisation.models import Assessment
from clients.models import (
    BenefitPeriod,
    ContactKind,
    ContactNote,
    Ontheffing,
    OntheffingReason,
    TaaleisStatus,
)
from deadlines.conf import Periods
from deadlines.expressions import AddDays, AddMonths
from deadlines.kinds.base import (
    PERSONAL_CONTACT,
    benefit_start,
    emit,
    fmt,
    last_personal_contact,
)
from deadlines.registry import Scope, Signal, SignalKind, register
from plans.models import Action, Plan
from plans.services import PASSIVE_CATEGORIES, PLAN_UNITS, clients_without_current_plan


def _file(signal: Signal) -> str:
    return reverse("clients:client_detail", args=[signal.client_id])


def _note(signal: Signal) -> str:
    return reverse("clients:contactnote_create", args=[signal.client_id])


# Re-assessment: the unit's interval (Unit.reassessment_months) after the assessment in force.
def reassessment_rows(scope: Scope, today: date, until: date, periods: Periods):
    rows = (
        Assessment.objects.on(today)
        .filter(client_id__in=scope.active_ids)
        .annotate(s_due=AddMonths(F("date"), F("category__unit__reassessment_months")))
        .filter(s_due__lte=until)
    )
    return emit(
        rows,
        client=F("client_id"),
        info=F("category__code"),
        day=F("date"),
        number=F("category__unit__reassessment_months"),
    )


register(
    SignalKind(
        code="herbeoordeling",
        label=_lazy("Herbeoordeling"),
        action=_lazy("Beoordelen"),
        rows=reassessment_rows,
        url=lambda s: reverse("categorisation:assessment_create", args=[s.client_id]),
        describe=lambda s: (
            _("Categorie %(code)s sinds %(day)s; opnieuw beoordelen na %(months)s maanden.")
            % {"code": s.info, "day": fmt(s.date), "months": s.number}
        ),
    )
)


# No plan van aanpak in force while the client's category demands one: due since the later of
# the running benefit's start and the client's first assessment that demanded a plan.
def missing_plan_rows(scope: Scope, today: date, until: date, periods: Periods):
    demanding = (
        Assessment.objects.filter(client=OuterRef("pk"), category__unit__code__in=PLAN_UNITS)
        .exclude(category__code__in=PASSIVE_CATEGORIES)
        .order_by("date")
    )
    current = Assessment.objects.on(today).filter(client=OuterRef("pk"))
    rows = clients_without_current_plan(scope.active, today).annotate(
        s_due=Greatest(Subquery(demanding.values("date")[:1]), benefit_start(today)),
    )
    return emit(rows, client=F("pk"), info=Subquery(current.values("category__code")[:1]))


register(
    SignalKind(
        code="plan",
        label=_lazy("Geen actueel plan van aanpak"),
        action=_lazy("Plan opstellen"),
        rows=missing_plan_rows,
        url=lambda s: reverse("plans:plan_list", args=[s.client_id]),
        describe=lambda s: (
            _("Categorie %(code)s vraagt een vastgesteld plan van aanpak.") % {"code": s.info}
        ),
    )
)


# An open action of the plan in force, due (or past) its date.
def plan_action_rows(scope: Scope, today: date, until: date, periods: Periods):
    current = (
        Plan.objects.established()
        .filter(client=OuterRef("plan__client"), valid_from__lte=today)
        .order_by("-valid_from", "-version")
        .values("pk")[:1]
    )
    rows = (
        Action.objects.filter(
            done_on__isnull=True,
            due_date__lte=until,
            plan__client_id__in=scope.active_ids,
        )
        .filter(plan=Subquery(current))
        .annotate(s_due=F("due_date"))
    )
    return emit(rows, client=F("plan__client_id"), obj=F("plan_id"), info=F("description"))


register(
    SignalKind(
        code="actie",
        label=_lazy("Actie uit het plan van aanpak"),
        action=_lazy("Actie afvinken"),
        rows=plan_action_rows,
        url=lambda s: reverse("plans:plan_detail", args=[s.object_id]),
        describe=lambda s: s.info,
    )
)


# Personal contact at least every N months, N per unit (a setting); counted from the last
# personal contact, or from the start of the running benefit when that is later.
def contact_rows(scope: Scope, today: date, until: date, periods: Periods):
    norms = periods.contact_months
    if not norms:
        return None
    last = last_personal_contact(OuterRef("client"), today)
    running = BenefitPeriod.objects.filter(client=OuterRef("client")).running_on(today)
    norm = Case(
        *(When(category__unit__code=code, then=Value(months)) for code, months in norms),
        output_field=IntegerField(),
    )
    rows = (
        Assessment.objects.on(today)
        .filter(client_id__in=scope.active_ids, category__unit__code__in=[c for c, _m in norms])
        .annotate(s_last=last)
        .annotate(
            s_due=AddMonths(Greatest(F("s_last"), Subquery(running.values("start")[:1])), norm)
        )
    )
    return emit(rows, client=F("client_id"), day=F("s_last"), number=norm)


def _describe_contact(signal: Signal) -> str:
    if signal.date:
        return _("Laatste persoonlijk contact %(day)s; norm: elke %(months)s maanden.") % {
            "day": fmt(signal.date),
            "months": signal.number,
        }
    return _("Nog geen persoonlijk contact vastgelegd; norm: elke %(months)s maanden.") % {
        "months": signal.number
    }


register(
    SignalKind(
        code="contact",
        label=_lazy("Contact volgens de norm"),
        action=_lazy("Contact vastleggen"),
        rows=contact_rows,
        url=_note,
        describe=_describe_contact,
    )
)


# Taaleis (art. 18b): the taaltoets within N weeks of the application (the start of the running
# benefit), while the taaleis is not yet assessed or the test only planned.
def taaleis_test_rows(scope: Scope, today: date, until: date, periods: Periods):
    weeks = periods.taaleis_test_weeks
    rows = (
        BenefitPeriod.objects.running_on(today)
        .filter(
            client_id__in=scope.active_ids,
            client__taaleis_status__in=[TaaleisStatus.NOT_ASSESSED, TaaleisStatus.TEST_PLANNED],
            start__lte=until - timedelta(weeks=weeks),
        )
        .annotate(s_due=AddDays(F("start"), Value(7 * weeks)))
    )
    return emit(rows, client=F("client_id"), info=F("client__taaleis_status"), day=F("start"))


register(
    SignalKind(
        code="taaltoets",
        label=_lazy("Taaltoets (taaleis)"),
        action=_lazy("Taaleis vastleggen"),
        rows=taaleis_test_rows,
        url=lambda s: reverse("clients:client_update", args=[s.client_id]),
        describe=lambda s: (
            _("Aanvraag %(day)s; taaleis: %(status)s.")
            % {"day": fmt(s.date), "status": str(TaaleisStatus(s.info).label).lower()}
        ),
    )
)


# Taaleis: the written notice within N weeks after a failed test. A letter recorded as contact
# on or after the test, or a new taaleis status, resolves it.
def taaleis_notice_rows(scope: Scope, today: date, until: date, periods: Periods):
    letter = ContactNote.objects.filter(
        client=OuterRef("pk"), kind=ContactKind.LETTER, date__gte=OuterRef("taaleis_test_date")
    )
    rows = (
        scope.active.filter(
            taaleis_status=TaaleisStatus.NOT_MET,
            taaleis_test_date__isnull=False,
            taaleis_test_date__lte=today,
        )
        .exclude(Exists(letter))
        .annotate(s_due=AddDays(F("taaleis_test_date"), Value(7 * periods.taaleis_notice_weeks)))
        .filter(s_due__lte=until)
    )
    return emit(rows, client=F("pk"), day=F("taaleis_test_date"))


register(
    SignalKind(
        code="taaleis_mededeling",
        label=_lazy("Mededeling na niet behaalde taaltoets"),
        action=_lazy("Brief vastleggen"),
        rows=taaleis_notice_rows,
        url=_note,
        describe=lambda s: (
            _("Taaltoets niet behaald op %(day)s; schriftelijke mededeling sturen.")
            % {"day": fmt(s.date)}
        ),
    )
)


# An ontheffing that ends within N days. Resolved by an ontheffing that follows on the next
# day, or by a new assessment in those N days (the client's category after the ontheffing).
def ontheffing_end_rows(scope: Scope, today: date, until: date, periods: Periods):
    days = periods.ontheffing_end_days
    follows = Ontheffing.objects.filter(
        client=OuterRef("client"), start=AddDays(OuterRef("end"), Value(1))
    )
    reassessed = Assessment.objects.filter(
        client=OuterRef("client"), date__gte=AddDays(OuterRef("end"), Value(-days))
    )
    rows = (
        Ontheffing.objects.running_on(today)
        .filter(end__isnull=False, end__lte=until)
        .filter(client_id__in=scope.active_ids)
        .exclude(Exists(follows))
        .exclude(Exists(reassessed))
        .annotate(s_due=F("end"))
    )
    return emit(rows, client=F("client_id"), obj=F("pk"), info=F("reason"), day=F("start"))


register(
    SignalKind(
        code="ontheffing_einde",
        label=_lazy("Ontheffing loopt af"),
        action=_lazy("Ontheffing of beoordeling"),
        rows=ontheffing_end_rows,
        url=lambda s: _file(s) + "#h-ontheffing",
        describe=lambda s: (
            _("%(reason)s, sinds %(day)s.")
            % {"reason": OntheffingReason(s.info).label, "day": fmt(s.date)}
        ),
        lead=lambda periods: periods.ontheffing_end_days,
    )
)


# Art. 9a: review every N months while the ontheffing runs, counted from its start or from the
# last personal contact since.
def art9a_review_rows(scope: Scope, today: date, until: date, periods: Periods):
    last = ContactNote.objects.filter(
        client=OuterRef("client"),
        kind__in=PERSONAL_CONTACT,
        date__gte=OuterRef("start"),
        date__lte=today,
    ).order_by("-date")
    rows = (
        Ontheffing.objects.running_on(today)
        .filter(reason=OntheffingReason.SINGLE_PARENT)
        .filter(client_id__in=scope.active_ids)
        .annotate(s_last=Subquery(last.values("date")[:1]))
        .annotate(
            s_due=AddMonths(Greatest(F("s_last"), F("start")), Value(periods.art9a_review_months))
        )
        .filter(s_due__lte=until)
    )
    return emit(
        rows,
        client=F("client_id"),
        obj=F("pk"),
        day=F("s_last"),
        number=Value(periods.art9a_review_months),
    )


register(
    SignalKind(
        code="art9a",
        label=_lazy("Heroverweging ontheffing art. 9a"),
        action=_lazy("Gesprek vastleggen"),
        rows=art9a_review_rows,
        url=_note,
        describe=lambda s: (
            (
                _("Laatste gesprek %(day)s; heroverwegen elke %(months)s maanden.")
                if s.date
                else _("Nog geen gesprek sinds de ingang; heroverwegen elke %(months)s maanden.")
            )
            % {"day": fmt(s.date), "months": s.number}
        ),
    )
)


# Jongeren under 27 (on the application): the search period after the application ends. The
# conversation about the search, recorded as personal contact from `lead` days before the end,
# resolves it; once the application has been decided the signal lapses.
def youth_search_rows(scope: Scope, today: date, until: date, periods: Periods):
    weeks = periods.youth_search_weeks
    if not weeks:
        return None
    search = timedelta(weeks=weeks)
    talked = ContactNote.objects.filter(
        client=OuterRef("client"),
        kind__in=PERSONAL_CONTACT,
        date__gte=AddDays(OuterRef("start"), Value(search.days - periods.lookahead_days)),
    )
    lapsed = today - timedelta(weeks=periods.youth_decision_weeks)
    rows = (
        BenefitPeriod.objects.running_on(today)
        .filter(
            client_id__in=scope.active_ids,
            start__lte=until - search,
            start__gte=lapsed - search,
            client__date_of_birth__gt=AddMonths(F("start"), Value(-27 * 12)),
        )
        .exclude(Exists(talked))
        .annotate(s_due=AddDays(F("start"), Value(search.days)))
    )
    return emit(rows, client=F("client_id"), day=F("start"), number=Value(weeks))


register(
    SignalKind(
        code="zoektermijn",
        label=_lazy("Zoektermijn jongere"),
        action=_lazy("Gesprek vastleggen"),
        rows=youth_search_rows,
        url=_note,
        describe=lambda s: (
            _("Aanvraag %(day)s; zoektermijn van %(weeks)s weken.")
            % {"day": fmt(s.date), "weeks": s.number}
        ),
    )
)
