"""Create the "organizers" group: its members are organizers (contributors/roles.py)."""

from django.db import migrations

ORGANIZERS_GROUP = "organizers"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=ORGANIZERS_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contributors", "0005_contributor_origin_sign_in"),
    ]

    # The reverse leaves the group: it may hold members and permissions by now.
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
