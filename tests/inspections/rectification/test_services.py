"""Services of checklists, inspections and rectification orders: every transition allowed and
refused, what completion issues, numbering, escalation and the figures others read."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone

from houqin.notify.models import Notification
from inspections.choices import InspectionKind, InspectionStatus, OrderStatus, Severity
from inspections.models import Checklist, InspectionResult, RectificationAnswer, RectificationOrder
from inspections.selectors.rectification import order_figures
from inspections.services import inspections as services
from inspections.services import rectification as orders
from tests import factories
from tests.inspections.rectification.conftest import issue, make_checklist, record, start


# --- checklists ----------------------------------------------------------------------------------


def test_only_the_bureau_admin_keeps_the_countys_checklists(bureau_admin, bureau_inspector, county):
    checklist = make_checklist(bureau_admin)
    assert checklist.county == county
    assert [i.position for i in checklist.items.order_by("position")] == [1, 2, 3]
    assert checklist.history.first().history_user == bureau_admin
    with pytest.raises(PermissionDenied):
        make_checklist(bureau_inspector, title="督查员的表")
    assert Checklist.objects.count() == 1


def test_checklist_items_are_validated(bureau_admin):
    entry = services.ItemEntry
    for items in ([], [entry(1, "   ")], [entry(1, "甲"), entry(1, "乙")], [entry(1, "x" * 301)],
                  [entry(0, "甲")], [entry(1, "甲", "fatal")]):
        with pytest.raises(ValidationError):
            services.checklist_save(checklist=Checklist(kind="routine", title="表"), items=items,
                                    acting_user=bureau_admin)
    assert not Checklist.objects.exists()


def test_another_countys_admin_cannot_touch_the_checklist(checklist, far_admin):
    with pytest.raises(Http404):
        services.checklist_set_active(checklist=checklist, active=False, acting_user=far_admin)
    checklist.title = "改名"
    with pytest.raises(Http404):
        services.checklist_save(checklist=checklist, items=None, acting_user=far_admin)


def test_a_used_checklist_keeps_its_items_but_can_be_deactivated(checklist, draft, bureau_admin, english):
    with pytest.raises(ValidationError):
        services.checklist_save(checklist=checklist, items=[services.ItemEntry(1, "新的条目")],
                                acting_user=bureau_admin)
    assert checklist.items.count() == 3
    checklist.title = "两个安全检查表（旧）"
    services.checklist_save(checklist=checklist, items=None, acting_user=bureau_admin)
    services.checklist_set_active(checklist=checklist, active=False, acting_user=bureau_admin)
    checklist.refresh_from_db()
    assert (checklist.title, checklist.is_active) == ("两个安全检查表（旧）", False)
    assert checklist.history.first().history_change_reason == "Deactivated"


def test_an_unused_checklists_items_can_change(checklist, bureau_admin):
    first = checklist.items.get(position=1)
    services.checklist_save(checklist=checklist, items=[services.ItemEntry(1, first.text, "serious"),
                                                        services.ItemEntry(2, "新条目")], acting_user=bureau_admin)
    assert list(checklist.items.order_by("position").values_list("text", flat=True)) == [first.text, "新条目"]
    assert checklist.items.get(position=1).pk == first.pk  # unchanged items keep their identity


# --- inspections ---------------------------------------------------------------------------------


def test_inspectors_start_inspections_of_schools_in_scope(checklist, school_a, school_b, supervisor_a,
                                                           bureau_inspector, principal_a, far_admin):
    inspection = start(supervisor_a, school_a, checklist)
    assert (inspection.kind, inspection.status, inspection.lead) == (InspectionKind.TWO_SAFETY, "draft", supervisor_a)
    assert start(bureau_inspector, school_b, checklist).school == school_b
    with pytest.raises(Http404):
        start(supervisor_a, school_b, checklist)  # another township
    with pytest.raises(Http404):
        start(far_admin, school_a, checklist)  # another county
    with pytest.raises(PermissionDenied):
        start(principal_a, school_a, checklist)


def test_inspection_start_refuses_bad_input(checklist, far_checklist, school_a, supervisor_a, bureau_admin, today):
    with pytest.raises(Http404):
        start(supervisor_a, school_a, far_checklist)
    for date in (today + dt.timedelta(days=1), dt.date(1900, 1, 1)):
        with pytest.raises(ValidationError):
            start(supervisor_a, school_a, checklist, date=date)
    with pytest.raises(ValidationError):
        start(supervisor_a, school_a, checklist, inspectors="  ")
    services.checklist_set_active(checklist=checklist, active=False, acting_user=bureau_admin)
    with pytest.raises(ValidationError):
        start(supervisor_a, school_a, checklist)


def test_results_are_all_or_nothing_and_a_failure_needs_a_finding(draft, supervisor_a, far_checklist):
    items = list(draft.checklist.items.order_by("position"))
    with pytest.raises(ValidationError):
        services.inspection_results_record(inspection=draft, acting_user=supervisor_a, entries=[
            services.ResultEntry(items[0].pk, "passed"), services.ResultEntry(items[1].pk, "failed", "  ")])
    foreign = far_checklist.items.first()
    with pytest.raises(ValidationError):
        services.inspection_results_record(inspection=draft, acting_user=supervisor_a, entries=[
            services.ResultEntry(foreign.pk, "passed")])
    with pytest.raises(ValidationError):
        services.inspection_results_record(inspection=draft, acting_user=supervisor_a, entries=[
            services.ResultEntry(items[0].pk, "failed", "x" * 2001)])
    assert not InspectionResult.objects.exists()


def test_completing_needs_every_item(draft, supervisor_a):
    record(supervisor_a, draft, ["passed", "passed"])
    with pytest.raises(ValidationError):
        services.inspection_complete(inspection=draft, acting_user=supervisor_a)
    draft.refresh_from_db()
    assert draft.status == InspectionStatus.DRAFT and not RectificationOrder.objects.exists()


def test_completing_issues_exactly_one_order_per_failed_item(draft, supervisor_a, principal_a, school_a, today,
                                                             django_capture_on_commit_callbacks):
    school_a.principal_name = "王大校"
    school_a.save()
    record(supervisor_a, draft, ["failed", "na", "failed"], notes={0: "一人健康证过期仍在岗", 2: "许可已过期"})
    with django_capture_on_commit_callbacks(execute=True):
        services.inspection_complete(inspection=draft, acting_user=supervisor_a)
    draft.refresh_from_db()
    assert draft.status == InspectionStatus.DONE and draft.completed_at is not None
    issued = list(draft.orders.order_by("number"))
    assert len(issued) == 2
    serious, normal = issued
    assert serious.severity == Severity.SERIOUS and serious.deadline == today + dt.timedelta(days=7)
    assert "一人健康证过期仍在岗" in serious.finding and "二证" in serious.finding
    assert normal.severity == Severity.NORMAL and normal.deadline == today + dt.timedelta(days=15)
    assert {o.responsible for o in issued} == {"王大校"}
    assert {o.status for o in issued} == {OrderStatus.OPEN}
    # the principal is told about each order
    assert Notification.objects.filter(recipient=principal_a, rule="inspections.order_issued").count() == 2


def test_a_completed_inspection_cannot_be_changed_or_completed_again(draft, supervisor_a):
    record(supervisor_a, draft, ["passed", "failed", "passed"])
    services.inspection_complete(inspection=draft, acting_user=supervisor_a)
    with pytest.raises(ValidationError):
        record(supervisor_a, draft, ["passed", "passed", "passed"])
    with pytest.raises(ValidationError):
        services.inspection_complete(inspection=draft, acting_user=supervisor_a)
    assert RectificationOrder.objects.count() == 1
    assert InspectionResult.objects.get(item__position=2).passed is False


def test_completion_is_one_transaction(draft, supervisor_a, school_a):
    """If an order cannot be issued, the inspection stays in progress and no order exists."""
    record(supervisor_a, draft, ["failed", "failed", "passed"])
    supervisor_a.township = factories.TownshipFactory(county=school_a.township.county)
    supervisor_a.save()  # moved to another township: the school left the supervisor's scope
    with pytest.raises(Http404):
        services.inspection_complete(inspection=draft, acting_user=supervisor_a)
    draft.refresh_from_db()
    assert draft.status == InspectionStatus.DRAFT and not RectificationOrder.objects.exists()


# --- issuing orders ------------------------------------------------------------------------------


def test_order_issue_refuses_hostile_input(bureau_inspector, school_a, today):
    bad = [{"days": -1}, {"days": 400}, {"finding": "   "}, {"finding": "x" * 4001}, {"responsible": ""},
           {"severity": "fatal"}]
    for overrides in bad:
        with pytest.raises(ValidationError):
            issue(bureau_inspector, school_a, **overrides)
    assert not RectificationOrder.objects.exists()


def test_only_inspectors_issue_and_only_in_scope(school_a, school_b, school_far, supervisor_a, principal_a,
                                                  bureau_inspector, draft):
    assert issue(supervisor_a, school_a).issued_by == supervisor_a
    with pytest.raises(Http404):
        issue(supervisor_a, school_b)
    with pytest.raises(Http404):
        issue(bureau_inspector, school_far)
    with pytest.raises(PermissionDenied):
        issue(principal_a, school_a)
    with pytest.raises(ValidationError):
        issue(bureau_inspector, school_b, inspection=draft)  # the inspection is about school A


def test_numbers_count_per_county_and_year(bureau_inspector, school_a, school_b, school_far, far_admin, today):
    numbers = [issue(bureau_inspector, s).number for s in (school_a, school_b, school_a)]
    code = school_a.township.county.code
    assert numbers == [f"ZG{today.year}-{code}-{n:04d}" for n in (1, 2, 3)]
    assert issue(far_admin, school_far).number == f"ZG{today.year}-{school_far.township.county.code}-0001"


@pytest.mark.django_db(transaction=True)
def test_numbers_stay_unique_when_issued_at_once():
    county = factories.CountyFactory(code="420655")
    school = factories.SchoolFactory(township=factories.TownshipFactory(county=county))
    inspector = factories.bureau_inspector(county)
    errors, barrier = [], threading.Barrier(6)

    def worker():
        try:
            barrier.wait()
            issue(inspector, school)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(RectificationOrder.objects.values_list("number", flat=True))
    assert numbers == [f"ZG{timezone.localdate().year}-420655-{n:04d}" for n in range(1, 7)]


# --- answering, verifying, reopening -------------------------------------------------------------


def test_the_school_answers_and_the_inspector_verifies(english, order, principal_a, supervisor_a):
    answer = orders.order_answer(order=order, text="已清理积水并加装地漏", acting_user=principal_a)
    order.refresh_from_db()
    assert order.status == OrderStatus.ANSWERED and answer.accepted is None
    orders.order_verify(order=order, note="现场复查合格", acting_user=supervisor_a)
    order.refresh_from_db()
    answer.refresh_from_db()
    assert order.status == OrderStatus.VERIFIED and order.verified_at is not None
    assert (answer.accepted, answer.verdict_note, answer.judged_by) == (True, "现场复查合格", supervisor_a)
    reasons = list(order.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons == ["Issued", "Answered by the school", "Verified"]


def test_staff_of_the_school_may_answer_others_may_not(order, staff_a, supervisor_a, bureau_admin, principal_b):
    for user in (supervisor_a, bureau_admin):
        with pytest.raises(PermissionDenied):
            orders.order_answer(order=order, text="代答", acting_user=user)
    with pytest.raises(Http404):
        orders.order_answer(order=order, text="别校", acting_user=principal_b)
    orders.order_answer(order=order, text="已整改", acting_user=staff_a)
    assert RectificationAnswer.objects.get().answered_by == staff_a


def test_refused_transitions(order, principal_a, staff_a, supervisor_a, bureau_inspector, far_admin):
    with pytest.raises(ValidationError):
        orders.order_verify(order=order, acting_user=supervisor_a)  # not answered yet
    with pytest.raises(ValidationError):
        orders.order_reopen(order=order, note="未整改", acting_user=supervisor_a)
    orders.order_answer(order=order, text="已整改", acting_user=principal_a)
    with pytest.raises(ValidationError):
        orders.order_answer(order=order, text="再答一次", acting_user=principal_a)  # waits for the verdict
    for school_user in (principal_a, staff_a):
        with pytest.raises(PermissionDenied):
            orders.order_verify(order=order, acting_user=school_user)
    with pytest.raises(Http404):
        orders.order_verify(order=order, acting_user=far_admin)
    with pytest.raises(ValidationError):
        orders.order_reopen(order=order, note="  ", acting_user=supervisor_a)
    orders.order_verify(order=order, acting_user=bureau_inspector)
    with pytest.raises(ValidationError):
        orders.order_answer(order=order, text="核实后再答", acting_user=principal_a)
    with pytest.raises(ValidationError):
        orders.order_reopen(order=order, note="反悔", acting_user=supervisor_a)
    order.refresh_from_db()
    assert order.status == OrderStatus.VERIFIED and RectificationAnswer.objects.count() == 1


def test_reopening_keeps_the_answer_and_may_move_the_deadline(english, order, principal_a, supervisor_a, today):
    orders.order_answer(order=order, text="已整改", acting_user=principal_a)
    with pytest.raises(ValidationError):
        orders.order_reopen(order=order, note="照片不清", deadline=today - dt.timedelta(days=1),
                            acting_user=supervisor_a)
    orders.order_reopen(order=order, note="照片不清，请补拍", deadline=today + dt.timedelta(days=5),
                        acting_user=supervisor_a)
    order.refresh_from_db()
    assert (order.status, order.reopened_count, order.deadline) == (OrderStatus.OPEN, 1, today + dt.timedelta(days=5))
    assert RectificationAnswer.objects.get().accepted is False
    assert order.history.first().history_change_reason == "Reopened, not yet rectified: 照片不清，请补拍"
    orders.order_answer(order=order, text="已补拍", acting_user=principal_a)
    orders.order_verify(order=order, acting_user=supervisor_a)
    assert list(order.answers.order_by("pk").values_list("accepted", flat=True)) == [False, True]


# --- escalation ----------------------------------------------------------------------------------


def _overdue(order, days):
    RectificationOrder.objects.filter(pk=order.pk).update(deadline=timezone.localdate() - dt.timedelta(days=days))


def test_escalation_marks_overdue_orders_once_and_tells_the_admins_once(
        bureau_admin, bureau_inspector, school_a, school_b, principal_a, far_admin, school_far, today):
    late_open = issue(bureau_inspector, school_a, finding="逾期未整改")
    late_answered = issue(bureau_inspector, school_b, finding="逾期已答复")
    on_time = issue(bureau_inspector, school_a, finding="未到期")
    late_verified = issue(bureau_inspector, school_a, finding="逾期已核实")
    due_today = issue(bureau_inspector, school_a, finding="今天到期", days=0)
    far = issue(far_admin, school_far, finding="外县逾期")
    orders.order_answer(order=late_answered, text="已整改", acting_user=factories.principal(school_b))
    orders.order_answer(order=late_verified, text="已整改", acting_user=principal_a)
    orders.order_verify(order=late_verified, acting_user=bureau_inspector)
    for o in (late_open, late_answered, late_verified, far):
        _overdue(o, 3)
    second_admin = factories.bureau_admin(school_a.township.county, username="admin_two")

    assert orders.orders_escalate(today=today) == 2  # an answer awaiting verification is not the school's delay
    escalated = set(RectificationOrder.objects.filter(escalated_at__isnull=False).values_list("pk", flat=True))
    assert escalated == {late_open.pk, far.pk}
    late_open.refresh_from_db()
    period = f"{late_open.number}:{late_open.deadline}"
    notes = Notification.objects.filter(rule="inspections.order_overdue")
    assert list(notes.filter(recipient=bureau_admin).values_list("period", flat=True)) == [period]
    assert notes.filter(recipient=second_admin).count() == 1
    assert notes.filter(recipient=far_admin).count() == 1
    assert not notes.filter(recipient=bureau_inspector).exists()
    assert notes.get(recipient=bureau_admin, period=period).url == late_open.get_absolute_url()
    stamps = dict(RectificationOrder.objects.values_list("pk", "escalated_at"))
    history = RectificationOrder.history.count()

    assert orders.orders_escalate(today=today) == 0
    assert dict(RectificationOrder.objects.values_list("pk", "escalated_at")) == stamps
    assert RectificationOrder.history.count() == history
    assert notes.count() == 3
    for o in (on_time, due_today):
        o.refresh_from_db()
        assert o.escalated_at is None
    # the deadline day itself is not late; the day after it is
    assert orders.orders_escalate(today=today + dt.timedelta(days=1)) == 1
    due_today.refresh_from_db()
    assert due_today.escalated_at is not None


def test_a_reopened_order_that_misses_its_new_deadline_is_escalated_again(bureau_admin, bureau_inspector, school_a,
                                                                          principal_a, today):
    order = issue(bureau_inspector, school_a, finding="消毒柜未开启")
    _overdue(order, 2)
    assert orders.orders_escalate(today=today) == 1
    orders.order_answer(order=order, text="已整改", acting_user=principal_a)
    assert orders.orders_escalate(today=today) == 0
    order = orders.order_reopen(order=order, note="仍未开启", deadline=today + dt.timedelta(days=3),
                                acting_user=bureau_inspector)
    assert order.escalated_at is None
    assert orders.orders_escalate(today=today + dt.timedelta(days=3)) == 0
    assert orders.orders_escalate(today=today + dt.timedelta(days=4)) == 1
    periods = Notification.objects.filter(rule="inspections.order_overdue", recipient=bureau_admin)
    assert periods.count() == 2


def test_the_task_calls_the_service(bureau_admin, order, today):
    from inspections.tasks import orders_escalate

    _overdue(order, 1)
    assert orders_escalate.delay(today.isoformat()).get() == 1
    assert orders_escalate.delay().get() == 0
    assert Notification.objects.filter(recipient=bureau_admin, rule="inspections.order_overdue").count() == 1


def test_the_daily_schedule_is_registered(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="inspections.tasks.orders_escalate")
    assert task.enabled and task.crontab.hour == "6" and task.crontab.day_of_week == "*"


# --- figures -------------------------------------------------------------------------------------


def test_order_figures_hand_worked(bureau_inspector, principal_a, school_a, school_a2, school_b, today):
    """School A: an open serious order past its deadline, an answered normal one in time, one verified
    whose answer came in time, one verified whose accepted answer came after the deadline (the first
    answer in time was rejected). School A2: none. School B: an open serious one in time.
    Expected A: open 2, overdue 1, serious_open 1, verified_on_time 1, verified_late 1."""
    serious_late = issue(bureau_inspector, school_a, severity=Severity.SERIOUS, days=7)
    answered = issue(bureau_inspector, school_a)
    orders.order_answer(order=answered, text="已整改", acting_user=principal_a)
    in_time = issue(bureau_inspector, school_a)
    orders.order_answer(order=in_time, text="已整改", acting_user=principal_a)
    orders.order_verify(order=in_time, acting_user=bureau_inspector)
    late = issue(bureau_inspector, school_a)
    orders.order_answer(order=late, text="第一次", acting_user=principal_a)
    orders.order_reopen(order=late, note="不合格", acting_user=bureau_inspector)
    orders.order_answer(order=late, text="第二次", acting_user=principal_a)
    orders.order_verify(order=late, acting_user=bureau_inspector)
    _overdue(serious_late, 2)
    RectificationOrder.objects.filter(pk=late.pk).update(deadline=today - dt.timedelta(days=1))
    RectificationAnswer.objects.filter(order=late, accepted=False).update(
        answered_at=timezone.now() - dt.timedelta(days=3))
    issue(bureau_inspector, school_b, severity=Severity.SERIOUS)

    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        figures = order_figures(school_ids=[school_a.pk, school_a2.pk, school_b.pk], today=today)
    assert len(queries.captured_queries) == 1
    assert figures[school_a.pk] == {"open": 2, "overdue": 1, "serious_open": 1, "verified_on_time": 1,
                                    "verified_late": 1}
    assert figures[school_a2.pk] == {"open": 0, "overdue": 0, "serious_open": 0, "verified_on_time": 0,
                                     "verified_late": 0}
    assert figures[school_b.pk] == {"open": 1, "overdue": 0, "serious_open": 1, "verified_on_time": 0,
                                    "verified_late": 0}
    assert order_figures(school_ids=[], today=today) == {}
