"""Settings for the test suite: a real PostgreSQL and Redis (own Redis database), fast hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret-0a4c")
os.environ.setdefault("DATABASE_URL", "postgres://houqin:houqin@127.0.0.1:5432/houqin")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "*")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

from .base import *  # noqa: E402,F403

# Each test process sends tasks to its own queue so that a worker started by one run never takes
# another run's tasks.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default=f"test-{os.getpid()}")  # noqa: F405
CELERY_TASK_EAGER_PROPAGATES = True
CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}"  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = env.path("MEDIA_ROOT", default="/tmp/houqin-test-media")  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
AXES_FAILURE_LIMIT = 5
# No collected static files here: WhiteNoise serves them from the finders (app and project folders).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
