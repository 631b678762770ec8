"""AVG art. 15: everything Opstap holds about one client, as one file.

The models are found by walking the model graph, not listed by hand: every model that refers to
the client (directly or through other models, such as a plan's goals) is in the export, so a new
model cannot be forgotten (clients/tests/test_avg.py checks the walk)."""

from __future__ import annotations

import io
import json
import zipfile
from collections import deque
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.core import serializers
from django.db import models
from django.utils import timezone

from clients.models import Client


def client_paths() -> dict[type[models.Model], str]:
    """Each model that holds client data, with its shortest lookup to the client ("" for the
    client itself): {Client: "", BenefitPeriod: "client", Goal: "plan__client", ...}."""
    paths: dict[type[models.Model], str] = {Client: ""}
    queue = deque([Client])
    while queue:
        target = queue.popleft()
        for model in apps.get_models():
            if model in paths:
                continue
            for field in model._meta.get_fields():
                if (
                    isinstance(field, models.ForeignKey | models.OneToOneField)
                    and field.related_model is target
                ):
                    through = paths[target]
                    paths[model] = f"{field.name}__{through}" if through else field.name
                    queue.append(model)
                    break
    return paths


def _default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def client_export(client: Client) -> dict:
    """The client's rows in every model that holds client data, by model label."""
    sections = {}
    for model, path in sorted(client_paths().items(), key=lambda item: item[0]._meta.label):
        rows = model._base_manager.filter(**({path: client} if path else {"pk": client.pk}))
        sections[model._meta.label] = {
            "omschrijving": str(model._meta.verbose_name_plural),
            "rijen": [
                {"id": row["pk"], **row["fields"]}
                for row in serializers.serialize("python", rows.order_by("pk"))
            ],
        }
    return {
        "cliëntnummer": client.pk,
        "aangemaakt_op": timezone.now().isoformat(),
        "toelichting": (
            "Alle gegevens die Opstap over deze persoon bevat (AVG art. 15), per soort gegeven, "
            "met het toegangslog: wie de gegevens wanneer heeft ingezien of gewijzigd."
        ),
        "gegevens": sections,
    }


def client_export_json(client: Client) -> bytes:
    return json.dumps(
        client_export(client), default=_default, ensure_ascii=False, indent=2
    ).encode()


def client_files(client: Client) -> list[tuple[str, models.fields.files.FieldFile]]:
    """Every stored file of the client (documents on the file, letters), found like the rows:
    each file field of each model that holds client data, as (name in the ZIP, file)."""
    files = []
    for model, path in sorted(client_paths().items(), key=lambda item: item[0]._meta.label):
        fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not fields:
            continue
        rows = model._base_manager.filter(**({path: client} if path else {"pk": client.pk}))
        for row in rows.order_by("pk"):
            for field in fields:
                stored = getattr(row, field.name)
                if stored:
                    original = getattr(row, "original_name", "") or stored.name.rsplit("/", 1)[-1]
                    safe = original.replace("/", "_").replace("\\", "_")
                    files.append((f"{model._meta.label}/{row.pk}-{safe}", stored))
    return files


def client_export_zip(client: Client) -> bytes:
    """The export as a ZIP: gegevens.json (as client_export_json) and every stored file, under
    bestanden/<model>/<id>-<name>; the JSON rows name the same ids."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("gegevens.json", client_export_json(client))
        for name, stored in client_files(client):
            with stored.open("rb") as source:
                archive.writestr(f"bestanden/{name}", source.read())
    return buffer.getvalue()
