import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
application = get_wsgi_application()


def _warm() -> None:
    """Import every URL module (and so every view, form and serializer) now, once: gunicorn
    loads this module in its master before it forks the workers (preload_app), so no worker's
    first request pays a second or two of imports while people wait behind it. No database
    connection may cross the fork: any opened here is closed."""
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the import is the point)
    connections.close_all()


_warm()
