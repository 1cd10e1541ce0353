"""Throttling of public forms where a guess could find something (family codes, digests) and of
public submissions. Counts live in the shared cache (django-ratelimit); if the cache is down the
forms stay usable (fail open) rather than locking every family out."""

import logging

from django.conf import settings
from django_ratelimit.core import get_usage, is_ratelimited

logger = logging.getLogger(__name__)


def _limited(request, group: str, rate: str, increment: bool) -> bool:
    try:
        return is_ratelimited(request, group=group, key="ip", rate=rate, increment=increment)
    except Exception:  # noqa: BLE001 - cache outage: fail open, log it
        logger.warning("rate limit cache unavailable for %s", group, exc_info=True)
        return False


def failures_exceeded(request, group: str) -> bool:
    """True when this address has used up its failures in this group within the window."""
    try:
        usage = get_usage(request, group=group, key="ip", rate=settings.PUBLIC_FAILURE_RATE, increment=False)
    except Exception:  # noqa: BLE001 - cache outage: fail open, log it
        logger.warning("rate limit cache unavailable for %s", group, exc_info=True)
        return False
    return usage is not None and usage["count"] >= usage["limit"]


def record_failure(request, group: str) -> None:
    _limited(request, group, settings.PUBLIC_FAILURE_RATE, increment=True)


def submissions_exceeded(request, group: str) -> bool:
    """Count one submission and say whether this address submits too often."""
    return _limited(request, group, settings.PUBLIC_SUBMIT_RATE, increment=True)
