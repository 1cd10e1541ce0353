"""The permission matrix (issue 10): every URL pattern of the portal, requested by anonymous and by
every role, on an object of the user's own school and on one of another school / county, by GET and
POST (and GET as htmx for the foreign objects, ?_export=xlsx for list pages).

The world is built once for the module inside a transaction that is rolled back at the end; every
request runs inside a savepoint that is rolled back too, so a POST that changes something (a
transition, a void) changes nothing for the requests after it.

Each test collects every failing cell and fails once with the whole list. A pattern nobody classified
in tests/security/matrix_table.py fails `test_every_pattern_is_classified`.
"""

from __future__ import annotations

import io
import logging
import re
import time
import traceback
import zipfile
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.messages import WARNING
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.signals import request_finished
from django.db import close_old_connections
from django.db import transaction
from django.http import HttpRequest
from django.template import Template
from django.test import Client
from django.test.utils import _TestState
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.matrix_table import KWARGS, TABLE
from tests.security.matrix_world import IDENTITIES, build_world

# Each test runs in pytest-django's transaction, nested in the module's (which holds the world).
pytestmark = pytest.mark.django_db

ADMIN_PREFIX = "django-admin/"
LOGIN_PATH = "/accounts/login/"
DENIED = {403, 404, 405}
HTMX = {"HTTP_HX_REQUEST": "true"}
# What a POST carries: the fields most forms and actions ask for (a reason to void, return or refuse),
# so that a POST by a role that may not act is refused for its role, not only for an empty form.
POST_DATA = {"reason": "matrix check", "note": "matrix check", "text": "matrix check", "answer": "matrix check",
             "comment": "matrix check", "decision": "approved"}
# The out-of-scope objects each identity asks for: the bureau's county holds schools A and B, so its
# foreign objects are the far county's; the principal tries both another township's and another county's.
FOREIGN_SCOPES = {"admin": ("far",), "inspector": ("far",), "supervisor": ("other",), "principal": ("other", "far"),
                  "staff_canteen": ("other",), "staff_keeper": ("other",)}
HTMX_IDENTITIES = ("admin", "principal")  # who also asks for foreign objects as an htmx fragment


def url_patterns(resolver=None, prefix="", namespace=""):
    """(route, name, pattern) of every URL pattern, walking includes recursively."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (entry.namespace or namespace)
            yield from url_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            yield prefix + str(entry.pattern), name, entry


def portal_patterns():
    return [(route, name) for route, name, _ in url_patterns() if not route.startswith(ADMIN_PREFIX)]


def admin_patterns():
    return [(route, name) for route, name, _ in url_patterns() if route.startswith(ADMIN_PREFIX)]


# --- running the requests ------------------------------------------------------------------------


@dataclass
class Cell:
    pattern: str
    identity: str
    scope: str  # own / other / far
    method: str  # GET / POST / HX / XLSX
    url: str
    status: int | str
    location: str = ""
    body: bytes = b""
    content_type: str = ""
    messages: tuple = ()  # (level, text) of the messages the response carries
    seconds: float = 0.0

    @property
    def refused(self) -> bool:
        """A redirect that only tells the user it did not work (an error or warning message)."""
        return bool(self.messages) and all(level >= WARNING for level, _ in self.messages)

    def __str__(self):
        where = f" -> {self.location}" if self.location else ""
        if self.messages:
            where += f" {[text[:60] for _, text in self.messages]}"
        head = f"{self.method:<5} {self.identity:<13} {self.scope:<5} {self.pattern}"
        return f"{head}  {self.url}  => {self.status}{where}"


class Requester:
    """One test client per identity, signed in once; each request inside a rolled-back savepoint."""

    def __init__(self, world):
        self.world = world
        self.clients, self.cookies = {}, {}
        for identity in IDENTITIES:
            client = Client()
            user = world.users[identity]
            if user is not None:
                client.force_login(user)
                self.cookies[identity] = client.cookies[settings.SESSION_COOKIE_NAME].value
            self.clients[identity] = client

    def request(self, identity, method, url, *, query=None, headers=None):
        client = self.clients[identity]
        # a request may sign out or rotate the session (logout, password change): start from the
        # signed-in session every time (its row is restored by the rollback)
        client.cookies.clear()
        if identity in self.cookies:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.cookies[identity]
        with transaction.atomic():
            try:
                if method == "POST":
                    response = client.post(url, POST_DATA, **(headers or {}))
                else:
                    response = client.get(url, query or {}, **(headers or {}))
                status = response.status_code
                location = response.get("Location", "") if status in (301, 302, 303, 307, 308) else ""
                body = b"" if getattr(response, "streaming", False) else response.content
                if getattr(response, "streaming", False):
                    # closing sends request_finished, whose close_old_connections would close the
                    # database connection in the middle of the module's transaction
                    request_finished.disconnect(close_old_connections)
                    try:
                        response.close()
                    finally:
                        request_finished.connect(close_old_connections)
                result = status, location, body, response.get("Content-Type", ""), response_messages(response)
            except Exception as error:  # noqa: BLE001 - every exception is a failing cell (a 500)
                frame = traceback.extract_tb(error.__traceback__)[-1]
                result = (f"500 {type(error).__name__}: {str(error)[:120]} at {frame.filename}:{frame.lineno}",
                          "", b"", "", ())
            transaction.set_rollback(True)
        return result


def response_messages(response) -> tuple:
    morsel = response.cookies.get("messages")
    if morsel is None or not morsel.value:
        return ()
    decoded = CookieStorage(HttpRequest())._decode(morsel.value) or []
    return tuple((message.level, str(message.message)) for message in decoded)


class QuickPdf:
    """Lay out each PDF pattern's document once for real (a broken template or layout is a 500 there),
    then hand back that PDF for the other identities: WeasyPrint's layout is most of a PDF request's
    time, and who may read a PDF does not depend on it."""

    def __init__(self):
        from weasyprint import HTML

        self.html_class, self.original = HTML, HTML.write_pdf
        self.pattern, self.done = "", {}

    def __enter__(self):
        quick = self

        def write_pdf(document, *args, **kwargs):
            if quick.pattern not in quick.done:
                quick.done[quick.pattern] = quick.original(document, *args, **kwargs)
            return quick.done[quick.pattern]

        self.html_class.write_pdf = write_pdf
        return self

    def __exit__(self, *exc):
        self.html_class.write_pdf = self.original


def run_matrix(world) -> list[Cell]:
    requester = Requester(world)
    cells = []
    with QuickPdf() as pdf:
        for route, name in portal_patterns():
            pdf.pattern = name
            ask_pattern(world, route, name, requester, cells)
    return cells


def ask_pattern(world, route, name, requester, cells):
    """Every cell of one pattern: each identity on its own object (GET, POST, the export, the extra
    queries, the probes naming foreign objects), then on the foreign objects."""
    rule = TABLE.get(name)
    if rule is None:
        return  # test_every_pattern_is_classified names it

    def ask(identity, scope, method, url, **kwargs):
        started = time.monotonic()
        status, location, body, content_type, messages = requester.request(
            identity, "POST" if method == "POST" else "GET", url, **kwargs)
        cells.append(Cell(name, identity, scope, method, url, status, location, body, content_type, messages,
                          time.monotonic() - started))

    builder = KWARGS.get(name)
    urls = {scope: reverse(name, kwargs=builder(world.objects[scope])) if builder else reverse(name)
            for scope in (("own", *rule.foreign) if builder else ("own",))}
    url = urls["own"]
    for identity in IDENTITIES:
        ask(identity, "own", "GET", url, query=rule.query)
        ask(identity, "own", "POST", url)
        if rule.export and identity in rule.get:
            ask(identity, "own", "XLSX", url, query={**rule.query, "_export": "xlsx"})
        for variant in rule.variants:
            ask(identity, "own", "GET", url, query=variant)
        if identity == "anon":
            continue
        if identity in rule.get:
            for probe in rule.probes:
                for scope in FOREIGN_SCOPES[identity]:
                    ask(identity, scope, "PROBE", url, query=probe(world.objects[scope]))
        for scope in FOREIGN_SCOPES[identity] if builder else ():
            if scope not in rule.foreign:
                continue
            # GET always; POST where someone may POST; htmx where someone may GET
            ask(identity, scope, "GET", urls[scope])
            for variant in rule.variants:
                ask(identity, scope, "GET", urls[scope], query=variant)
            if rule.post:
                ask(identity, scope, "POST", urls[scope])
            if rule.get and identity in HTMX_IDENTITIES:
                ask(identity, scope, "HX", urls[scope], headers=HTMX)


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """The world and every cell's answer, computed once for the module."""
    quiet = logging.getLogger("django.request")
    level = quiet.level
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.monotonic()
        world = build_world()
        built = time.monotonic()
        quiet.setLevel(logging.CRITICAL)  # thousands of expected 403/404 warnings
        # The test environment instruments every template render (a signal and a copy of the context,
        # for response.context): the matrix never reads them, and they double the cost of a page.
        instrumented = Template._render
        Template._render = getattr(getattr(_TestState, "saved_data", None), "template_render", instrumented)
        try:
            cells = run_matrix(world)
        finally:
            quiet.setLevel(level)
            Template._render = instrumented
        done = time.monotonic()
        print(f"\npermission matrix: world {built - started:.1f} s, {len(cells)} requests {done - built:.1f} s")
        print(summary(cells))
        yield world, cells  # the tests below read the world (django-admin, media) before it is rolled back
        transaction.set_rollback(True)


def summary(cells) -> str:
    """Where the matrix spends its time: by kind of request, and the slowest patterns."""
    by_kind, by_pattern = {}, {}
    for cell in cells:
        kind = f"{cell.method} {'anon' if cell.identity == 'anon' else cell.scope}"
        count, seconds = by_kind.get(kind, (0, 0.0))
        by_kind[kind] = (count + 1, seconds + cell.seconds)
        by_pattern[cell.pattern] = by_pattern.get(cell.pattern, 0.0) + cell.seconds
    kinds = ", ".join(f"{kind} {n}/{t:.1f}s" for kind, (n, t) in sorted(by_kind.items(), key=lambda kv: -kv[1][1]))
    slowest = ", ".join(f"{name} {t:.1f}s" for name, t in sorted(by_pattern.items(), key=lambda kv: -kv[1])[:8])
    return f"  by kind: {kinds}\n  slowest patterns: {slowest}"


# --- judging the answers -------------------------------------------------------------------------


def is_login_redirect(cell: Cell) -> bool:
    return cell.status == 302 and cell.location.startswith(LOGIN_PATH)


def xlsx_text(body: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                       if name.endswith(".xml"))


def judge(cell: Cell, world, own: Cell | None = None) -> str | None:
    """Why this cell is wrong, or None. `own` is the same request on the identity's own object."""
    rule = TABLE[cell.pattern]
    if not isinstance(cell.status, int) or cell.status >= 500:
        return "server error"
    if cell.method == "PROBE":
        return None  # any answer but a 500; what it shows is checked by leaks()
    if cell.identity == "anon":
        if rule.public:
            return None
        return None if is_login_redirect(cell) else "anonymous must be sent to sign in"
    if cell.scope != "own":
        if cell.status not in DENIED:
            return "another school's / county's object must answer 404"
        if cell.status == 403 and own is not None and own.status != 403:
            # a 403 for this object but not for one's own says that the object exists: it must be 404
            return f"answers 403 where its own object answers {own.status}: must be 404"
        return None
    allowed = rule.post if cell.method == "POST" else rule.get
    if cell.identity in allowed:
        if cell.status in (403, 404):
            return "this role must reach it"
        if is_login_redirect(cell) and cell.pattern != "logout":
            return "a signed-in user sent to sign in"
        if cell.method == "XLSX" and "spreadsheetml" not in cell.content_type:
            return "the export is not a workbook"
        return None
    if cell.status in DENIED:
        return None
    if cell.method == "POST" and cell.status == 302 and not is_login_redirect(cell) and cell.refused:
        return None  # the service refused it and said so (an error message), nothing was done
    return "this role must get 403/404"


def leaks(cell: Cell, world) -> str | None:
    """A page or export a signed-in user may read must not name another school's records."""
    if cell.status != 200:
        return None
    if cell.method == "XLSX":
        text = xlsx_text(cell.body)
    elif "text/html" in cell.content_type:
        text = cell.body.decode("utf-8", "replace")
    else:
        return None
    if cell.identity not in ("admin", "inspector"):
        for marker in world.bureau_only:
            if marker in text:
                return f"shows {marker!r}, which only the bureau may read"
    if cell.identity == "anon" or TABLE[cell.pattern].public:
        return None
    if cell.scope != "own" and cell.method != "PROBE":
        return None
    if cell.method == "PROBE":
        scopes = [cell.scope]
    else:
        scopes = ["far"] if cell.identity in ("admin", "inspector") else ["other", "far"]
    for scope in scopes:
        for marker in world.markers[scope]:
            if marker in text and cell.pattern not in LEAK_ALLOWED.get(marker, ()):
                return f"names {marker!r} (out of scope)"
    return None


# Pages that may name a school outside the user's scope, and why.
LEAK_ALLOWED: dict[str, tuple] = {}


def failures(matrix, identities) -> list[str]:
    world, cells = matrix
    own = {}
    for c in cells:
        if c.scope == "own":
            own.setdefault((c.pattern, c.identity, c.method), c)
    found = []
    for cell in cells:
        if cell.identity not in identities:
            continue
        same = own.get((cell.pattern, cell.identity, "GET" if cell.method == "HX" else cell.method))
        reason = judge(cell, world, same) or leaks(cell, world)
        if reason:
            found.append(f"{cell}   [{reason}]")
    return found


# --- the tests -----------------------------------------------------------------------------------


def test_every_pattern_is_classified():
    patterns = portal_patterns()
    names = [name for _, name in patterns]
    unnamed = [route for route, name in patterns if not name]
    unclassified = [f"{name} ({route})" for route, name in patterns if name and name not in TABLE]
    missing_kwargs = [name for route, name in patterns if "<" in route and name in TABLE and name not in KWARGS]
    stale = sorted((set(TABLE) | set(KWARGS)) - set(names))
    assert not unnamed, f"URL patterns without a name cannot be classified: {unnamed}"
    assert not unclassified, (
        "URL patterns nobody classified in tests/security/matrix_table.py (say who may GET and POST them):\n  "
        + "\n  ".join(unclassified))
    assert not missing_kwargs, f"patterns with URL arguments but no KWARGS entry: {missing_kwargs}"
    assert not stale, f"classified patterns that no longer exist: {stale}"
    assert len(set(names)) == len(names), "two URL patterns share a name"
    assert len(patterns) >= 300


@pytest.mark.parametrize("identity", IDENTITIES)
def test_permission_matrix(matrix, identity):
    found = failures(matrix, {identity})
    assert not found, f"{len(found)} failing cells for {identity}:\n" + "\n".join(found)


def test_matrix_covers_every_pattern_and_role(matrix):
    world, cells = matrix
    seen = {(cell.pattern, cell.identity) for cell in cells}
    classified = [name for _, name in portal_patterns() if name in TABLE]
    assert {(name, identity) for name in classified for identity in IDENTITIES} <= seen


def test_leak_markers_show_where_they_are_in_scope(matrix):
    """The texts the leak check looks for do appear on the pages of those who may see them (so their
    absence elsewhere means something): the bureau's school list names school B, the principal's names
    only school A."""
    world, cells = matrix
    pages = {}
    for cell in cells:
        if cell.scope == "own":
            pages.setdefault((cell.pattern, cell.identity, cell.method), cell.body.decode("utf-8", "replace"))
    school_b = world.schools["other"].name
    assert school_b in world.markers["other"]
    assert school_b in pages[("org:school_list", "admin", "GET")]
    assert "乙学生食堂" in pages[("canteens:staff_list", "admin", "GET")] or "乙王厨师" in pages[
        ("canteens:staff_list", "admin", "GET")]
    assert world.schools["own"].name in pages[("org:school_list", "principal", "GET")]
    assert school_b not in pages[("org:school_list", "principal", "GET")]
    assert world.bureau_only[0] in pages[("inspections:complaint_detail", "admin", "GET")]
    assert world.bureau_only[0] not in pages[("inspections:complaint_detail", "supervisor", "GET")]


def test_public_pages_show_published_notices_only(matrix):
    """Parents read published notices: a draft's public URL answers 404, the published one 200."""
    world, _cells = matrix
    school = world.schools["own"]
    draft, published = world.objects["own"]["fee_notice"], world.objects["own"]["published_notice"]
    client = Client()
    for notice, expected in ((draft, 404), (published, 200)):
        url = reverse("public:notice_version", args=[school.code, notice.term_id, notice.version])
        assert client.get(url).status_code == expected, url


def test_media_is_not_served_by_url(matrix):
    """Uploaded files are reachable only through core:protected_file (scope-checked), never under
    MEDIA_URL: no URL pattern serves MEDIA_URL, and a request there answers 404 to everyone."""
    world, _cells = matrix
    media = settings.MEDIA_URL.strip("/")
    assert not [route for route, _ in portal_patterns() if route.startswith(media)]
    canteen = world.objects["own"]["canteen"]
    client = Client()
    client.force_login(world.users["admin"])
    assert client.get(settings.MEDIA_URL + canteen.licence_scan.name).status_code == 404


# --- django-admin --------------------------------------------------------------------------------

ADMIN_SAMPLE_KWARGS = {"object_id": "1", "content_type_id": "1", "app_label": "org", "url": "x"}


def admin_urls():
    """A concrete URL for each django-admin pattern (regex routes filled with sample values)."""
    urls = []
    for route, name in admin_patterns():
        path = route.lstrip("^").rstrip("$")
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: ADMIN_SAMPLE_KWARGS.get(m.group(1), "1"), path)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ADMIN_SAMPLE_KWARGS.get(m.group(1), "1"), path)
        path = path.replace("\\", "")
        urls.append((name or route, "/" + path))
    return urls


def test_django_admin_is_closed_to_every_role(matrix):
    """django-admin is for the superuser alone: anonymous and every role are sent to its sign-in page,
    never shown a page with data. Its own sign-in page answers (a form, no data); signing out is POST."""
    world, _cells = matrix
    urls = admin_urls()
    assert len(urls) > 50
    found = []
    for identity in IDENTITIES:
        client = Client()
        if world.users[identity] is not None:
            client.force_login(world.users[identity])
        # every identity by GET; POST (the same admin_view gate) by anonymous and one role
        methods = ("get", "post") if identity in ("anon", "principal") else ("get",)
        for name, url in urls:
            for method in methods:
                response = getattr(client, method)(url)
                location = response.get("Location", "")
                if name == "admin:login":
                    ok = response.status_code in (200, 302) and b"id_username" in response.content \
                        if response.status_code == 200 else location.startswith("/django-admin/")
                elif name == "admin:logout":
                    ok = response.status_code in (302, 405) or (response.status_code == 200 and method == "post")
                else:
                    ok = response.status_code == 302 and location.startswith("/django-admin/login/")
                if not ok:
                    found.append(f"{method.upper()} {identity} {url} ({name}) => {response.status_code} {location}")
    assert not found, "\n".join(found)
