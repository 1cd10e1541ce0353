"""Settings for load figures through gunicorn on loopback (houqin.core.benchload).

Production's settings (DEBUG off, the same middleware, cache, sessions and security headers), with
only what a plain-HTTP run on 127.0.0.1 needs: a throw-away secret key, the loopback host, no
redirect to HTTPS and no HSTS (there is no TLS proxy in front), and the plain static storage (the
bench does not run collectstatic; a cached page's cost does not depend on it)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret-7f3e")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")

from .production import *  # noqa: E402,F403

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
