"""The list pages find a page's rows by key first, then fetch them whole (houqin/core/pagination.py):
the pages together still hold every row once, in the order asked, with their related rows joined."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from houqin.org.models import School
from tests.factories import SchoolFactory, TownshipFactory


def _page(client, **params):
    response = client.get(reverse("org:school_list"), params)
    assert response.status_code == 200
    return [row.record for row in response.context["table"].page.object_list]


def test_pages_hold_every_row_once_in_the_order_asked(client, bureau_admin, county):
    towns = [TownshipFactory(county=county, code=f"T{n}") for n in range(3)]
    for n in range(23):
        SchoolFactory(township=towns[n % 3], student_count=500 + n * 37 % 101)
    client.force_login(bureau_admin)
    shown = [school for page in (1, 2, 3) for school in _page(client, sort="-student_count", per_page=10, page=page)]
    expected = list(School.objects.filter(township__county=county).order_by("-student_count"))
    assert shown == expected
    by_township = [s for page in (1, 2, 3) for s in _page(client, sort="township", per_page=10, page=page)]
    assert [s.township.code for s in by_township] == sorted(s.township.code for s in expected)
    # the township of each row came with the row (no query per row), on a deep page as on the first
    with CaptureQueriesContext(connection) as few:
        _page(client, sort="township", per_page=3, page=5)
    with CaptureQueriesContext(connection) as many:
        [s.township.name for s in _page(client, sort="township", per_page=10, page=2)]
    assert len(few.captured_queries) == len(many.captured_queries)
