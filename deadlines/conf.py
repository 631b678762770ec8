"""The periods of the signals that are settings (see config/settings.py and the README), read
when asked so that tests can change them. Periods that are rules stored as data (a unit's
re-assessment interval, a trajectory rule's evaluation, premium interval and maximum duration)
are not here: the queries read them from their tables."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Periods:
    lookahead_days: int
    contact_months: tuple[tuple[str, int], ...]  # (unit code, months)
    trajectory_end_days: int
    training_months: int
    training_after_types: tuple[str, ...]
    training_types: tuple[str, ...]
    taaleis_test_weeks: int
    taaleis_notice_weeks: int
    ontheffing_end_days: int
    art9a_review_months: int
    youth_search_weeks: int
    youth_decision_weeks: int
    no_show_days: int = 3


def periods() -> Periods:
    return Periods(
        lookahead_days=settings.OPSTAP_SIGNAL_LOOKAHEAD_DAYS,
        contact_months=tuple(sorted(settings.OPSTAP_SIGNAL_CONTACT_MONTHS.items())),
        trajectory_end_days=settings.OPSTAP_SIGNAL_TRAJECTORY_END_DAYS,
        training_months=settings.OPSTAP_SIGNAL_TRAINING_MONTHS,
        training_after_types=tuple(settings.OPSTAP_SIGNAL_TRAINING_AFTER_TYPES),
        training_types=tuple(settings.OPSTAP_SIGNAL_TRAINING_TYPES),
        taaleis_test_weeks=settings.OPSTAP_SIGNAL_TAALEIS_TEST_WEEKS,
        taaleis_notice_weeks=settings.OPSTAP_SIGNAL_TAALEIS_NOTICE_WEEKS,
        ontheffing_end_days=settings.OPSTAP_SIGNAL_ONTHEFFING_END_DAYS,
        art9a_review_months=settings.OPSTAP_SIGNAL_ART9A_REVIEW_MONTHS,
        youth_search_weeks=settings.OPSTAP_SIGNAL_YOUTH_SEARCH_WEEKS,
        youth_decision_weeks=settings.OPSTAP_SIGNAL_YOUTH_DECISION_WEEKS,
        no_show_days=settings.OPSTAP_SIGNAL_NO_SHOW_DAYS,
    )
