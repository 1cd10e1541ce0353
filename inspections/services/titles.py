"""Titles after the campaign: unannounced rechecks (复查) that revoke a title when they fail, and the
veto facts the bureau records because no ledger holds them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from houqin.public.services import public_pages_changed
from inspections.choices import RECORDED_VETO_KINDS
from inspections.models import Recheck, Title, VetoFact
from inspections.services.access import ensure_bureau


@transaction.atomic
def recheck_record(*, recheck: Recheck, acting_user) -> Recheck:
    """Record a recheck of a title in force; a failed one revokes the title, with the findings as
    the reason, in the title's history."""
    title = Title.objects.select_for_update().select_related("school__township").get(pk=recheck.title_id)
    ensure_bureau(acting_user, title.school.township.county_id)
    if title.revoked_at:
        raise ValidationError(_("This title is revoked already."))
    if recheck.date and (recheck.date > timezone.localdate() or recheck.date < title.awarded_at.date()):
        raise ValidationError({"date": _("A recheck falls between the award and today.")})
    if len((recheck.findings or "").strip()) < 2:
        raise ValidationError({"findings": _("Write down what the recheck found.")})
    recheck.inspector = acting_user
    save_with_history(recheck, acting_user=acting_user, reason=_("Recheck passed") if recheck.passed
                      else _("Recheck failed"))
    if not recheck.passed:
        title.revoked_at = timezone.now()
        title.revoke_reason = _("Recheck of %(date)s failed: %(findings)s") % {
            "date": f"{recheck.date:%Y-%m-%d}", "findings": recheck.findings.strip()}
        save_with_history(title, acting_user=acting_user, reason=title.revoke_reason[:200])
        public_pages_changed(school_codes=[title.school.code], honours=True)
    return recheck


@transaction.atomic
def veto_fact_record(*, fact: VetoFact, acting_user) -> VetoFact:
    ensure_bureau(acting_user, fact.school.township.county_id)
    if fact.kind not in RECORDED_VETO_KINDS:
        raise ValidationError({"kind": _("This fact comes from the ledgers and is not recorded by hand.")})
    if fact.date and fact.date > timezone.localdate():
        raise ValidationError({"date": _("A fact is recorded once it happened.")})
    fact.recorded_by = acting_user
    return save_with_history(fact, acting_user=acting_user, reason=_("Recorded"))


@transaction.atomic
def veto_fact_void(*, fact: VetoFact, reason: str, acting_user) -> VetoFact:
    fact = VetoFact.objects.select_for_update().select_related("school__township").get(pk=fact.pk)
    ensure_bureau(acting_user, fact.school.township.county_id)
    if fact.voided_at:
        raise ValidationError(_("This fact is voided already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the fact is voided.")})
    fact.voided_at = timezone.now()
    fact.void_reason = reason.strip()[:200]
    return save_with_history(fact, acting_user=acting_user, reason=_("Voided: %(reason)s") % {"reason": fact.void_reason})
