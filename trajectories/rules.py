"""The rules a trajectory must meet, as checks that refuse with a Dutch message naming the
rule: a regulation on the day, the duration, who may take part, one running per type."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from categorisation.models import Assessment
from clients.models import Client
from trajectories.models import (
    Status,
    Trajectory,
    TrajectoryRule,
    TrajectoryType,
)


def day_text(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def rule_for(kind: TrajectoryType, day: date) -> TrajectoryRule:
    rule = kind.rule_on(day)
    if rule is None:
        raise ValidationError(
            _("Voor %(type)s geldt op %(day)s nog geen regeling.")
            % {"type": kind, "day": day_text(day)}
        )
    return rule


def check_duration(
    rule: TrajectoryRule, start: date, end: date, extensions: int, field: str
) -> None:
    latest = rule.latest_end(start, extensions)
    if latest is None or end <= latest:
        return
    message = _(
        "%(type)s duurt hoogstens %(months)s maanden: vanaf %(start)s uiterlijk tot en met "
        "%(latest)s."
    ) % {
        "type": rule.type,
        "months": rule.max_months(extensions),
        "start": day_text(start),
        "latest": day_text(latest),
    }
    if extensions < rule.max_extensions:
        message += " " + _("Verlengen kan nog %(left)s keer met %(months)s maanden.") % {
            "left": rule.max_extensions - extensions,
            "months": rule.extension_months,
        }
    raise ValidationError({field: message})


def check_eligibility(client: Client, rule: TrajectoryRule, day: date, field: str) -> None:
    """Age and category on `day`, by the rule in force on that day."""
    age = client.age_on(day)
    if not rule.age_allowed(age):
        if rule.min_age is not None and age < rule.min_age:
            message = _(
                "%(type)s is niet mogelijk voor cliënten jonger dan %(min)s jaar; de cliënt is "
                "op %(day)s %(age)s jaar."
            )
        else:
            message = _(
                "%(type)s is alleen mogelijk voor cliënten jonger dan %(max)s jaar; de cliënt is "
                "op %(day)s %(age)s jaar."
            )
        raise ValidationError(
            {
                field: message
                % {
                    "type": rule.type,
                    "min": rule.min_age,
                    "max": rule.max_age,
                    "day": day_text(day),
                    "age": age,
                }
            }
        )
    allowed = sorted(category.code for category in rule.allowed_categories.all())
    if not allowed:
        return
    current = (
        Assessment.objects.on(day)
        .filter(client=client)
        .values_list("category__code", flat=True)
        .first()
    )
    if current not in allowed:
        raise ValidationError(
            {
                field: _(
                    "%(type)s is alleen mogelijk bij categorie %(allowed)s; de cliënt heeft op "
                    "%(day)s %(current)s."
                )
                % {
                    "type": rule.type,
                    "allowed": ", ".join(allowed),
                    "day": day_text(day),
                    "current": _("categorie %(code)s") % {"code": current}
                    if current
                    else _("geen categorie"),
                }
            }
        )


def check_not_running(client: Client, kind: TrajectoryType, exclude_pk: int | None) -> None:
    running = Trajectory.objects.filter(client=client, type=kind, status=Status.RUNNING)
    other = running.exclude(pk=exclude_pk).first()
    if other:
        raise ValidationError(
            _("De cliënt heeft al een lopend traject %(type)s sinds %(start)s. Beëindig dat eerst.")
            % {"type": kind, "start": day_text(other.actual_start)}
        )


def check_not_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(
            {field: _("%(what)s kan niet in de toekomst liggen.") % {"what": what}}
        )
