"""The project library's per-cluster intensity minimum (projects.ClusterPolicy) moves into the
cluster's land policy."""

from django.db import migrations


def copy_policies(apps, schema_editor):
    ClusterPolicy = apps.get_model("projects", "ClusterPolicy")
    LandPolicy = apps.get_model("land", "LandPolicy")
    db = schema_editor.connection.alias  # the database being migrated, not "default"
    for old in ClusterPolicy.objects.using(db).all():
        LandPolicy.objects.using(db).update_or_create(
            cluster_id=old.cluster_id, defaults={"min_intensity": old.min_intensity}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("land", "0001_initial"),
        ("projects", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_policies, migrations.RunPython.noop)]
