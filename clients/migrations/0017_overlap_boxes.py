# Issue 22: the overlap constraints as boxes (core.ranges.DayBox), the same rule at half the cost
# of every row written. Rebuilding the index holds the table until it is done: at the 1M demo,
# docs/performance.md gives the time. Run it outside office hours.

import django.contrib.postgres.constraints
from django.conf import settings
from django.db import migrations, models

import core.ranges


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0016_client_exact_name_idx"),
        ("organisations", "0005_vervanging"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="benefitperiod",
            name="benefit_no_overlap",
        ),
        migrations.RemoveConstraint(
            model_name="ontheffing",
            name="ontheffing_no_overlap",
        ),
        migrations.AddConstraint(
            model_name="benefitperiod",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                expressions=[
                    (core.ranges.DayBox("client", "start", "end", end_inclusive=True), "&&")
                ],
                name="benefit_no_overlap",
                violation_error_message="Deze periode overlapt met een andere uitkering van deze cliënt.",
            ),
        ),
        migrations.AddConstraint(
            model_name="ontheffing",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                condition=models.Q(("withdrawn_at__isnull", True)),
                expressions=[
                    (core.ranges.DayBox("client", "start", "end", end_inclusive=True), "&&")
                ],
                name="ontheffing_no_overlap",
                violation_error_message="Deze periode overlapt met een andere ontheffing van deze cliënt.",
            ),
        ),
    ]
