"""Camps moved to their own app (camps/migrations/0001_initial.py): contributors' state
drops Cohort and Enrollment, and Mentorship.cohort points at camps.Cohort, the same table.
State only: no table, row or constraint changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('camps', '0001_initial'),
        ('contributors', '0011_identities_move_to_projects'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='mentorship',
                    name='cohort',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='mentorships', to='camps.cohort', verbose_name='camp'),
                ),
                migrations.RemoveConstraint(
                    model_name='cohort',
                    name='cohort_ends_after_start',
                ),
                migrations.RemoveConstraint(
                    model_name='enrollment',
                    name='enrollment_unique_per_cohort',
                ),
                migrations.DeleteModel(
                    name='Enrollment',
                ),
                migrations.DeleteModel(
                    name='Cohort',
                ),
            ],
            database_operations=[],
        ),
    ]
