"""A client's change history: every insert, update and delete of the client's data, with what
changed, the newest first."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from clients import access
from clients.avg import client_paths
from clients.models import AccessAction
from clients.views.file import scoped_client
from history import display

LABELS = {
    "insert": gettext_lazy("aangemaakt"),
    "update": gettext_lazy("gewijzigd"),
    "delete": gettext_lazy("verwijderd"),
}
# Bookkeeping, and a decision's payload: the machine form (ids) of what its omschrijving says.
HIDDEN = {"version", "updated_at", "updated_by", "last_name_lower", "payload"}


def client_history(client, user) -> list[dict]:
    """Every change of the client's data, newest first, in words (history.display): one query
    per tracked model, and one per model that the changes refer to."""
    entries = []
    for model, path in client_paths().items():
        if model._meta.app_label != "history":
            continue
        tracked = model.pgh_tracked_model
        fields = [
            f
            for f in tracked._meta.concrete_fields
            if f.name not in HIDDEN and not f.primary_key and hasattr(model, f.attname)
        ]
        previous = {}
        events = (
            model._base_manager.filter(**{path: client})
            .select_related("pgh_context")
            .order_by("pgh_created_at", "pgh_id")
        )
        for event in events:
            changes = []
            before = previous.get(event.pgh_obj_id)
            for field in fields:
                value = getattr(event, field.attname)
                old = getattr(before, field.attname) if before is not None else None
                if _about_this_client(field, old, value, client):
                    continue
                if before is None and value in (None, ""):
                    continue  # a new row: only what it holds
                if before is None or old != value:
                    changes.append((field, old, value))
            previous[event.pgh_obj_id] = event
            entries.append(
                {
                    "at": event.pgh_created_at,
                    "seq": event.pgh_id,  # within one transaction, all share the time
                    "what": tracked._meta.verbose_name,
                    "label": LABELS.get(event.pgh_label, event.pgh_label),
                    "user": (event.pgh_context.metadata.get("user") if event.pgh_context else None),
                    "changes": changes if event.pgh_label != "delete" else [],
                }
            )
    entries.sort(key=lambda entry: (entry["at"], entry["seq"]), reverse=True)
    return _in_words(entries, user)


def _about_this_client(field, old, new, client) -> bool:
    """A row's own link to this client says nothing on this client's history."""
    return (
        field.is_relation
        and field.related_model is type(client)
        and new == client.pk
        and (old in (None, client.pk))
    )


def _in_words(entries: list[dict], user) -> list[dict]:
    """Values as a person reads them, and the names of the rows and users they refer to, read
    once per model within the user's scope."""
    wanted = display.wanted_rows(change for entry in entries for change in entry["changes"])
    User = get_user_model()
    wanted.setdefault(User, set()).update(entry["user"] for entry in entries)
    names = display.related_names(wanted, user)
    for entry in entries:
        entry["user"] = names[User].get(entry["user"])
        entry["changes"] = [
            (
                str(field.verbose_name),
                display.display(field, old, names),
                display.display(field, new, names),
            )
            for field, old, new in entry["changes"]
        ]
    return entries


@require_GET
def history_list(request, pk: int):
    client = scoped_client(request, pk)
    access.log_access(
        user=request.user,
        client=client,
        action=AccessAction.VIEW,
        detail=_("Wijzigingsgeschiedenis ingezien"),
    )
    return render(
        request,
        "history/client_history.html",
        {"client": client, "entries": client_history(client, request.user)[:500]},
    )
