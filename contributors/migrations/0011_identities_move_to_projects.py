"""Identity and IdentityPair now live in projects (projects/0010): drop them from this app's
state, point claims and suggestions there, and move their content types so permissions,
the organizers' group and admin history stay attached. The tables are not touched."""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("identity", "identitypair")


def move_content_types(apps, schema_editor, source="contributors", target="projects"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        old = ContentType.objects.using(db).filter(app_label=source, model=model).first()
        if old is None:
            continue  # a new database: post_migrate creates the new one
        # Migrating projects alone first lets post_migrate make an empty twin; the old
        # type, with the permissions groups hold, wins.
        ContentType.objects.using(db).filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="projects", target="contributors")


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_identities_from_contributors"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("contributors", "0010_hashed_expiring_api_tokens"),
        ("projects", "0010_identities_from_contributors"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accountclaim",
                    name="identity",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="account_claims",
                        to="projects.identity",
                        verbose_name="GitHub identity",
                    ),
                ),
                migrations.AlterField(
                    model_name="mergesuggestion",
                    name="identity",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="merge_suggestions",
                        to="projects.identity",
                        verbose_name="identity",
                    ),
                ),
                migrations.DeleteModel(name="IdentityPair"),
                migrations.DeleteModel(name="Identity"),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
