"""Term settlement of pass-through fees: collected against spent, refunds due (多退少不补)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fees.choices import ConsentChoice, FeeUnit, SettlementStatus
from fees.models import Consent, FeeNotice, Settlement, SettlementLine, Student
from fees.selectors import pass_through_categories
from fees.services.access import ensure_principal, ensure_school_keeper
from houqin.core.history import save_with_history

__all__ = [
    "refund_due",
    "settlement_line_save",
    "settlement_lines_prepare",
    "settlement_submit",
    "settlements_open",
]


def refund_due(collected: Decimal, spent: Decimal) -> Decimal:
    """多退少不补: a surplus is refunded; a shortfall is never charged to the family."""
    return max(Decimal(collected) - Decimal(spent), Decimal("0.00"))


def settlements_open(notice: FeeNotice) -> list[Settlement]:
    """One settlement per pass-through category of a published notice, due 15 days after term end."""
    opened = []
    for category in pass_through_categories(notice):
        settlement, _created = Settlement.objects.get_or_create(
            school_id=notice.school_id, term_id=notice.term_id, category=category,
            defaults={"due_date": Settlement.due_date_for(notice.term)},
        )
        opened.append(settlement)
    return opened


def _editable(settlement: Settlement, acting_user) -> Settlement:
    settlement = Settlement.objects.select_for_update().select_related("term", "category").get(pk=settlement.pk)
    ensure_school_keeper(acting_user, settlement.school_id)
    if settlement.status != SettlementStatus.DRAFT:
        raise ValidationError(_("A reported settlement cannot be changed."))
    return settlement


@transaction.atomic
def settlement_lines_prepare(*, settlement: Settlement, acting_user) -> int:
    """Add a line for every student who opted in (for a voluntary fee) or every student on the roll,
    with the amount collected for a per-term fee filled in. Existing lines are kept."""
    settlement = _editable(settlement, acting_user)
    item = (
        settlement.school.fee_notices.filter(term_id=settlement.term_id, status="published")
        .first()
        .items.filter(category=settlement.category)
        .order_by("position")
        .first()
    )
    students = Student.objects.filter(school_id=settlement.school_id, is_active=True,
                                      school_class__school_year=settlement.term.school_year)
    if item is not None and item.is_voluntary:
        opted = Consent.objects.filter(term_id=settlement.term_id, category=settlement.category,
                                       choice=ConsentChoice.OPT_IN).values("student_id")
        students = students.filter(pk__in=opted)
    existing = set(settlement.lines.values_list("student_id", flat=True))
    collected = item.amount if item is not None and item.unit == FeeUnit.PER_TERM else Decimal("0.00")
    created = 0
    for student in students.exclude(pk__in=existing):
        line = SettlementLine(settlement=settlement, student=student, collected=collected, spent=collected,
                              refund=Decimal("0.00"))
        save_with_history(line, acting_user=acting_user, reason=_("Line prepared"))
        created += 1
    return created


@transaction.atomic
def settlement_line_save(*, line: SettlementLine, acting_user) -> SettlementLine:
    """Change what was collected from and spent for one student; the refund follows."""
    _editable(line.settlement, acting_user)
    if line.student.school_id != line.settlement.school_id:
        raise ValidationError(_("This student is not at the school of the settlement."))
    line.refund = refund_due(line.collected, line.spent)
    return save_with_history(line, acting_user=acting_user)


@transaction.atomic
def settlement_submit(*, settlement: Settlement, acting_user) -> Settlement:
    """Report the settlement to the bureau; it cannot change afterwards."""
    settlement = _editable(settlement, acting_user)
    ensure_principal(acting_user, settlement.school_id)
    settlement.status = SettlementStatus.SUBMITTED
    settlement.submitted_at, settlement.submitted_by = timezone.now(), acting_user
    return save_with_history(settlement, acting_user=acting_user, reason=_("Reported to the bureau"))
