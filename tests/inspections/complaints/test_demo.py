"""The demo complaints: every stage, built through the services, seeded once."""

from django.utils import timezone

from houqin.org import demo as org_demo
from inspections import demo_complaints
from inspections.choices import ComplaintStatus
from inspections.models import Complaint
from inspections.selectors.complaints import complaint_figures, complaint_timeline, is_overdue


def test_demo_complaints_cover_every_stage_and_seed_once(db):
    org_demo.seed()
    demo_complaints.seed()
    complaints = list(Complaint.objects.all())
    assert len(complaints) == 8
    assert {c.status for c in complaints} == set(ComplaintStatus.values)
    assert sum(is_overdue(c) for c in complaints) == 2
    for complaint in complaints:
        stages = complaint_timeline(complaint)
        assert [s.when for s in stages] == sorted(s.when for s in stages)
        assert complaint.filed_at <= timezone.now()
    figures = complaint_figures(school_ids=[c.school_id for c in complaints], since=None, until=None)
    assert sum(f["serious_substantiated"] for f in figures.values()) == 1
    demo_complaints.seed()
    assert Complaint.objects.count() == 8
