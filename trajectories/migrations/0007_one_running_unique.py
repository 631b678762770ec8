# Issue 22: one running trajectory per type as a partial unique index instead of a GiST
# exclusion constraint with two "=": the same rule, cheaper for every trajectory written.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0002_constraint_messages"),
        ("clients", "0017_overlap_boxes"),
        ("organisations", "0005_vervanging"),
        ("trajectories", "0006_constraint_messages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="trajectory",
            name="trajectory_one_running_per_type",
        ),
        migrations.AddConstraint(
            model_name="trajectory",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "lopend")),
                fields=("client", "type"),
                name="trajectory_one_running_per_type",
                violation_error_message="Deze cliënt heeft al een lopend traject van deze soort.",
            ),
        ),
    ]
