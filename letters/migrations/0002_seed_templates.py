from django.db import migrations

from letters.seed import TEMPLATES, VALID_FROM, seed_templates


def seed(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for organisation in apps.get_model("organisations", "Organisation").objects.all():
        seed_templates(LetterTemplate, organisation.pk)


def unseed(apps, schema_editor):
    apps.get_model("letters", "LetterTemplate").objects.filter(
        code__in=[code for code, *_rest in TEMPLATES], valid_from=VALID_FROM
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_letters"), ("organisations", "__first__")]

    operations = [migrations.RunPython(seed, unseed)]
