"""Campaign types and rubrics: a draft is edited or imported from Excel; activating it freezes it;
a change to a rubric in use is a new version."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from houqin.public.services import public_pages_changed
from inspections.choices import RubricStatus
from inspections.models import CampaignType, Rubric, RubricItem, RubricSection
from inspections.services.access import ensure_bureau_admin


def campaign_type_save(*, campaign_type: CampaignType, acting_user) -> CampaignType:
    ensure_bureau_admin(acting_user, campaign_type.county_id)
    campaign_type = save_with_history(campaign_type, acting_user=acting_user)
    public_pages_changed(honours=True)  # the honour roll offers the type names as a filter
    return campaign_type


def _ensure_draft(rubric: Rubric) -> None:
    if rubric.status != RubricStatus.DRAFT:
        raise ValidationError(_("A rubric in use is not changed; make a new version of it."))


@transaction.atomic
def rubric_create(*, rubric: Rubric, acting_user) -> Rubric:
    """A new draft; its version follows the last one of the same type, year and level."""
    ensure_bureau_admin(acting_user, rubric.county_id)
    if rubric.campaign_type_id and rubric.campaign_type.county_id != rubric.county_id:
        raise ValidationError(_("Choose a campaign type of your county."))
    last = Rubric.objects.filter(campaign_type_id=rubric.campaign_type_id, year=rubric.year,
                                 level=rubric.level).aggregate(v=Max("version"))["v"]
    rubric.version = (last or 0) + 1
    rubric.status = RubricStatus.DRAFT
    return save_with_history(rubric, acting_user=acting_user, reason=_("Draft created"))


@transaction.atomic
def rubric_update(*, rubric: Rubric, acting_user) -> Rubric:
    ensure_bureau_admin(acting_user, rubric.county_id)
    _ensure_draft(Rubric.objects.select_for_update().get(pk=rubric.pk))
    return save_with_history(rubric, acting_user=acting_user)


@transaction.atomic
def rubric_section_save(*, section: RubricSection, acting_user) -> RubricSection:
    rubric = Rubric.objects.select_for_update().get(pk=section.rubric_id)
    ensure_bureau_admin(acting_user, rubric.county_id)
    _ensure_draft(rubric)
    if section.position is None:
        section.position = (rubric.sections.aggregate(p=Max("position"))["p"] or 0) + 1
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def rubric_item_save(*, item: RubricItem, acting_user) -> RubricItem:
    """Add or change an item of a draft. A veto item scores no points: failing it vetoes."""
    rubric = Rubric.objects.select_for_update().get(pk=item.rubric_id)
    ensure_bureau_admin(acting_user, rubric.county_id)
    _ensure_draft(rubric)
    if item.section.rubric_id != rubric.pk:
        raise ValidationError(_("Choose a section of this rubric."))
    if item.is_veto:
        item.max_points = Decimal("0")
    elif not item.max_points:
        raise ValidationError({"max_points": _("A scored item has more than 0 points.")})
    if item.position is None:
        item.position = (rubric.items.filter(section=item.section).aggregate(p=Max("position"))["p"] or 0) + 1
    item.full_clean()
    item.save()
    save_with_history(rubric, acting_user=acting_user, reason=_("Item %(code)s saved") % {"code": item.code})
    return item


@transaction.atomic
def rubric_item_delete(*, item: RubricItem, acting_user) -> None:
    rubric = Rubric.objects.select_for_update().get(pk=item.rubric_id)
    ensure_bureau_admin(acting_user, rubric.county_id)
    _ensure_draft(rubric)
    code = item.code
    item.delete()
    save_with_history(rubric, acting_user=acting_user, reason=_("Item %(code)s removed") % {"code": code})


def rubric_total(rubric: Rubric) -> Decimal:
    return rubric.items.filter(is_veto=False).aggregate(t=Sum("max_points"))["t"] or Decimal("0")


@transaction.atomic
def rubric_activate(*, rubric: Rubric, acting_user) -> Rubric:
    """Put a draft in use: it must hold scored items; from now on it never changes."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    ensure_bureau_admin(acting_user, rubric.county_id)
    _ensure_draft(rubric)
    if rubric_total(rubric) <= 0:
        raise ValidationError(_("A rubric needs scored items before it is put in use."))
    if rubric.sections.filter(items__isnull=True).exists():
        raise ValidationError(_("Every section needs at least one item."))
    rubric.status = RubricStatus.ACTIVE
    return save_with_history(rubric, acting_user=acting_user, reason=_("Put in use"))


@transaction.atomic
def rubric_retire(*, rubric: Rubric, acting_user) -> Rubric:
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    ensure_bureau_admin(acting_user, rubric.county_id)
    if rubric.status != RubricStatus.ACTIVE:
        raise ValidationError(_("Only a rubric in use is retired."))
    rubric.status = RubricStatus.RETIRED
    return save_with_history(rubric, acting_user=acting_user, reason=_("Retired"))


@transaction.atomic
def rubric_new_version(*, rubric: Rubric, acting_user) -> Rubric:
    """A draft copy of a rubric (sections and items), one version up, to be changed and put in use."""
    ensure_bureau_admin(acting_user, rubric.county_id)
    copy = rubric_create(rubric=Rubric(county_id=rubric.county_id, campaign_type_id=rubric.campaign_type_id,
                                       year=rubric.year, level=rubric.level, title=rubric.title, note=rubric.note,
                                       previous=rubric), acting_user=acting_user)
    sections = {}
    for section in rubric.sections.order_by("position"):
        sections[section.pk] = RubricSection.objects.create(rubric=copy, position=section.position,
                                                            title=section.title)
    RubricItem.objects.bulk_create([
        RubricItem(rubric=copy, section=sections[item.section_id], position=item.position, code=item.code,
                   text=item.text, max_points=item.max_points, guidance=item.guidance,
                   required_evidence=item.required_evidence, is_veto=item.is_veto, ledger_figure=item.ledger_figure)
        for item in rubric.items.all()])
    return copy


def rubric_fill(*, rubric: Rubric, sections: list[dict]) -> None:
    """Replace the content of a draft with `sections` ([{"title", "items": [{code, text, …}]}]).
    Called inside the import's (or the seed's) transaction."""
    _ensure_draft(rubric)
    rubric.items.all().delete()
    rubric.sections.all().delete()
    for position, data in enumerate(sections, start=1):
        section = RubricSection.objects.create(rubric=rubric, position=position, title=data["title"])
        for item_position, data_item in enumerate(data["items"], start=1):
            item = RubricItem(rubric=rubric, section=section, position=item_position, code=data_item["code"],
                              text=data_item["text"], max_points=Decimal(str(data_item["max_points"])),
                              guidance=data_item.get("guidance", ""),
                              required_evidence=data_item.get("required_evidence", ""),
                              is_veto=bool(data_item.get("is_veto")),
                              ledger_figure=data_item.get("ledger_figure", ""))
            item.full_clean()
            item.save()
