"""Monthly accounts (published to parents) and supervision visits."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from canteens.models import MonthlyAccount, SupervisionVisit
from canteens.services.access import ensure_canteen_keeper, ensure_principal
from houqin.core.history import save_with_history
from houqin.public.services import public_pages_changed

__all__ = ["account_publish", "account_save", "visit_save"]


@transaction.atomic
def account_save(*, account: MonthlyAccount, acting_user) -> MonthlyAccount:
    ensure_canteen_keeper(acting_user, account.canteen.school_id, accounts=True)
    if account.month and account.month > timezone.localdate().replace(day=1):
        raise ValidationError({"month": _("A month that has not begun cannot be accounted for.")})
    if account.pk and MonthlyAccount.objects.filter(pk=account.pk, published_at__isnull=False).exists():
        raise ValidationError(_("A published account is not changed; explain corrections in next month's account."))
    return save_with_history(account, acting_user=acting_user)


@transaction.atomic
def account_publish(*, account: MonthlyAccount, acting_user) -> MonthlyAccount:
    """The principal publishes the month's account to parents."""
    account = MonthlyAccount.objects.select_for_update().select_related("canteen__school").get(pk=account.pk)
    ensure_principal(acting_user, account.canteen.school_id)
    if account.published_at:
        raise ValidationError(_("This account is published already."))
    if account.month >= timezone.localdate().replace(day=1):
        raise ValidationError(_("A month's account is published once the month is over."))
    account.published_at, account.published_by = timezone.now(), acting_user
    account = save_with_history(account, acting_user=acting_user, reason=_("Published to parents"))
    public_pages_changed(school_codes=[account.canteen.school.code])
    return account


@transaction.atomic
def visit_save(*, visit: SupervisionVisit, acting_user) -> SupervisionVisit:
    ensure_canteen_keeper(acting_user, visit.canteen.school_id)
    if visit.date and visit.date > timezone.localdate():
        raise ValidationError({"date": _("A visit cannot be dated in the future.")})
    visit.recorded_by = acting_user
    return save_with_history(visit, acting_user=acting_user)
