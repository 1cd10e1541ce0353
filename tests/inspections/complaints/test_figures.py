"""complaint_figures: the per-school counts behind the campaign vetoes, the risk score and the
dashboard, checked against an example worked out by hand."""

import datetime as dt

from django.utils import timezone

from inspections.choices import ComplaintOutcome
from inspections.models import Complaint
from inspections.selectors.complaints import complaint_figures
from tests.inspections.complaints.conftest import answer, assign, close, file


def test_figures_by_hand(school_a, school_a2, school_b, bureau_admin, principal_a, principal_b,
                         django_assert_num_queries):
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    since = today - dt.timedelta(days=30)

    # school A, within the period
    file(school_a)                                                    # 1 open
    late = file(school_a)                                             # 2 open, overdue (not assigned in time)
    Complaint.objects.filter(pk=late.pk).update(assign_by=yesterday)
    assign(file(school_a), bureau_admin, serious=True)                # 3 open, serious unresolved
    close(answer(assign(file(school_a), bureau_admin), principal_a), bureau_admin,
          outcome=ComplaintOutcome.SUBSTANTIATED, serious=True)       # 4 serious substantiated
    close(answer(assign(file(school_a), bureau_admin), principal_a), bureau_admin,
          outcome=ComplaintOutcome.PARTLY, serious=False)             # 5 closed, not serious
    close(answer(assign(file(school_a), bureau_admin), principal_a), bureau_admin,
          outcome=ComplaintOutcome.UNSUBSTANTIATED, serious=True)     # 6 serious but not substantiated
    # school A, before the period: counts nowhere
    old = close(answer(assign(file(school_a), bureau_admin, serious=True), principal_a), bureau_admin,
                outcome=ComplaintOutcome.SUBSTANTIATED, serious=True)
    Complaint.objects.filter(pk=old.pk).update(filed_at=timezone.now() - dt.timedelta(days=40))
    # school B: answered, the bureau is late closing it
    answered = answer(assign(file(school_b), bureau_admin), principal_b)
    Complaint.objects.filter(pk=answered.pk).update(close_by=yesterday)
    # a partly substantiated serious complaint of B filed after the period
    future = close(answer(assign(file(school_b), bureau_admin), principal_b), bureau_admin,
                   outcome=ComplaintOutcome.PARTLY, serious=True)
    Complaint.objects.filter(pk=future.pk).update(filed_at=timezone.now() + dt.timedelta(days=2))

    with django_assert_num_queries(1):
        figures = complaint_figures(school_ids=[school_a.pk, school_a2.pk, school_b.pk], since=since, until=today,
                                    today=today)
    assert figures == {
        school_a.pk: {"total": 6, "open": 3, "overdue": 1, "serious_substantiated": 1, "serious_unresolved": 1},
        school_a2.pk: {"total": 0, "open": 0, "overdue": 0, "serious_substantiated": 0, "serious_unresolved": 0},
        school_b.pk: {"total": 1, "open": 1, "overdue": 1, "serious_substantiated": 0, "serious_unresolved": 0},
    }
    # the same complaints seen the day before: nothing was overdue yet
    earlier = complaint_figures(school_ids=[school_a.pk, school_b.pk], since=since, until=today, today=yesterday)
    assert earlier[school_a.pk]["overdue"] == earlier[school_b.pk]["overdue"] == 0
    # open-ended periods take in the old and the future ones
    everything = complaint_figures(school_ids=[school_a.pk, school_b.pk], since=None, until=None, today=today)
    assert everything[school_a.pk]["total"] == 7 and everything[school_a.pk]["serious_substantiated"] == 2
    assert everything[school_b.pk]["serious_substantiated"] == 1


def test_no_schools_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert complaint_figures(school_ids=[], since=None, until=None) == {}


def test_closing_from_filed_is_not_open(school_a, bureau_admin):
    close(file(school_a), bureau_admin, outcome="", reason="重复", reply="与前一投诉重复。")
    figures = complaint_figures(school_ids=[school_a.pk], since=None, until=None)
    assert figures[school_a.pk] == {"total": 1, "open": 0, "overdue": 0, "serious_substantiated": 0,
                                    "serious_unresolved": 0}
