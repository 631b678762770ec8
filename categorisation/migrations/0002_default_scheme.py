"""The default scheme 1A–3B (DOMAIN §3, policy plan table 3) and its two units."""

from django.db import migrations

UNITS = [("re_integratie", "Re-integratie", 6), ("participatie", "Participatie", 12)]
# code, name, unit, months_above, months_up_to, requires_ontheffing, requires_indication
CATEGORIES = [
    ("1A", "Direct bemiddelbaar", "re_integratie", None, 3, False, False),
    ("1B", "Bemiddelbaar binnen een jaar", "re_integratie", 3, 12, False, False),
    ("1C", "Meervoudige problematiek, extra ondersteuning", "re_integratie", 12, 24, False, False),
    ("2A", "Begeleiding door participatieconsulenten", "participatie", 24, 48, False, False),
    ("2B", "Via Banenafspraak en Beschut werk", "participatie", 24, 48, False, True),
    ("3A", "Vrijwilligerswerk of andere tegenprestatie", "participatie", 48, None, False, False),
    (
        "3B",
        "Maatwerk, passieve dienstverlening met ontheffing",
        "participatie",
        48,
        None,
        True,
        False,
    ),
]


def seed(apps, schema_editor):
    Unit = apps.get_model("categorisation", "Unit")
    Category = apps.get_model("categorisation", "Category")
    units = {}
    for code, name, months in UNITS:
        units[code], _ = Unit.objects.update_or_create(
            code=code, defaults={"name": name, "reassessment_months": months}
        )
    for order, (code, name, unit, above, up_to, ontheffing, indication) in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            organisation=None,
            code=code,
            defaults={
                "name": name,
                "unit": units[unit],
                "months_above": above,
                "months_up_to": up_to,
                "requires_ontheffing": ontheffing,
                "requires_indication": indication,
                "sort_order": order,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("categorisation", "Category").objects.filter(organisation=None).delete()
    apps.get_model("categorisation", "Unit").objects.filter(code__in=[u[0] for u in UNITS]).delete()


class Migration(migrations.Migration):
    dependencies = [("categorisation", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
