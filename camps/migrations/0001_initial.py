"""Camps move out of contributors: the models, not the tables.

Cohort and Enrollment were contributors' models. Their tables keep their names
(``contributors_cohort``, ``contributors_enrollment``, and the cohort's many-to-many tables
``contributors_cohort_projects``, ``_organizers`` and ``_mentors``, named after its table),
so this migration only tells Django's state that camps owns them now; no table, column,
constraint or index changes, and every row stays where it is. contributors'
0012_cohorts_move_to_camps drops the old models from contributors' state, once community's
0005 points the ledger at camps.Cohort.

The content types follow the models, so the admin's log, the organizers group's permissions
and any permission given to a user by hand keep pointing at the same rows.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("cohort", "enrollment")


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    # A fresh database has none yet (post_migrate creates them); one made since under the
    # new label is left alone rather than doubled.
    taken = ContentType.objects.filter(app_label=new, model__in=MOVED).values_list("model", flat=True)
    ContentType.objects.filter(app_label=old, model__in=MOVED).exclude(model__in=list(taken)).update(
        app_label=new
    )
    ContentType.objects.clear_cache()


def content_types_to_camps(apps, schema_editor):
    _relabel(apps, "contributors", "camps")


def content_types_to_contributors(apps, schema_editor):
    _relabel(apps, "camps", "contributors")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('contributors', '0011_identities_move_to_projects'),
        ('projects', '0010_identities_from_contributors'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Cohort',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                    ('description', models.TextField(blank=True, verbose_name='description')),
                    ('starts_on', models.DateField(verbose_name='starts on')),
                    ('ends_on', models.DateField(verbose_name='ends on')),
                    ('mentors', models.ManyToManyField(blank=True, related_name='mentored_cohorts', to='contributors.contributor', verbose_name='mentors')),
                    ('organizers', models.ManyToManyField(blank=True, related_name='organized_cohorts', to='contributors.contributor', verbose_name='organizers')),
                    ('projects', models.ManyToManyField(blank=True, related_name='cohorts', to='projects.project', verbose_name='projects')),
                ],
                options={
                    'verbose_name': 'camp',
                    'verbose_name_plural': 'camps',
                    'db_table': 'contributors_cohort',
                    'ordering': ['-starts_on'],
                },
            ),
            migrations.CreateModel(
                name='Enrollment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('status', models.CharField(choices=[('active', 'active'), ('graduated', 'graduated'), ('dropped', 'dropped')], default='active', max_length=16, verbose_name='status')),
                    ('goal', models.TextField(blank=True, verbose_name='goal')),
                    ('enrolled_on', models.DateField(blank=True, null=True, verbose_name='enrolled on')),
                    ('cohort', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrollments', to='camps.cohort', verbose_name='camp')),
                    ('contributor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enrollments', to='contributors.contributor', verbose_name='participant')),
                    ('mentor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='mentored_enrollments', to='contributors.contributor', verbose_name='mentor')),
                    ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='enrollments', to='projects.project', verbose_name='project')),
                ],
                options={
                    'verbose_name': 'enrolment',
                    'verbose_name_plural': 'enrolments',
                    'db_table': 'contributors_enrollment',
                    'ordering': ['cohort', 'contributor__display_name'],
                },
            ),
            migrations.AddConstraint(
                model_name='cohort',
                constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='cohort_ends_after_start', violation_error_message='A camp cannot end before it starts.'),
            ),
            migrations.AddConstraint(
                model_name='enrollment',
                constraint=models.UniqueConstraint(fields=('cohort', 'contributor'), name='enrollment_unique_per_cohort', violation_error_message='This person is already enrolled in this camp.'),
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_camps, content_types_to_contributors),
    ]
