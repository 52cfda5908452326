"""Drop the single-column indexes of four foreign keys that composite indexes lead with:
commit (repository, author) and credit (commit, identity). Each index costs every insert of
a first sync. Only the indexes go: Django's AlterField would also drop and re-add (and so
re-check) the foreign keys, on the largest tables."""

import django.db.models.deletion
from django.db import migrations, models

# (model, field): the index Django named for it is dropped.
COVERED = [
    ("commit", "repository"),
    ("commit", "author"),
    ("commitcredit", "commit"),
    ("commitcredit", "identity"),
]


def _indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for model_name, field_name in COVERED:
        model = apps.get_model("projects", model_name)
        column = model._meta.get_field(field_name).column
        table = model._meta.db_table
        yield quote(schema_editor._create_index_name(table, [column])), quote(table), quote(column)


def drop_indexes(apps, schema_editor):
    for name, _table, _column in _indexes(apps, schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create_indexes(apps, schema_editor):
    for name, table, column in _indexes(apps, schema_editor):
        schema_editor.execute(f"CREATE INDEX {name} ON {table} ({column})")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0011_pmc_step_calibration"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="commit",
                    name="author",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="authored_commits",
                        to="projects.identity",
                        verbose_name="author",
                    ),
                ),
                migrations.AlterField(
                    model_name="commit",
                    name="repository",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="commits",
                        to="projects.repository",
                        verbose_name="repository",
                    ),
                ),
                migrations.AlterField(
                    model_name="commitcredit",
                    name="commit",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="credits",
                        to="projects.commit",
                        verbose_name="commit",
                    ),
                ),
                migrations.AlterField(
                    model_name="commitcredit",
                    name="identity",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="commit_credits",
                        to="projects.identity",
                        verbose_name="identity",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
        ),
    ]
