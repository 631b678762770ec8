"""Every trajectory type of DOMAIN §4 with its rules from 1 January 2015 (the Participatiewet),
and the usual providers. The numbers are defaults a beheerder can change or supersede with a
rule that has a later valid-from date; an empty maximum means no maximum."""

from datetime import date
from decimal import Decimal

from django.db import migrations

VALID_FROM = date(2015, 1, 1)
WORK, SOCIAL = "werk", "sociale_participatie"

# code, name, direction, max months, extension months, extensions, min age, max age,
# allowed category codes, premium, premium interval, yearly capacity, evaluation months
TYPES = [
    ("participatiebaan", "Participatiebaan (art. 10a)", WORK, 24, 12, 2, 27, None, [], Decimal("600.00"), 6, 500, 9),
    ("leerwerkplek", "Leerwerkplek", WORK, 12, 12, 1, None, 27, [], None, None, None, 6),
    ("taaltraject", "Taaltraject (taaleis, art. 18b)", WORK, 12, 6, 1, None, None, [], None, None, None, 6),
    ("bbz_voorbereidingsjaar", "Bbz voorbereidingsjaar", WORK, 12, 0, 0, None, None, [], None, None, None, 6),
    ("proefplaatsing", "Proefplaatsing (art. 10d)", WORK, 3, 0, 0, None, None, [], None, None, None, None),
    ("loonkostensubsidie", "Loonkostensubsidie (art. 10c)", WORK, None, 0, 0, None, None, [], None, None, None, 12),
    ("jobcoach", "Jobcoach", WORK, None, 0, 0, None, None, [], None, None, None, 6),
    ("scholing", "(Om)scholing", WORK, None, 0, 0, None, None, [], None, None, None, 6),
    ("sollicitatietraining", "Sollicitatietraining en empowerment", WORK, None, 0, 0, None, None, [], None, None, None, None),
    ("map", "Module Arbeidsmarkt en Participatie (MAP)", WORK, None, 0, 0, None, None, [], None, None, None, None),
    ("beschut_werk", "Beschut werk", WORK, None, 0, 0, None, None, ["2B"], None, None, None, 12),
    ("vrijwilligerswerk", "Vrijwilligerswerk of tegenprestatie", SOCIAL, None, 0, 0, None, None, [], None, None, None, 6),
    ("sociale_activering", "Sociale activering", SOCIAL, None, 0, 0, None, None, [], None, None, None, 6),
    ("digivaardigheid", "Digivaardigheid", SOCIAL, None, 0, 0, None, None, [], None, None, None, None),
    ("duaal_traject", "Duaal traject (inburgering en werk)", WORK, None, 0, 0, None, None, [], None, None, None, 6),
]  # fmt: skip

PROVIDERS = [
    ("Eigen werkcoaches", "intern"),
    ("Leerwerkmakelaar", "intern"),
    ("Re-integratiebedrijf", "extern"),
    ("Provalu", "extern"),
    ("NLTraining", "extern"),
]


def seed(apps, schema_editor):
    TrajectoryType = apps.get_model("trajectories", "TrajectoryType")
    TrajectoryRule = apps.get_model("trajectories", "TrajectoryRule")
    Provider = apps.get_model("trajectories", "Provider")
    Category = apps.get_model("categorisation", "Category")
    for order, row in enumerate(TYPES):
        (code, name, direction, maximum, ext_months, extensions, min_age, max_age, codes) = row[:9]
        premium, interval, capacity, evaluation = row[9:]
        kind, _ = TrajectoryType.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
        rule, _ = TrajectoryRule.objects.update_or_create(
            type=kind,
            valid_from=VALID_FROM,
            defaults={
                "direction": direction,
                "max_duration_months": maximum,
                "extension_months": ext_months,
                "max_extensions": extensions,
                "min_age": min_age,
                "max_age": max_age,
                "premium_amount": premium,
                "premium_interval_months": interval,
                "yearly_capacity": capacity,
                "evaluation_months": evaluation,
            },
        )
        rule.allowed_categories.set(
            Category.objects.filter(organisation__isnull=True, code__in=codes)
        )
    for name, kind in PROVIDERS:
        Provider.objects.update_or_create(name=name, defaults={"kind": kind})


def unseed(apps, schema_editor):
    apps.get_model("trajectories", "TrajectoryType").objects.filter(
        code__in=[row[0] for row in TYPES]
    ).delete()
    apps.get_model("trajectories", "Provider").objects.filter(
        name__in=[name for name, _ in PROVIDERS], trajectories__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("trajectories", "0001_initial"),
        ("categorisation", "0002_default_scheme"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
