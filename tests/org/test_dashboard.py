"""The bureau dashboard and the school home: figures from every app's `dashboard.py`, summed per
township, linked to their records, kept to the scope, with a query count independent of the schools."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections.models import RectificationOrder
from inspections.services import complaints as complaint_services
from tests import factories
from tests.inspections.campaigns.conftest import campaign, campaign_type, rubric  # noqa: F401 - fixtures
from tests.inspections.rectification.conftest import issue

HOME = reverse("home")


def overdue(order, days=2):
    RectificationOrder.objects.filter(pk=order.pk).update(deadline=timezone.localdate() - dt.timedelta(days=days))


def figures(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    dashboard = response.context["dashboard"]
    return {t["figure"].code: t["value"] for t in dashboard["totals"]}, dashboard, response.content.decode()


def test_figures_count_the_scope_and_link_to_their_records(client, bureau_inspector, supervisor_a, school_a,
                                                           school_a2, school_b, township_a):
    overdue(issue(bureau_inspector, school_a, finding="消毒柜未开启"))
    overdue(issue(bureau_inspector, school_b, finding="校车灭火器过期", severity="serious"))
    issue(bureau_inspector, school_a2, finding="台账缺签字")  # open, not overdue
    complaint_services.complaint_file(school=school_b, category="canteen", text="饭菜分量不足，孩子吃不饱。")

    totals, dashboard, page = figures(client, bureau_inspector)
    assert totals["inspections.orders_overdue"] == 2 and totals["inspections.orders_open"] == 3
    assert totals["inspections.serious_open"] == 1 and totals["inspections.complaints_open"] == 1
    assert reverse("inspections:order_list") + "?overdue=true" in page
    by_township = {t["name"]: t for t in dashboard["townships"]}
    assert by_township[township_a.name]["values"]["inspections.orders_overdue"] == 1
    assert f"township={township_a.pk}" in page
    attention = {row["pk"]: row for row in dashboard["attention"]}
    assert set(attention) >= {school_a.pk, school_b.pk}
    assert attention[school_b.pk]["attention"] > attention[school_a2.pk]["attention"]  # serious and overdue first
    assert f"?overdue=true&amp;school={school_b.pk}" in page

    totals, dashboard, page = figures(client, supervisor_a)  # the township only
    assert totals["inspections.orders_overdue"] == 1 and totals["inspections.complaints_open"] == 0
    assert school_b.name not in page


def test_the_dashboard_query_count_does_not_grow_with_the_schools(client, bureau_admin, bureau_inspector,
                                                                   township_a, township_b):
    def count():
        client.force_login(bureau_admin)
        with CaptureQueriesContext(connection) as context:
            assert client.get(HOME).status_code == 200
        return len(context.captured_queries)

    def grow(n):
        for i in range(n):
            school = factories.SchoolFactory(township=township_a if i % 2 else township_b)
            overdue(issue(bureau_inspector, school))
            complaint_services.complaint_file(school=school, category="fee", text="收取资料费，没有收据。")

    grow(2)
    small = count()
    grow(12)
    assert count() == small


def test_the_school_home_lists_what_is_due_by_when(client, bureau_inspector, bureau_admin, principal_a, school_a,
                                                   staff_a):
    late = issue(bureau_inspector, school_a, finding="消毒柜未开启")
    overdue(late)
    later = issue(bureau_inspector, school_a, finding="台账缺签字", days=40)
    complaint = complaint_services.complaint_file(school=school_a, category="canteen", text="午饭饭菜分量明显不足，孩子吃不饱。")
    complaint_services.complaint_assign(complaint=complaint, instruction="请核查", serious=False,
                                        answer_by=timezone.localdate() + dt.timedelta(days=1), acting_user=bureau_admin)
    client.force_login(principal_a)
    response = client.get(HOME)
    week = response.context["week"]
    assert [t.url for t in week["overdue"]] == [late.get_absolute_url()]
    assert complaint.get_absolute_url() in [t.url for t in week["week"]]
    assert later.get_absolute_url() in [t.url for t in week["later"]]
    page = response.content.decode()
    assert 'data-testid="tasks-overdue"' in page and late.number in page
    # school staff answer orders too, but complaints go to the principal only
    client.force_login(staff_a)
    week = client.get(HOME).context["week"]
    urls = [t.url for group in week.values() for t in group]
    assert late.get_absolute_url() in urls and complaint.get_absolute_url() not in urls


def test_the_school_is_asked_to_declare_only_for_campaigns_that_concern_it(client, campaign, principal_a, school_a):
    """An open canteen campaign appears on the principal's week if the school has a canteen, not otherwise."""
    client.force_login(principal_a)

    def asked():
        week = client.get(HOME).context["week"]
        return any(t.url == campaign.get_absolute_url() for group in week.values() for t in group)

    school_a.has_canteen = True
    school_a.save()
    assert asked()
    school_a.has_canteen = False
    school_a.save()
    assert not asked()
