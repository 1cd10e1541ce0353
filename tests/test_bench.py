"""`make bench` runs at a tiny scale in the suite so it cannot rot (its figures are not asserted)."""

import io
import json

from django.core.management import call_command

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
