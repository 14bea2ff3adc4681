"""The oversight figures read a window of months of concerns from one index (issue 17)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0003_concern_school"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="concern",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True)),
                fields=["raised_at", "school", "young_person"],
                name="casework_concern_raised",
            ),
        ),
    ]
