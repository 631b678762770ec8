from django.db import migrations

from letters.seed import VALID_FROM, seed_templates

CODE = "besluit-maatregel"


def seed(apps, schema_editor):
    """The maatregel's decision letter (issue 19) for the organisations there are; new ones get
    it with the others from letters.seed.seed_templates."""
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for organisation in apps.get_model("organisations", "Organisation").objects.all():
        seed_templates(LetterTemplate, organisation.pk, codes=[CODE])


def unseed(apps, schema_editor):
    """Back: the seeded template goes, unless letters were made from it (they keep it)."""
    used = apps.get_model("letters", "Letter").objects.values("template_id")
    apps.get_model("letters", "LetterTemplate").objects.filter(
        code=CODE, valid_from=VALID_FROM
    ).exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0002_seed_templates")]

    operations = [migrations.RunPython(seed, unseed)]
