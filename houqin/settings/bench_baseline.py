"""The load baseline (houqin.core.benchload): the bench settings with no middleware at all and one
URL, a view returning a constant response, so that gunicorn and Django's bare request cycle are all
that is measured."""

from .bench import *  # noqa: F403

MIDDLEWARE = []
ROOT_URLCONF = "houqin.core.benchload"
