from django.db import migrations

KINDS = [
    ("brief", "Brief van de gemeente", 10),
    ("besluit", "Besluit", 20),
    ("plan-getekend", "Ondertekend plan van aanpak", 30),
    ("correspondentie", "Brief of bericht van de cliënt", 40),
    ("identiteit", "Identiteitsbewijs", 50),
    ("inkomen", "Inkomen (loonstrook, specificatie)", 60),
    ("rapportage", "Rapportage van een aanbieder", 70),
    ("overig", "Overig", 100),
]


def seed(apps, schema_editor):
    DocumentKind = apps.get_model("documents", "DocumentKind")
    for code, name, order in KINDS:
        DocumentKind.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("documents", "DocumentKind").objects.filter(
        code__in=[code for code, _name, _order in KINDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_documents")]

    operations = [migrations.RunPython(seed, unseed)]
