"""Developer machine: `make run`. Embedded SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403

DEBUG = True

import warnings  # noqa: E402

# collectstatic is for production; in development static files come from the finders.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
