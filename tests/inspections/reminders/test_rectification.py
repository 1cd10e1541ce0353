"""Overdue rectification orders, and answered ones the inspector has not verified."""

from django.urls import reverse

from houqin.notify.models import Level
from inspections.models import RectificationOrder
from inspections.services import rectification as order_services
from tests.inspections.rectification.conftest import issue
from tests.inspections.reminders.conftest import TODAY, collect, days, received, recipients, run, run_twice

OVERDUE = "inspections.rectification_overdue"
UNVERIFIED = "inspections.rectification_unverified"


def due_on(order, day):
    """Move the order's deadline onto the test calendar (the services refuse past deadlines)."""
    RectificationOrder.objects.filter(pk=order.pk).update(deadline=day)
    order.refresh_from_db()
    return order


def test_an_order_due_yesterday_is_overdue_and_one_due_today_is_not(bureau_inspector, school_a, principal_a):
    yesterday = due_on(issue(bureau_inspector, school_a, finding="昨天到期"), days(-1))
    due_on(issue(bureau_inspector, school_a, finding="今天到期"), TODAY)
    principal_notices = [d for d in collect(OVERDUE) if d.recipient_id == principal_a.pk]
    assert [d.url for d in principal_notices] == [reverse("inspections:order_detail", args=[yesterday.pk])]


def test_overdue_orders_reach_the_principal_the_township_and_the_county(
        bureau_inspector, bureau_admin, school_a, school_a2, school_b, principal_a, principal_b, staff_a,
        supervisor_a, supervisor_b, far_admin, far_principal, english):
    first = due_on(issue(bureau_inspector, school_a, finding="食堂后厨地面积水"), days(-1))
    due_on(issue(bureau_inspector, school_a2, finding="消防通道堵塞"), days(-3))
    due_on(issue(bureau_inspector, school_b, finding="乙校还有时间"), days(2))
    assert run_twice(OVERDUE) == 4
    assert recipients(OVERDUE) == {"principal_a", "supervisor_a", "admin_a", "inspector_a"}
    [notice] = received(OVERDUE, principal_a)
    assert notice.title == f"Rectification order {first.number} is overdue (due {days(-1):%Y-%m-%d})"
    assert notice.body == "食堂后厨地面积水" and notice.level == Level.DANGER
    [township] = received(OVERDUE, supervisor_a)
    assert township.title == "2 rectification orders in your township are overdue"
    assert township.url == reverse("inspections:order_list") + "?overdue=true"
    [county] = received(OVERDUE, bureau_admin)
    assert county.title == "2 rectification orders of the county are overdue" and "甲镇 2" in county.body
    assert len(received(OVERDUE, bureau_inspector)) == 1


def test_an_overdue_order_is_reminded_again_next_month_not_next_week(bureau_inspector, school_a, principal_a):
    due_on(issue(bureau_inspector, school_a), days(-1))
    run()
    run(days(7))
    assert len(received(OVERDUE, principal_a)) == 1
    run(days(31))  # 1 April
    assert len(received(OVERDUE, principal_a)) == 2


def test_an_answered_order_past_its_deadline_reminds_its_inspector_to_verify(
        bureau_inspector, bureau_admin, supervisor_a, school_a, principal_a, english):
    order = issue(bureau_inspector, school_a)
    order_services.order_answer(order=order, text="已清理积水并修好排水沟", acting_user=principal_a)
    due_on(order, TODAY)
    assert collect(UNVERIFIED) == []  # due today: not late yet
    due_on(order, days(-1))
    assert run_twice(UNVERIFIED) == 1
    [notice] = received(UNVERIFIED, bureau_inspector)
    assert notice.title == "1 answered rectification orders await your verification"
    assert order.number in notice.body and notice.url == reverse("inspections:order_list") + "?status=answered"
    assert not received(OVERDUE, principal_a)  # the school has done its part


def test_an_order_whose_inspector_left_goes_to_the_countys_admins(
        supervisor_a, bureau_admin, bureau_inspector, far_admin, school_a, principal_a):
    order = issue(supervisor_a, school_a)
    order_services.order_answer(order=order, text="已整改完毕", acting_user=principal_a)
    due_on(order, days(-5))
    supervisor_a.is_active = False
    supervisor_a.save()
    run()
    assert recipients(UNVERIFIED) == {"admin_a"}


def test_an_order_whose_supervisor_moved_to_another_township_goes_to_the_countys_admins(
        supervisor_a, bureau_admin, township_b, school_a, principal_a):
    order = issue(supervisor_a, school_a)
    order_services.order_answer(order=order, text="已整改完毕", acting_user=principal_a)
    due_on(order, days(-5))
    supervisor_a.township = township_b
    supervisor_a.save()
    run()
    assert recipients(UNVERIFIED) == {"admin_a"}
