"""The load figures through gunicorn and wrk run at a tiny scale so that they cannot rot: every figure
is produced, nothing fails; their values are for `make bench`, not for tests."""

import pytest
from django.urls import reverse

from houqin.core.benchload import measure_public_load
from tests.fees.conftest import catalogue, draft, published, term  # noqa: F401 - fixtures

FIGURES = ("public_rps", "public_p95_ms", "public_errors", "baseline_rps", "baseline_p95_ms", "baseline_errors",
           "public_vs_baseline")


@pytest.mark.django_db(transaction=True)  # gunicorn reads the notice from another connection
def test_the_public_notice_and_the_baseline_are_measured_through_gunicorn(published):
    url = reverse("public:notice_version", args=[published.school.code, published.term_id, published.version])
    figures = measure_public_load(url, duration_s=2)
    assert set(figures) == set(FIGURES)
    assert figures["public_errors"] == 0 and figures["baseline_errors"] == 0
    for name in ("public_rps", "public_p95_ms", "baseline_rps", "baseline_p95_ms", "public_vs_baseline"):
        assert figures[name] > 0, name
