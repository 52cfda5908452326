"""The ledger's camp is camps.Cohort now (camps/migrations/0001_initial.py): the same table,
so only Django's state changes; the foreign key and its rows stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('camps', '0001_initial'),
        ('community', '0004_identities_from_contributors'),
    ]
    # Before contributors drops its Cohort from the state, which nothing may point at then.
    run_before = [
        ('contributors', '0012_cohorts_move_to_camps'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='expense',
                    name='camp',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='expenses', to='camps.cohort', verbose_name='camp'),
                ),
            ],
            database_operations=[],
        ),
    ]
