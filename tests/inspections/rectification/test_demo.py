"""The demo data: built through the services, every order status present, idempotent."""

from houqin.notify.models import Notification
from houqin.org import demo as org_demo
from inspections import demo_inspections
from inspections.choices import InspectionStatus, OrderStatus, Severity
from inspections.models import Checklist, DutyVisit, Inspection, RectificationOrder
from inspections.selectors.duty import duty_compliance, duty_schools
from inspections.rules_duty import previous_month


def test_demo_data_is_complete_and_idempotent(db):
    from django.utils import timezone

    org_demo.seed()
    demo_inspections.seed()
    checklists = Checklist.objects.all()
    assert checklists.count() == 3 and all(8 <= c.items.count() <= 15 for c in checklists)
    assert all(c.items.filter(severity=Severity.SERIOUS).exists() for c in checklists)
    assert Inspection.objects.filter(status=InspectionStatus.DONE).count() == 4
    assert Inspection.objects.filter(status=InspectionStatus.DRAFT).count() == 1
    statuses = set(RectificationOrder.objects.values_list("status", flat=True))
    assert statuses == {OrderStatus.OPEN, OrderStatus.ANSWERED, OrderStatus.VERIFIED}
    today = timezone.localdate()
    escalated = RectificationOrder.objects.filter(escalated_at__isnull=False)
    assert escalated.count() == 1 and escalated.get().severity == Severity.SERIOUS
    assert escalated.get().deadline < today
    assert RectificationOrder.objects.filter(reopened_count=1, status=OrderStatus.OPEN).exists()
    assert Notification.objects.filter(rule="inspections.order_overdue", recipient__username="admin").count() == 1
    assert DutyVisit.objects.filter(date__gte=previous_month(today)).count() == DutyVisit.objects.count() > 20
    from houqin.org.models import User

    supervisor = User.objects.get(username="supervisor")
    rows = duty_compliance(list(duty_schools(user=supervisor)), month=previous_month(today), today=today)
    assert any(d.shortfall for row in rows for d in row["duties"])
    assert any(d.state == "met" for row in rows for d in row["duties"])

    counts = (Checklist.objects.count(), Inspection.objects.count(), RectificationOrder.objects.count(),
              DutyVisit.objects.count(), Notification.objects.count())
    demo_inspections.seed()
    assert counts == (Checklist.objects.count(), Inspection.objects.count(), RectificationOrder.objects.count(),
                      DutyVisit.objects.count(), Notification.objects.count())
