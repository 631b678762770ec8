"""CBS reden-beëindiging codes (Bijstandsuitkeringenstatistiek) with their report groups."""

from django.db import migrations

END_REASONS = [
    ("01", "Start studie", "studie"),
    ("02", "Samenwonen of huwelijk", "relatie"),
    ("03", "Bereiken AOW-leeftijd", "andere_uitkering"),
    ("04", "Overlijden", "overig"),
    ("11", "Werk in loondienst", "werk"),
    ("13", "Zelfstandig beroep of bedrijf", "werk"),
    ("14", "WW-uitkering", "andere_uitkering"),
    ("15", "Arbeidsongeschiktheidsuitkering", "andere_uitkering"),
    ("17", "Alimentatie", "overig"),
    ("18", "Vermogen", "overig"),
    ("19", "Ander inkomen", "overig"),
    ("20", "Aanvaarding werk-leeraanbod", "werk"),
    ("21", "Kunstenaarsinkomen", "werk"),
    ("22", "Kunstenaarsinkomen (overig)", "werk"),
    ("31", "Geen inlichtingen verstrekt", "overig"),
    ("32", "Verhuizing naar andere gemeente", "verhuizing"),
    ("33", "Verhuizing naar buitenland", "verhuizing"),
    ("97", "Oorzaak bij partner", "overig"),
    ("98", "Overige oorzaak", "overig"),
]


def seed(apps, schema_editor):
    EndReason = apps.get_model("clients", "EndReason")
    for code, description, group in END_REASONS:
        EndReason.objects.update_or_create(
            code=code, defaults={"description": description, "group": group}
        )


def unseed(apps, schema_editor):
    apps.get_model("clients", "EndReason").objects.filter(
        code__in=[code for code, _, _ in END_REASONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
