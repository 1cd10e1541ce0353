"""Page figures of `make bench`: server time and SQL queries of the key pages, and the slow queries
behind them with their plans.

Each page is requested many times through the whole Django stack (middleware, sessions, templates)
with the test client, as the user who reads it: the county's administrator for the bureau pages, a
principal for the school pages, nobody for the public ones. Any query slower than SLOW_QUERY_MS is
kept with its EXPLAIN ANALYZE plan, so an index that is missing shows up in the bench output.
"""

from __future__ import annotations

import re
import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

SLOW_QUERY_MS = 50


def bench_world() -> dict:
    """The objects the pages are measured on, from the data bench_data built: the first county's
    administrator, a principal whose school self-assesses, its notice, canteen and campaign."""
    from canteens.models import Canteen
    from fees.models import FeeNotice
    from houqin.org.models import User
    from inspections.models import Declaration

    declaration = (Declaration.objects.filter(status="accepted", school__code__startswith="9")
                   .select_related("school__township__county", "campaign").order_by("school__code").first())
    if declaration is None:
        raise CommandError("no benchmark data here: run bench_data first (make bench does)")
    school = declaration.school
    notice = FeeNotice.objects.select_related("school__township__county", "term").get(school=school)
    return {"county": school.township.county, "school": school, "campaign": declaration.campaign,
            "admin": User.objects.get(username=f"b{school.township.county.code}-admin"),
            "principal": User.objects.get(username=f"p{school.code}"), "declaration": declaration,
            "staff": User.objects.get(username=f"s{school.code}"),
            "canteen": Canteen.objects.filter(school=school).first(),
            "notice": notice, "public_notice_url": reverse("public:notice_version", args=[
                school.code, notice.term_id, notice.version])}


def key_pages(world: dict) -> list[tuple[str, str, str]]:
    """(name, who, url) of every page the figures promise: the dashboard, each app's main list on its
    first and a deep page, the forms people fill most, the pages parents read."""
    school, notice, campaign = world["school"], world["notice"], world["campaign"]
    results = reverse("inspections:campaign_results", args=[campaign.pk])
    return [
        ("home", "bureau", reverse("home")),
        ("home:school", "school", reverse("home")),
        ("org:school_list", "bureau", reverse("org:school_list") + "?school_type=primary"),
        ("org:school_list:deep", "bureau", reverse("org:school_list") + "?page=5"),
        ("fees:notice_list", "bureau", reverse("fees:notice_list")),
        ("fees:notice_list:deep", "bureau", reverse("fees:notice_list") + "?page=10"),
        ("fees:notice_detail", "school", reverse("fees:notice_detail", args=[notice.pk])),
        ("canteens:overview", "bureau", reverse("canteens:overview")),
        ("canteens:today", "school", reverse("canteens:today")),
        ("canteens:purchase_list", "school", reverse("canteens:purchase_list")),
        ("canteens:purchase_list:deep", "school", reverse("canteens:purchase_list") + "?page=20"),
        ("canteens:checks", "school", reverse("canteens:checks")),
        ("assets:asset_list", "school", reverse("assets:asset_list")),
        ("assets:asset_list:deep", "bureau", reverse("assets:asset_list") + "?page=400"),
        ("schoolbus:overview", "bureau", reverse("schoolbus:overview")),
        ("schoolbus:trip_list", "bureau", reverse("schoolbus:trip_list")),
        ("schoolbus:trip_list:deep", "bureau", reverse("schoolbus:trip_list") + "?page=40"),
        ("schoolbus:today", "school", reverse("schoolbus:today")),
        ("inspections:campaign_list", "bureau", reverse("inspections:campaign_list")),
        ("inspections:campaign_results", "bureau", results),
        ("inspections:campaign_results:deep", "bureau", results + "?page=7"),
        ("inspections:self_assessment", "school",
         reverse("inspections:self_assessment", args=[world["declaration"].pk])),
        ("inspections:order_list", "bureau", reverse("inspections:order_list")),
        ("inspections:order_list:deep", "bureau", reverse("inspections:order_list") + "?page=15"),
        ("inspections:complaint_list", "bureau", reverse("inspections:complaint_list")),
        ("inspections:complaint_list:deep", "bureau", reverse("inspections:complaint_list") + "?page=15"),
        ("inspections:duty_list", "bureau", reverse("inspections:duty_list")),
        ("workplan:plan", "bureau", reverse("workplan:plan")),
        ("notify:inbox", "school", reverse("notify:inbox")),
        ("public:directory", "public", reverse("public:directory")),
        ("public:school", "public", reverse("public:school", args=[school.code])),
        ("public:notice_version", "public",
         reverse("public:notice_version", args=[school.code, notice.term_id, notice.version])),
        ("public:menu", "public", reverse("public:menu", args=[school.code])),
        ("public:accounts", "public", reverse("public:accounts", args=[school.code])),
        ("public:honours", "public", reverse("public:honours")),
    ]


class SlowQueries:
    """Keeps every query slower than SLOW_QUERY_MS that runs while it is installed, by page."""

    def __init__(self):
        self.page = ""
        self.found: dict[str, dict] = {}

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            if elapsed > SLOW_QUERY_MS and not many:
                seen = self.found.setdefault(sql, {"page": self.page, "ms": 0.0, "sql": sql, "params": params})
                seen["ms"] = round(max(seen["ms"], elapsed), 1)

    def with_plans(self) -> list[dict]:
        slow = []
        for query in sorted(self.found.values(), key=lambda q: -q["ms"]):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"], query["params"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            again = re.search(r"Execution Time: ([\d.]+) ms", plan)
            # a query slow once and fast when explained read cold pages from disk the first time
            slow.append({"page": query["page"], "ms": query["ms"], "sql": query["sql"], "plan": plan,
                         "explained_ms": float(again.group(1)) if again else None})
        return slow


def _host() -> str:
    host = (settings.ALLOWED_HOSTS or ["127.0.0.1"])[0]
    return "127.0.0.1" if "*" in host else host.lstrip(".")


def _time_page(client: Client, url: str, requests: int) -> dict:
    client.get(url)  # warm up: templates, the cache of what parents read
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {"url": url, "page_p50_ms": round(statistics.median(timings), 1),
            "page_p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
            "page_queries": len(queries.captured_queries)}


def measure_pages(world: dict, requests: int) -> tuple[dict, list[dict]]:
    """Figures of every key page, and the slow queries seen while measuring them."""
    clients = {who: Client(HTTP_HOST=_host()) for who in ("bureau", "school", "public")}
    clients["bureau"].force_login(world["admin"])
    clients["school"].force_login(world["principal"])
    cache.clear()
    slow, pages = SlowQueries(), {}
    with connection.execute_wrapper(slow):
        for name, who, url in key_pages(world):
            slow.page = name
            pages[name] = _time_page(clients[who], url, requests)
    return pages, slow.with_plans()
