"""The Celery application: the task queue for long work (decision record 120).

Which broker is set by `CELERY_BROKER_URL` alone (settings/base.py): by default a SQLite file
under var/ (kombu's SQLAlchemy transport), so `make run` needs no other server; in production
`redis://…` or `amqp://…`. Workers: `saferschools worker` (or `celery -A config worker`).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("saferschools")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
