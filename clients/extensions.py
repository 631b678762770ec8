"""Hooks through which later apps add to the client screens, so that `clients` never imports
them: a section on the client file, a filter and a column on the caseload. Apps register in
their AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest


@dataclass(frozen=True)
class FileSection:
    """A block on the client file: `template` is rendered with `section` = context(request, client)."""

    template: str
    context: Callable[[HttpRequest, object], dict]
    order: int = 100


@dataclass(frozen=True)
class CaseloadFilter:
    """A filter field on the caseload; `apply(queryset, value, today)` narrows the clients."""

    name: str
    field: Callable[[object], forms.Field]  # called with the user
    apply: Callable[[QuerySet, object, date], QuerySet]


@dataclass(frozen=True)
class CaseloadColumn:
    """A column on the caseload; `annotate(queryset, today)` adds the attribute `attr`."""

    label: str
    attr: str
    annotate: Callable[[QuerySet, date], QuerySet]


file_sections: list[FileSection] = []
caseload_filters: list[CaseloadFilter] = []
caseload_columns: list[CaseloadColumn] = []


@dataclass(frozen=True)
class BenefitEndStep:
    """Something to do in the same step (and transaction) as ending a benefit period.

    `field(client)` returns a form field to offer, or None when there is nothing to offer;
    `apply(client=, end=, reason=, value=, by=)` does it and returns a message for the user."""

    name: str
    field: Callable[[object], forms.Field | None]
    apply: Callable[..., str]


benefit_end_steps: list[BenefitEndStep] = []
