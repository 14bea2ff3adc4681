"""Developer machine: `make run`. Embedded SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403

DEBUG = True
