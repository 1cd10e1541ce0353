"""Campaigns: the bureau opens one on a rubric in use, with deadlines and review sources; schools
declare (申报) and the bureau accepts them; publishing the results awards the titles and orders the
schools below 80 to rectify."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from houqin.notify.registry import Due
from houqin.notify.services import notifications_deliver
from houqin.org.choices import Role
from houqin.org.models import School, User
from houqin.public.services import public_pages_changed
from inspections.choices import CampaignStatus, DeclarationStatus, Grade, RubricStatus, Severity, SourceMode
from inspections.models import Campaign, Declaration, ReviewSource, Title
from inspections.services.access import ensure_bureau, ensure_bureau_admin, ensure_principal

RECTIFY_DAYS = 30


@dataclass(frozen=True)
class SourceSpec:
    name: str
    weight: Decimal
    mode: str = SourceMode.ITEMS


def _check_sources(sources: list[SourceSpec]) -> None:
    if not sources:
        raise ValidationError(_("Name at least one review source."))
    names = [s.name.strip() for s in sources]
    if any(not name for name in names) or len(set(names)) != len(names):
        raise ValidationError(_("Each review source has a name of its own."))
    if any(s.weight <= 0 or s.weight > 100 for s in sources):
        raise ValidationError(_("A source's weight is more than 0 and at most 100 %."))
    if sum((s.weight for s in sources), Decimal("0")) != Decimal("100"):
        raise ValidationError(_("The weights of the review sources add up to 100 %."))
    if not any(s.mode == SourceMode.ITEMS for s in sources):
        raise ValidationError(_("At least one source scores the rubric item by item."))


def _check_dates(campaign: Campaign) -> None:
    if not (campaign.declare_by and campaign.self_assess_by and campaign.review_by):
        return
    if not campaign.declare_by <= campaign.self_assess_by <= campaign.review_by:
        raise ValidationError(_("The deadlines follow each other: declarations, then self-assessments, "
                                "then reviews."))
    if abs(campaign.review_by.year - campaign.year) > 1:
        raise ValidationError({"review_by": _("The deadlines fall within the campaign's year.")})


@transaction.atomic
def campaign_save(*, campaign: Campaign, sources: list[SourceSpec], acting_user) -> Campaign:
    """Create or change a draft campaign with its review sources (weights add up to 100 %)."""
    ensure_bureau_admin(acting_user, campaign.county_id)
    if campaign.pk and Campaign.objects.get(pk=campaign.pk).status != CampaignStatus.DRAFT:
        raise ValidationError(_("An open campaign keeps its rubric and review sources."))
    rubric = campaign.rubric
    if rubric.county_id != campaign.county_id or rubric.status != RubricStatus.ACTIVE:
        raise ValidationError({"rubric": _("Choose a rubric of your county that is in use.")})
    campaign.level = rubric.level
    _check_sources(sources)
    _check_dates(campaign)
    save_with_history(campaign, acting_user=acting_user)
    campaign.sources.all().delete()
    for position, source in enumerate(sources, start=1):
        ReviewSource.objects.create(campaign=campaign, position=position, name=source.name.strip(),
                                    weight=source.weight, mode=source.mode)
    return campaign


@transaction.atomic
def campaign_open(*, campaign: Campaign, acting_user) -> Campaign:
    """Open the campaign to declarations and tell every principal of the county."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    ensure_bureau_admin(acting_user, campaign.county_id)
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(_("Only a draft campaign is opened."))
    if campaign.declare_by < timezone.localdate():
        raise ValidationError(_("The declaration deadline has passed; change it before opening."))
    campaign.status = CampaignStatus.OPEN
    campaign.opened_at = timezone.now()
    save_with_history(campaign, acting_user=acting_user, reason=_("Opened"))
    principals = User.objects.filter(role=Role.PRINCIPAL, is_active=True, school__township__county_id=campaign.county_id)
    url = campaign.get_absolute_url()
    title = _("Campaign open: %(title)s (declare by %(date)s)") % {"title": campaign.title,
                                                                  "date": f"{campaign.declare_by:%Y-%m-%d}"}
    notifications_deliver("inspections.campaign_open", [
        Due(recipient_id=pk, period=f"campaign-{campaign.pk}", title=title, url=url)
        for pk in principals.values_list("pk", flat=True)])
    return campaign


@transaction.atomic
def campaign_start_review(*, campaign: Campaign, acting_user) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    ensure_bureau_admin(acting_user, campaign.county_id)
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("Only an open campaign goes to review."))
    campaign.status = CampaignStatus.REVIEW
    return save_with_history(campaign, acting_user=acting_user, reason=_("Review started"))


LEVEL_PREFIX = {"county": "县", "city": "市", "province": "省"}


def title_name(campaign: Campaign) -> str:
    """The official name of the title, always in Chinese: 2026年度县级放心食堂."""
    return f"{campaign.year}年度{LEVEL_PREFIX[campaign.level]}级{campaign.rubric.campaign_type.name}"


@transaction.atomic
def campaign_publish(*, campaign: Campaign, acting_user) -> Campaign:
    """Publish the results: every reviewed school's grade; titles for the advanced (shown on the
    public honour roll); a rectification order for every school below 80 or vetoed. Declarations
    never submitted are left without a result."""
    from inspections.services.rectification import order_issue

    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    ensure_bureau_admin(acting_user, campaign.county_id)
    if campaign.status != CampaignStatus.REVIEW:
        raise ValidationError(_("Results are published once the review is under way."))
    declarations = list(campaign.declarations.select_related("school"))
    pending = [d.school.name for d in declarations if d.status == DeclarationStatus.SUBMITTED]
    if pending:
        raise ValidationError(_("Finish the review of: %(schools)s.") % {"schools": "、".join(pending[:10])})
    now = timezone.now()
    name = title_name(campaign)
    awarded = []
    for declaration in declarations:
        if declaration.status != DeclarationStatus.REVIEWED:
            continue
        if declaration.grade == Grade.ADVANCED:
            title = Title(school=declaration.school, campaign=campaign, campaign_type=campaign.rubric.campaign_type,
                          name=name, level=campaign.level, year=campaign.year, awarded_at=now)
            save_with_history(title, acting_user=acting_user, reason=_("Awarded"))
            awarded.append(declaration.school.code)
        elif declaration.grade == Grade.RECTIFY:
            reasons = [v["detail"] for v in declaration.vetoes]
            order_issue(school=declaration.school,
                        finding=_("%(campaign)s: final score %(score)s.") % {
                            "campaign": campaign.title, "score": declaration.final_score}
                        + (" " + _("Vetoed: %(reasons)s.") % {"reasons": "；".join(reasons)} if reasons else ""),
                        requirement=_("Rectify the items that lost points and the vetoes found in the review."),
                        severity=Severity.NORMAL, deadline=timezone.localdate() + dt.timedelta(days=RECTIFY_DAYS),
                        responsible=declaration.school.principal_name or declaration.school.name,
                        acting_user=acting_user, declaration=declaration)
    campaign.status = CampaignStatus.PUBLISHED
    campaign.published_at = now
    public_pages_changed(school_codes=awarded, honours=bool(awarded))
    return save_with_history(campaign, acting_user=acting_user, reason=_("Results published"))


# --- declarations ---------------------------------------------------------------------------------


@transaction.atomic
def declaration_declare(*, campaign: Campaign, school: School, acting_user) -> Declaration:
    """The principal enters the school (申报) while the campaign is open and before its deadline."""
    ensure_principal(acting_user, school.pk)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.county_id != school.township.county_id:
        raise ValidationError(_("This campaign is not of your county."))
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("The campaign is not open for declarations."))
    if timezone.localdate() > campaign.declare_by:
        raise ValidationError(_("The declaration deadline (%(date)s) has passed.") % {
            "date": f"{campaign.declare_by:%Y-%m-%d}"})
    if Declaration.objects.filter(campaign=campaign, school=school).exists():
        raise ValidationError(_("The school has declared already."))
    declaration = Declaration(campaign=campaign, school=school, declared_by=acting_user)
    return save_with_history(declaration, acting_user=acting_user, reason=_("Declared"))


def _decide(declaration: Declaration, status: str, note: str, acting_user, reason: str) -> Declaration:
    declaration = Declaration.objects.select_for_update().select_related("campaign").get(pk=declaration.pk)
    ensure_bureau(acting_user, declaration.campaign.county_id)
    if declaration.status != DeclarationStatus.DECLARED:
        raise ValidationError(_("This declaration was decided already."))
    declaration.status = status
    declaration.decision_note = note.strip()
    return save_with_history(declaration, acting_user=acting_user, reason=reason)


@transaction.atomic
def declaration_accept(*, declaration: Declaration, note: str = "", acting_user) -> Declaration:
    return _decide(declaration, DeclarationStatus.ACCEPTED, note, acting_user, _("Accepted"))


@transaction.atomic
def declaration_reject(*, declaration: Declaration, note: str, acting_user) -> Declaration:
    if not note.strip():
        raise ValidationError({"note": _("Say why the declaration is not accepted.")})
    return _decide(declaration, DeclarationStatus.REJECTED, note, acting_user, _("Not accepted"))
