from django.db import migrations

KINDS = [
    ("intake", "Intake", 10),
    ("voortgangsgesprek", "Voortgangsgesprek", 20),
    ("heronderzoek", "Heronderzoek", 30),
    ("huisbezoek", "Huisbezoek", 40),
    ("evaluatie", "Evaluatie traject", 50),
    ("plan_van_aanpak", "Gesprek plan van aanpak", 60),
    ("overig", "Overig", 90),
]


def seed(apps, schema_editor):
    kind = apps.get_model("agenda", "AppointmentKind")
    for code, name, order in KINDS:
        kind.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})


def unseed(apps, schema_editor):
    apps.get_model("agenda", "AppointmentKind").objects.filter(
        code__in=[code for code, _n, _o in KINDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("agenda", "0001_appointments")]
    operations = [migrations.RunPython(seed, unseed)]
