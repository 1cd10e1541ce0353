"""`make bench` runs at a tiny scale in the suite so it cannot rot (its figures are not asserted), and
the generator's output is valid."""

import io
import json

import pytest
from django.core.management import call_command
from django.db.models import Count

from houqin.org.models import School


def test_bench_produces_every_figure_and_leaves_nothing_behind(db, tmp_path, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    output = tmp_path / "bench.json"
    call_command("bench", schools=6, requests=2, output=str(output), stdout=io.StringIO())
    results = json.loads(output.read_text())
    assert {"pdf_board_median_s", "pdf_board_a3_median_s"} <= set(results)
    for name in ("home", "org:school_list", "fees:notice_list", "fees:notice_detail", "public:school"):
        figures = results["pages"][name]
        assert {"page_p50_ms", "page_p95_ms", "page_queries"} <= set(figures)
    assert not School.objects.filter(name__startswith="基准").exists()


@pytest.mark.django_db(transaction=True)
def test_the_generator_builds_a_valid_set_and_the_bench_measures_it(tmp_path, settings):
    from canteens.models import Canteen, CanteenStaff, MorningCheck, PurchaseEntry
    from houqin.core.benchdata import SCALES
    from houqin.org.models import County, User
    from inspections.models import Declaration

    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    call_command("bench_data", scale="tiny", stdout=io.StringIO())
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
    call_command("bench", scale="tiny", requests=2, output=str(output), stdout=io.StringIO())
    results = json.loads(output.read_text())
    assert results["scale"]["schools"] == schools
    for name in ("home", "fees:notice_list", "canteens:purchase_list", "assets:asset_list", "schoolbus:overview",
                 "inspections:self_assessment", "public:honours"):
        assert {"page_p50_ms", "page_p95_ms", "page_queries"} <= set(results["pages"][name])
