"""Settings for a developer machine (`make run`): debug on, mail to the console, local services."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "local-only-not-secret-7c1f0d9b2e")
os.environ.setdefault("DATABASE_URL", "postgres://houqin:houqin@127.0.0.1:5432/houqin")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: E402,F403

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# No collected static files here: WhiteNoise serves them from the finders (app and project folders).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
