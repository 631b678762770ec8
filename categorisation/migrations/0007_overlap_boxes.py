# Issue 22: the overlap constraints as boxes (core.ranges.DayBox), the same rule at half the cost
# of every row written. Rebuilding the index holds the table until it is done: at the 1M demo,
# docs/performance.md gives the time. Run it outside office hours.

import django.contrib.postgres.constraints
from django.conf import settings
from django.db import migrations, models

import core.ranges


class Migration(migrations.Migration):
    dependencies = [
        ("categorisation", "0006_withdrawn_entries"),
        ("clients", "0016_client_exact_name_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="assessment",
            name="assessment_no_overlap",
        ),
        migrations.RemoveConstraint(
            model_name="ladderstep",
            name="ladder_no_overlap",
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                condition=models.Q(("withdrawn_at__isnull", True)),
                expressions=[
                    (core.ranges.DayBox("client", "date", "valid_until", end_inclusive=False), "&&")
                ],
                name="assessment_no_overlap",
                violation_error_message="Deze beoordeling overlapt met een andere beoordeling van deze cliënt.",
            ),
        ),
        migrations.AddConstraint(
            model_name="ladderstep",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                condition=models.Q(("withdrawn_at__isnull", True)),
                expressions=[
                    (core.ranges.DayBox("client", "date", "valid_until", end_inclusive=False), "&&")
                ],
                name="ladder_no_overlap",
                violation_error_message="Deze trede overlapt met een andere trede van deze cliënt.",
            ),
        ),
    ]
