"""The cache of what parents read.

A view marked with `@public_page` is stored whole (status, headers, body) in Redis, the Django
cache, and `PublicPageCacheMiddleware` serves it before the rest of the middleware runs: a hit costs
one Redis round trip and no SQL.

Invalidation is exact, by generations. Each page names the generations it depends on (a school's
pages `school:<code>`, the directory `directory`, the honour roll `honours`) and is stored with
their values at rendering time; a service that changes what parents see calls
`houqin.public.services.public_pages_changed`, which gives those generations new random values once
the transaction commits, so the next request finds the stored page out of date and renders it again.
Generations are read before the view reads the database, so a change committed while a page renders
leaves that page stored under the older generation, never the newer one.

Stored pages are per language (the switcher's cookie), per day (menus and the honour roll's years
follow the date) and per URL; of the query string, only the parameters a page declares count, and a
request with any other parameter is rendered without the cache."""

import logging
import os
import pickle
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from redis.exceptions import RedisError

from houqin.core.middleware import portal_language

logger = logging.getLogger(__name__)

PAGE_TTL = 60 * 60
URL_PREFIX = "/public/"
SCHOOL, DIRECTORY, HONOURS = "school:{code}", "directory", "honours"  # the generations
ENTRY_FORMAT = 1  # of a stored page: (generations, status, headers, body); change it with the layout


@dataclass(frozen=True)
class PublicPage:
    depends: tuple[str, ...]  # generation names, formatted with the URL's keyword arguments
    params: dict[str, re.Pattern]  # query parameters that select a variant, and their form


def public_page(*, depends: tuple[str, ...], params: dict[str, str] | None = None):
    """Mark a public view as cached until one of the `depends` generations changes."""
    def decorate(view):
        view.public_page = PublicPage(tuple(depends), {name: re.compile(form) for name, form in (params or {}).items()})
        return view
    return decorate


def not_cached(response: HttpResponse) -> HttpResponse:
    """Keep this response out of the cache (a variant nobody links to, e.g. a page past the last)."""
    add_never_cache_headers(response)
    return response


_client = None
_local = threading.local()  # a connection per thread: replies must come back to whoever asked


def _redis():
    """One Redis client per process, on the Django cache's connection pool (the cache API builds a
    client per call, which costs more than the round trip itself)."""
    global _client
    if _client is None:
        _client = cache._cache.get_client(write=True)
    return _client


def _mget(keys) -> list:
    """MGET on a connection of the thread's own (half the time of a pooled client call, and the
    call every hit makes); it reconnects after an error."""
    connection = getattr(_local, "connection", None)
    if connection is None:
        connection = _local.connection = _redis().connection_pool.make_connection()
    try:
        connection.send_command("MGET", *keys)
        return connection.read_response()
    except RedisError:
        connection.disconnect()
        raise


def _generation_key(name: str) -> str:
    return cache.make_key(f"public:gen:{name}")


def generations_bump(names) -> None:
    """Give these generations new values: every page depending on one renders again."""
    if not names:
        return
    try:
        _redis().mset({_generation_key(name): os.urandom(8).hex() for name in names})
    except RedisError:  # a cache outage must not fail the change; stored pages expire within PAGE_TTL
        logger.warning("could not refresh the public pages of %s", ", ".join(names), exc_info=True)


@lru_cache(maxsize=2048)
def _route(path_info: str):
    """The `PublicPage` of a path and its generation keys, or None (URLs never change at run time)."""
    try:
        match = resolve(path_info)
    except Resolver404:
        return None
    page = getattr(match.func, "public_page", None)
    if page is None:
        return None
    return page, tuple(_generation_key(name.format(**match.kwargs)) for name in page.depends)


def _page_key(request, page: PublicPage) -> str | None:
    """The cache key of this request's variant, or None when its query string is not one we store."""
    variant = []
    for name, values in request.GET.lists() if request.META.get("QUERY_STRING") else ():
        form = page.params.get(name)
        if form is None or len(values) != 1 or (values[0] and not form.fullmatch(values[0])):
            return None
        if values[0]:
            variant.append((name, values[0]))
    query = urlencode(sorted(variant))
    return cache.make_key(f"public:page{ENTRY_FORMAT}:{portal_language(request)}:{timezone.localdate()}:"
                          f"{request.path}?{query}")


def _storable(request, response) -> bool:
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and not re.search(r"no-store|private", response.get("Cache-Control", ""))
            and settings.SESSION_COOKIE_NAME not in request.COOKIES)  # stored from anonymous renderings only


class PublicPageCacheMiddleware:
    """Serve `@public_page` views from the cache. Placed after SecurityMiddleware (whose redirect and
    headers apply to every response) and before the rest, whose response headers are stored with
    the page (Content-Language, Vary, X-Frame-Options)."""

    def __init__(self, get_response):
        if settings.DEBUG:  # a developer's template edits show at once; tests and production cache
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        route = _route(request.path_info) if request.method == "GET" and request.path.startswith(URL_PREFIX) else None
        key = _page_key(request, route[0]) if route else None
        if key is None:
            return self.get_response(request)
        request.get_host()  # refuse a host outside ALLOWED_HOSTS, as CommonMiddleware would
        generation_keys = route[1]
        try:
            *generations, stored = _mget([*generation_keys, key])
            if stored is not None and None not in generations:
                stored_generations, status, headers, content = pickle.loads(stored)
                if stored_generations == generations:
                    return _replay(status, headers, content)
            generations = _current_generations(generation_keys, generations)
        except RedisError:
            logger.warning("public page cache unavailable", exc_info=True)
            return self.get_response(request)
        response = self.get_response(request)
        if _storable(request, response):
            entry = (generations, response.status_code, list(response.items()), response.content)
            try:
                _redis().set(key, pickle.dumps(entry, pickle.HIGHEST_PROTOCOL), ex=PAGE_TTL)
            except RedisError:
                logger.warning("public page cache unavailable", exc_info=True)
        return response


def _current_generations(keys, values) -> list[bytes]:
    """The generations to store a page under; one never set (or evicted) gets a value first."""
    if None not in values:
        return values
    pipe = _redis().pipeline()
    for key, value in zip(keys, values):
        if value is None:
            pipe.set(key, os.urandom(8).hex(), nx=True)
    pipe.mget(keys)
    return pipe.execute()[-1]


def _replay(status: int, headers, content: bytes) -> HttpResponse:
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
