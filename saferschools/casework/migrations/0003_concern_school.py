"""Concerns carry the child's school, so scoped lists start from the school (issue 17)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery


def fill_school(apps, schema_editor):
    Concern = apps.get_model("casework", "Concern")
    YoungPerson = apps.get_model("casework", "YoungPerson")
    Concern._base_manager.update(
        school_id=Subquery(
            YoungPerson._base_manager.filter(pk=OuterRef("young_person_id")).values("school_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0002_volume_indexes_and_source_ref"),
        ("estate", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="concern",
            name="school",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="estate.establishment",
            ),
        ),
        migrations.RunPython(fill_school, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="concern",
            name="school",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="estate.establishment",
            ),
        ),
        migrations.AlterModelOptions(
            name="concern",
            options={"ordering": ["-raised_at", "-id"]},
        ),
        migrations.AddIndex(
            model_name="concern",
            index=models.Index(
                condition=Q(deleted_at__isnull=True),
                fields=[
                    "school",
                    "-raised_at",
                    "-id",
                    "young_person",
                    "category",
                    "risk_level",
                    "status",
                ],
                name="casework_concern_school_list",
            ),
        ),
    ]
