"""WSGI entry point (gunicorn houqin.wsgi). Production settings unless told otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "houqin.settings.production")

application = get_wsgi_application()
