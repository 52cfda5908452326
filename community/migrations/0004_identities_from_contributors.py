"""Review months point at the identities' new home in projects (state only: same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_quarter_figures"),
        ("projects", "0010_identities_from_contributors"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="reviewmonth",
                    name="identity",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="review_months",
                        to="projects.identity",
                        verbose_name="unresolved identity",
                    ),
                ),
            ],
        ),
    ]
