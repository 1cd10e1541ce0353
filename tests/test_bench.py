"""`make bench` runs at a tiny scale in the suite so it cannot rot (its figures are not asserted); the
generator's output is valid; every key page makes as many queries on a small set as on a tiny one."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from houqin.org.models import School

FIGURES = ("pdf_board_median_s", "pdf_board_a3_median_s", "slow_queries", "pdf_batch_boards_per_s", "reminder_run_s",
           "reminder_second_run_new", "excel_import_10k_rows_s", "excel_export_10k_rows_s", "public_rps",
           "public_p95_ms", "baseline_rps", "public_vs_baseline", "mix_pages", "mix_rps", "mix_p95_ms", "mix_errors")
SCHEMA = """
    SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint
    WHERE connamespace = 'public'::regnamespace UNION ALL
    SELECT tablename, indexname, indexdef, true FROM pg_indexes WHERE schemaname = 'public'"""


def _schema():
    with connection.cursor() as cursor:
        cursor.execute(SCHEMA)
        return sorted(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_the_generator_builds_a_valid_set_and_the_bench_measures_it(tmp_path, settings):
    from canteens.models import Canteen, CanteenStaff, MorningCheck, PurchaseEntry
    from houqin.core.benchdata import SCALES
    from houqin.org.models import County, User
    from inspections.models import Declaration

    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    schema = _schema()
    call_command("bench_data", scale="tiny", stdout=io.StringIO())
    # the big tables were loaded without their indexes and constraints: all are back, and validated
    assert _schema() == schema
    assert all(validated for *_rest, validated in schema)
    scale = SCALES["tiny"]
    schools = scale.counties * scale.schools_per_county
    assert County.objects.count() == scale.counties and School.objects.count() == schools
    assert Canteen.objects.count() == schools and User.objects.filter(role="principal").count() == schools
    assert CanteenStaff.objects.count() == schools * 5
    # every school day of the window, every worker checked once; purchases signed, meat with quarantine papers
    per_worker = set(MorningCheck.objects.values("staff").annotate(n=Count("pk")).values_list("n", flat=True))
    assert len(per_worker) == 1 and 10 <= per_worker.pop() <= scale.ledger_days
    assert not PurchaseEntry.objects.filter(food_class="meat", quarantine_number="").exists()
    assert Declaration.objects.filter(school__township__county=County.objects.first()).count() == \
        scale.schools_per_county
    with pytest.raises(Exception, match="already"):
        call_command("bench_data", scale="tiny", stdout=io.StringIO())
    call_command("bench_data", scale="tiny", if_empty=True, stdout=io.StringIO())  # a second make bench: no-op
    output = tmp_path / "bench.json"
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"scale": {"name": "small", "schools": 45},
                                 "pages": {"home": {"page_queries": -1}, "notify:inbox": {"page_queries": -1}}}))
    call_command("bench", scale="tiny", requests=2, output=str(output), compare=str(other), load_seconds=1,
                 excel_rows=50, stdout=io.StringIO())
    results = json.loads(output.read_text())
    compared = results["query_counts_compared"]
    assert not compared["equal"] and set(compared["differences"]) == {"home", "notify:inbox"}
    assert results["scale"]["schools"] == schools
    assert set(FIGURES) <= set(results)
    assert results["reminder_second_run_new"] == 0 and results["public_errors"] == 0
    # the county mix: every key page answered 200 as its user before the load (or bench would have
    # stopped), and none failed under it
    assert results["mix_pages"] == len(results["pages"]) and results["mix_errors"] == 0 and results["mix_rps"] > 0
    from houqin.core.benchpages import bench_world, key_pages

    assert set(results["pages"]) == {name for name, _who, _url in key_pages(bench_world())}
    for figures in results["pages"].values():
        assert {"page_p50_ms", "page_p95_ms", "page_queries"} <= set(figures)


def _query_counts() -> dict:
    from houqin.core.benchpages import bench_world, key_pages

    world = bench_world()
    clients = {"bureau": Client(), "school": Client(), "public": Client()}
    clients["bureau"].force_login(world["admin"])
    clients["school"].force_login(world["principal"])
    counts = {}
    for name, who, url in key_pages(world):
        assert clients[who].get(url).status_code == 200, name
        with CaptureQueriesContext(connection) as queries:
            clients[who].get(url)
        counts[name] = len(queries.captured_queries)
    return counts


@pytest.mark.django_db(transaction=True)
def test_every_key_page_makes_as_many_queries_on_a_bigger_set(settings):
    """Three times the schools, twice the ledger days and three times the assets: not one query more
    on any key page (the data of the measured school and county grows too)."""
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("bench_data", scale="tiny", stdout=io.StringIO())
    tiny = _query_counts()
    call_command("flush", interactive=False, verbosity=0)
    call_command("bench_data", scale="small", stdout=io.StringIO())
    assert School.objects.count() == 45
    assert _query_counts() == tiny
