# Issue 22: the overlap constraints as boxes (core.ranges.DayBox), the same rule at half the cost
# of every row written. Rebuilding the index holds the table until it is done: at the 1M demo,
# docs/performance.md gives the time. Run it outside office hours.

import django.contrib.postgres.constraints
from django.conf import settings
from django.db import migrations

import core.ranges


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0017_overlap_boxes"),
        ("contacts", "0001_contact_details"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="contactdetails",
            name="contactdetails_no_overlap",
        ),
        migrations.AddConstraint(
            model_name="contactdetails",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                expressions=[
                    (
                        core.ranges.DayBox(
                            "client", "valid_from", "valid_until", end_inclusive=False
                        ),
                        "&&",
                    )
                ],
                name="contactdetails_no_overlap",
                violation_error_message="Deze contactgegevens overlappen met andere van deze cliënt.",
            ),
        ),
    ]
