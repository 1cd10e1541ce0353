"""Our one-pass table body renders exactly what django-tables2's stock template renders."""

import re

from django.template import Context, Template
from django.test import RequestFactory

from houqin.org.models import School
from houqin.org.tables import SchoolTable

BODY = re.compile(r"<tbody[^>]*>(.*?)</tbody>", re.S)


def _body(table, template_name):
    request = RequestFactory().get("/org/schools/")
    table.template_name = template_name
    html = Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": request}))
    body = BODY.search(html).group(1)
    return re.sub(r">\s+<", "><", body.strip()).replace("<td >", "<td>").replace("<tr >", "<tr>")


def test_the_table_body_matches_the_stock_rendering(school_a, school_a2, school_b):
    schools = School.objects.select_related("township").order_by("code")
    ours = _body(SchoolTable(schools), "generic/table.html")
    stock = _body(SchoolTable(schools), "django_tables2/bootstrap5.html")
    assert ours == stock
    assert ours.count("<tr") == 3 and school_b.name in ours and 'class="d-md-table-cell d-none' in ours


def test_an_empty_table_says_so(db):
    body = _body(SchoolTable(School.objects.none()), "generic/table.html")
    assert "empty-state" in body and body.count("<tr") == 1 and "暂无记录" in body
