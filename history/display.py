"""The change history in words: a field by its verbose name, a foreign key as the related row's
name, a choice as its label, ja/nee, dd-mm-jjjj and € 1.200,00 (issue 20).

The related rows are read in bulk, one query per related model for the whole history, and only
within the user's scope: a row of a municipality or organisation the user may not see is shown
as "niet beschikbaar", as is a row that no longer exists."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import day, money

Names = dict[type[models.Model], dict[object, str]]


def organisation_path(model: type[models.Model]) -> str | None:
    """The lookup from `model` to its organisation, at most one step away (a budget line's
    year), or None for a code table that every organisation shares."""
    fields = {field.name: field for field in model._meta.concrete_fields}
    if "organisation" in fields:
        return "organisation"
    for field in fields.values():
        if field.is_relation and any(
            f.name == "organisation" for f in field.related_model._meta.concrete_fields
        ):
            return f"{field.name}__organisation"
    return None


def visible(model: type[models.Model], user) -> models.QuerySet:
    """The rows of `model` that `user` may see named: scoped rows (for_user: the user's
    municipalities), else those of the user's organisation or shared by all (no organisation),
    else all rows of a shared code table."""
    manager = model._default_manager
    if hasattr(manager, "for_user"):
        return manager.for_user(user)
    path = organisation_path(model)
    if path is None:
        return manager.all()
    return manager.filter(Q(**{path: user.organisation_id}) | Q(**{f"{path}__isnull": True}))


def related_names(wanted: dict[type[models.Model], set], user) -> Names:
    """The display names of the wanted rows per model: one query per model, joining the
    non-null foreign keys that a row's name may use (a budget line names its year)."""
    names: Names = {}
    for model, ids in wanted.items():
        ids = {pk for pk in ids if pk is not None}
        rows = visible(model, user).select_related().in_bulk(ids) if ids else {}
        names[model] = {pk: str(row) for pk, row in rows.items()}
    return names


def wanted_rows(changes: Iterable[tuple[models.Field, object, object]]) -> dict:
    """The related rows that a list of (field, old, new) changes refers to, per model."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for field, old, new in changes:
        if field.is_relation:
            wanted[field.related_model].update((old, new))
    return wanted


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def display(field: models.Field, value: object, names: Names) -> str:
    """One value of `field` as a person reads it; "—" for nothing."""
    if value is None or value == "":
        return "—"
    if field.is_relation:
        return names.get(field.related_model, {}).get(value) or _("niet beschikbaar")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return day(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(field, models.DecimalField):
        if "percent" in field.name:
            return f"{_number(Decimal(value))}%"
        return money(value)
    return str(value)
