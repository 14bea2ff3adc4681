"""The three default shifts (the engine's defaults) as data, editable in the admin."""

import datetime as dt

from django.db import migrations

DEFAULTS = [
    ("E", "early", dt.time(7), dt.time(15), False, False, False, 1),
    ("D", "day", dt.time(8), dt.time(16), True, True, False, 2),
    ("L", "late", dt.time(14), dt.time(22), False, True, True, 3),
]


def add(apps, schema_editor):  # noqa: ANN001, ARG001
    ShiftType = apps.get_model("rostering", "ShiftType")
    for code, name, start, end, school, youth, late, order in DEFAULTS:
        ShiftType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "start": start,
                "end": end,
                "school_hours": school,
                "youth_cover": youth,
                "late": late,
                "order": order,
            },
        )


def remove(apps, schema_editor):  # noqa: ANN001, ARG001
    apps.get_model("rostering", "ShiftType").objects.filter(code__in=["E", "D", "L"]).delete()


class Migration(migrations.Migration):
    dependencies = [("rostering", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
