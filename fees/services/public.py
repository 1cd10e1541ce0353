"""The cache of what parents read. Public pages are cached in Redis and forgotten when a notice of
the school is published; a missing Redis only makes them slower."""

import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
PUBLIC_TTL = 60 * 60


def public_page_key(school_code: str, page: str, language: str) -> str:
    return f"public:{school_code}:{page}:{language}"


def public_pages_forget(school_code: str) -> None:
    keys = [public_page_key(school_code, page, code) for page in ("school",) for code, _ in settings.LANGUAGES]
    keys.append("public:directory")
    try:
        cache.delete_many(keys)
    except Exception:  # noqa: BLE001 - a cache outage must not fail a publication
        logger.warning("could not forget the public pages of %s", school_code, exc_info=True)
