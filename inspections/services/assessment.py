"""Self-assessment (自查自评) and review (复核): scores per item checked against the rubric, every
score recomputed on the server from the stored points, the result graded with its vetoes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from inspections import rules
from inspections.choices import CampaignStatus, DeclarationStatus, ReviewMethod, SourceMode, VetoKind
from inspections.models import Declaration, ReviewScore, ReviewSheet, ReviewSource, RubricItem, SelfEvidence, SelfScore
from inspections.services.access import ensure_bureau, ensure_bureau_admin, ensure_principal, ensure_reviewer

SELF_REPORT_MIN = 20


@dataclass
class ItemEntry:
    item_id: int
    points: Decimal | None
    text: str = ""  # the evidence (self-assessment) or the note (review)
    methods: list = field(default_factory=list)
    vetoed: bool = False


def _points_error(item: RubricItem, points) -> str | None:
    problem = rules.points_problems(points, item.max_points)
    if problem is None:
        return None
    return {
        "missing": _("Give a score."),
        "negative": _("A score is not negative."),
        "above_max": _("At most %(max)s points.") % {"max": item.max_points.normalize()},
        "precision": _("Scores are in steps of 0.1."),
    }[problem]


def _locked_declaration(declaration: Declaration) -> Declaration:
    return Declaration.objects.select_for_update().select_related("campaign__rubric", "school").get(pk=declaration.pk)


def _items(declaration: Declaration) -> dict[int, RubricItem]:
    return {item.pk: item for item in RubricItem.objects.filter(rubric_id=declaration.campaign.rubric_id)}


# --- self-assessment ------------------------------------------------------------------------------


def _ensure_self_assessing(declaration: Declaration, acting_user) -> None:
    ensure_principal(acting_user, declaration.school_id)
    if declaration.status != DeclarationStatus.ACCEPTED:
        raise ValidationError(_("The self-assessment is locked."))
    if declaration.campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("The campaign is no longer open for self-assessment."))
    if timezone.localdate() > declaration.campaign.self_assess_by:
        raise ValidationError(_("The self-assessment deadline (%(date)s) has passed.") % {
            "date": f"{declaration.campaign.self_assess_by:%Y-%m-%d}"})


@transaction.atomic
def self_assessment_save(*, declaration: Declaration, entries: list[ItemEntry], report: str,
                         acting_user) -> Declaration:
    """Save the principal's scores and evidence (all of them or none) and the self-report. Items left
    blank stay unscored; the score is recomputed here from what is stored."""
    declaration = _locked_declaration(declaration)
    _ensure_self_assessing(declaration, acting_user)
    items = _items(declaration)
    errors = {}
    for entry in entries:
        item = items.get(entry.item_id)
        if item is None:
            raise ValidationError(_("This item is not in the campaign's rubric."))
        if item.is_veto or (entry.points is None and not entry.text.strip()):
            continue
        if message := _points_error(item, entry.points):
            errors[f"item-{item.pk}"] = f"{item.code}: {message}"
    if errors:
        raise ValidationError(errors)
    existing = {s.item_id: s for s in SelfScore.objects.filter(declaration=declaration)}
    for entry in entries:
        item = items[entry.item_id]
        points = Decimal("0") if item.is_veto and entry.text.strip() else entry.points
        score = existing.get(item.pk)
        if points is None or (item.is_veto and not entry.text.strip()):
            if score is not None:
                score._history_user = acting_user
                score.delete()
            continue
        if score is None:
            score = SelfScore(declaration=declaration, item=item)
        if score.points == points and score.evidence == entry.text.strip():
            continue
        score.points = points
        score.evidence = entry.text.strip()
        save_with_history(score, acting_user=acting_user)
    declaration.self_report = report.strip()
    declaration.self_score = _self_total(declaration)
    return save_with_history(declaration, acting_user=acting_user, reason=_("Self-assessment saved"))


def _self_total(declaration: Declaration) -> Decimal:
    scores = SelfScore.objects.filter(declaration=declaration, item__is_veto=False).values_list("points", flat=True)
    return sum(scores, Decimal("0"))


@transaction.atomic
def self_evidence_add(*, declaration: Declaration, item: RubricItem, file, caption: str, acting_user) -> SelfEvidence:
    declaration = _locked_declaration(declaration)
    _ensure_self_assessing(declaration, acting_user)
    if item.rubric_id != declaration.campaign.rubric_id:
        raise ValidationError(_("This item is not in the campaign's rubric."))
    if SelfEvidence.objects.filter(declaration=declaration, item=item).count() >= 10:
        raise ValidationError(_("At most 10 files per item."))
    evidence = SelfEvidence(declaration=declaration, item=item, file=file, caption=caption.strip(),
                            uploaded_by=acting_user)
    return save_with_history(evidence, acting_user=acting_user, reason=_("Evidence added"))


@transaction.atomic
def self_evidence_remove(*, evidence: SelfEvidence, acting_user) -> None:
    declaration = _locked_declaration(evidence.declaration)
    _ensure_self_assessing(declaration, acting_user)
    evidence._history_user = acting_user
    evidence._change_reason = _("Evidence removed")
    evidence.delete()


@transaction.atomic
def declaration_submit(*, declaration: Declaration, acting_user) -> Declaration:
    """Submit the self-assessment: every scored item has a score and the report is written; from now
    on it is locked."""
    declaration = _locked_declaration(declaration)
    _ensure_self_assessing(declaration, acting_user)
    scored = set(SelfScore.objects.filter(declaration=declaration).values_list("item_id", flat=True))
    missing = [item.code for item in RubricItem.objects.filter(rubric_id=declaration.campaign.rubric_id,
                                                               is_veto=False).order_by("section__position", "position")
               if item.pk not in scored]
    if missing:
        raise ValidationError(_("Score every item before submitting; missing: %(codes)s.") % {
            "codes": "、".join(missing[:15]) + ("…" if len(missing) > 15 else "")})
    if len(declaration.self_report.strip()) < SELF_REPORT_MIN:
        raise ValidationError(_("Write the self-assessment report (at least %(count)s characters).") % {
            "count": SELF_REPORT_MIN})
    declaration.status = DeclarationStatus.SUBMITTED
    declaration.submitted_at = timezone.now()
    declaration.self_score = _self_total(declaration)
    return save_with_history(declaration, acting_user=acting_user, reason=_("Self-assessment submitted"))


@transaction.atomic
def declaration_return(*, declaration: Declaration, note: str, acting_user) -> Declaration:
    """The bureau sends a submitted self-assessment back for correction, before any review of it."""
    declaration = _locked_declaration(declaration)
    ensure_bureau(acting_user, declaration.campaign.county_id)
    if declaration.status != DeclarationStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted self-assessment is sent back."))
    if declaration.review_sheets.exists():
        raise ValidationError(_("The review has begun; the self-assessment stays as submitted."))
    if not note.strip():
        raise ValidationError({"note": _("Say what to correct.")})
    if declaration.campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("The campaign is no longer open for self-assessment."))
    declaration.status = DeclarationStatus.ACCEPTED
    declaration.decision_note = note.strip()
    declaration.submitted_at = None
    return save_with_history(declaration, acting_user=acting_user, reason=_("Sent back: %(note)s") % {
        "note": note.strip()[:150]})


# --- review ---------------------------------------------------------------------------------------


def _ensure_reviewing(declaration: Declaration, acting_user) -> None:
    ensure_reviewer(acting_user, declaration.school)
    if declaration.status != DeclarationStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted self-assessment is reviewed, and only until the review is "
                                "completed."))
    if declaration.campaign.status not in (CampaignStatus.OPEN, CampaignStatus.REVIEW):
        raise ValidationError(_("The campaign's results are published."))


def _digest(*parts) -> str:
    return hashlib.blake2s("\x1f".join(map(str, parts)).encode(), digest_size=6).hexdigest()


def _score_digest(item: RubricItem, points, vetoed, methods, note) -> str:
    """What one item of a review sheet says, in short: the same for a stored score and for a posted
    entry that says the same (no score at all and a blank entry are the same too)."""
    shown = "" if item.is_veto or points is None else f"{Decimal(points).normalize():f}"
    return _digest(shown, bool(vetoed) and item.is_veto, ",".join(sorted(set(methods or ()))), (note or "").strip())


def review_sheet_version(*, declaration: Declaration, source: ReviewSource, sheet: ReviewSheet | None = None
                         ) -> dict[str, str]:
    """The state of a source's review sheet as the form shows it, item by item ("<item pk>"), and its
    findings ("notes") and overall score ("overall"). The form sends it back as `based_on`, so that
    a save can tell what its author changed from what another inspector saved in the meantime."""
    if sheet is None:
        sheet = ReviewSheet.objects.filter(declaration=declaration, source=source).first()
    scores = {s.item_id: s for s in sheet.scores.all()} if sheet is not None else {}
    version = {}
    for item in _items(declaration).values():
        score = scores.get(item.pk)
        version[str(item.pk)] = (_score_digest(item, score.points, score.vetoed, score.methods, score.note)
                                 if score is not None else _score_digest(item, None, False, (), ""))
    version["notes"] = _digest("notes", sheet.notes.strip() if sheet is not None else "")
    overall = sheet.overall_score if sheet is not None else None
    version["overall"] = _digest("overall", "" if overall is None else f"{overall.normalize():f}")
    return version


def _merge_concurrent_edits(*, declaration, source, sheet, items, entries, overall_score, notes, based_on):
    """Three-way merge of a save with what was saved since its form was shown (`based_on`): what its
    author changed is applied, what another inspector changed meanwhile is kept, and the save is
    refused, naming the items, where both changed the same thing differently (no lost update)."""
    now = review_sheet_version(declaration=declaration, source=source, sheet=sheet if sheet.pk else None)
    stored = {s.item_id: s for s in sheet.scores.all()} if sheet.pk else {}
    who = (sheet.inspector.full_name or sheet.inspector.username) if sheet.pk else ""
    errors, merged = {}, []
    for entry in entries:
        item = items.get(entry.item_id)
        if item is None:
            raise ValidationError(_("This item is not in the campaign's rubric."))
        key = str(item.pk)
        mine = _score_digest(item, entry.points, entry.vetoed, entry.methods, entry.text)
        base = based_on.get(key, now[key])
        if now[key] == base or now[key] == mine:
            merged.append(entry)
        elif mine == base:  # changed by the other inspector only: theirs stays
            score = stored.get(item.pk)
            merged.append(ItemEntry(item_id=item.pk, points=None if score is None or item.is_veto else score.points,
                                    text=score.note if score else "", methods=list(score.methods) if score else [],
                                    vetoed=bool(score and score.vetoed)))
        else:
            errors[f"item-{item.pk}"] = _("%(code)s: %(name)s saved another score meanwhile; it is shown here.") % {
                "code": item.code, "name": who}
    for key, mine, current, label in (
        ("notes", _digest("notes", notes.strip()), sheet.notes if sheet.pk else "", "notes"),
        ("overall", _digest("overall", "" if overall_score is None else f"{overall_score.normalize():f}"),
         sheet.overall_score if sheet.pk else None, "overall_score"),
    ):
        base = based_on.get(key, now[key])
        if now[key] == base or now[key] == mine:
            continue
        if mine == base:
            if key == "notes":
                notes = current
            else:
                overall_score = current
        else:
            errors[label] = _("%(name)s saved other findings or another overall score meanwhile; they are "
                              "shown here.") % {"name": who}
    if errors:
        errors["__all__"] = _("Another inspector saved this review while you were editing it, and you both changed "
                              "the same items. Nothing was saved: check their scores shown below and save again.")
        raise ValidationError(errors)
    return merged, overall_score, notes


@transaction.atomic
def review_sheet_save(*, declaration: Declaration, source: ReviewSource, entries: list[ItemEntry],
                      overall_score: Decimal | None, notes: str, acting_user,
                      based_on: dict[str, str] | None = None) -> ReviewSheet:
    """One source's review: item by item (points, methods, note, veto found) or one overall score.
    The sheet's score is recomputed here from the stored points; the client's sums are not trusted.
    With `based_on` (the `review_sheet_version` the form was shown with), changes saved meanwhile
    by another inspector are merged, or the save is refused where both changed the same item."""
    declaration = _locked_declaration(declaration)
    _ensure_reviewing(declaration, acting_user)
    if source.campaign_id != declaration.campaign_id:
        raise ValidationError(_("This review source is not of the campaign."))
    sheet = ReviewSheet.objects.select_for_update().filter(declaration=declaration, source=source).first()
    if sheet is None:
        sheet = ReviewSheet(declaration=declaration, source=source, inspector=acting_user)
    items = _items(declaration)
    if based_on is not None:
        entries, overall_score, notes = _merge_concurrent_edits(
            declaration=declaration, source=source, sheet=sheet, items=items, entries=entries,
            overall_score=overall_score, notes=notes, based_on=based_on)
    sheet.notes = notes.strip()
    if source.mode == SourceMode.OVERALL:
        if overall_score is None or not Decimal("0") <= overall_score <= Decimal("100"):
            raise ValidationError({"overall_score": _("Give a score from 0 to 100.")})
        sheet.overall_score = overall_score
        sheet.score = overall_score.quantize(rules.CENT)
        sheet.inspector = acting_user
        save_with_history(sheet, acting_user=acting_user, reason=_("Reviewed"))
        _refresh_final_score(declaration)
        return sheet
    errors = {}
    valid_methods = set(ReviewMethod.values)
    for entry in entries:
        item = items.get(entry.item_id)
        if item is None:
            raise ValidationError(_("This item is not in the campaign's rubric."))
        if not set(entry.methods) <= valid_methods:
            raise ValidationError(_("Unknown review method."))
        if item.is_veto:
            continue
        if message := _points_error(item, entry.points):
            errors[f"item-{item.pk}"] = f"{item.code}: {message}"
    scored = {entry.item_id for entry in entries if not items[entry.item_id].is_veto}
    missing = [item.code for item in items.values() if not item.is_veto and item.pk not in scored]
    if missing:
        errors["__all__"] = _("Score every item; missing: %(codes)s.") % {"codes": "、".join(sorted(missing)[:15])}
    if errors:
        raise ValidationError(errors)
    sheet.inspector = acting_user
    sheet.overall_score = None
    save_with_history(sheet, acting_user=acting_user, reason=_("Reviewed"))
    existing = {s.item_id: s for s in sheet.scores.all()}
    for entry in entries:
        item = items[entry.item_id]
        score = existing.get(item.pk) or ReviewScore(sheet=sheet, item=item)
        score.points = Decimal("0") if item.is_veto else entry.points
        score.vetoed = bool(entry.vetoed) and item.is_veto
        score.methods = list(dict.fromkeys(entry.methods))
        score.note = entry.text.strip()
        save_with_history(score, acting_user=acting_user)
    total = sum((s.points for s in sheet.scores.filter(item__is_veto=False)), Decimal("0"))
    max_total = sum((item.max_points for item in items.values() if not item.is_veto), Decimal("0"))
    sheet.score = rules.percent_of(total, max_total)
    sheet.save(update_fields=["score"])
    _refresh_final_score(declaration)
    return sheet


def _refresh_final_score(declaration: Declaration) -> None:
    """The weighted score once every source has scored; None until then."""
    sources = {s.pk: s.weight for s in declaration.campaign.sources.all()}
    scores = {sheet.source_id: sheet.score for sheet in declaration.review_sheets.all() if sheet.score is not None}
    final = rules.weighted_score(scores, sources) if set(sources) <= set(scores) else None
    if final != declaration.final_score:
        declaration.final_score = final
        declaration.save(update_fields=["final_score"])


def declaration_vetoes(declaration: Declaration) -> list[rules.Veto]:
    """The ledger and recorded facts of the campaign year, and every veto item a reviewer found."""
    from inspections.selectors.evidence import veto_facts

    vetoes = veto_facts(declaration.school, declaration.campaign.year)
    found = ReviewScore.objects.filter(sheet__declaration=declaration, vetoed=True).select_related("item", "sheet__source")
    vetoes += [rules.Veto(VetoKind.VETO_ITEM, f"{s.item.code} {s.item.text}（{s.sheet.source.name}）") for s in found]
    return rules.applicable_vetoes(vetoes, declaration.campaign.rubric.campaign_type.area)


@transaction.atomic
def declaration_review_complete(*, declaration: Declaration, acting_user) -> Declaration:
    """Close the review: every source has scored; the final score, the vetoes and the grade are
    computed here and kept with the declaration."""
    declaration = _locked_declaration(declaration)
    ensure_bureau(acting_user, declaration.campaign.county_id)
    if declaration.status != DeclarationStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted self-assessment under review is completed."))
    _refresh_final_score(declaration)
    if declaration.final_score is None:
        names = [s.name for s in declaration.campaign.sources.exclude(sheets__declaration=declaration)]
        raise ValidationError(_("Sources still to score: %(names)s.") % {"names": "、".join(names)
                                                                         or _("a source's score is missing")})
    vetoes = declaration_vetoes(declaration)
    declaration.vetoes = [veto.as_dict() for veto in vetoes]
    declaration.grade = rules.grade_for(declaration.final_score, vetoes, declaration.campaign.rubric.campaign_type.area)
    declaration.status = DeclarationStatus.REVIEWED
    declaration.reviewed_at = timezone.now()
    return save_with_history(declaration, acting_user=acting_user, reason=_("Review completed"))


@transaction.atomic
def declaration_review_reopen(*, declaration: Declaration, reason: str, acting_user) -> Declaration:
    declaration = _locked_declaration(declaration)
    ensure_bureau_admin(acting_user, declaration.campaign.county_id)
    if declaration.status != DeclarationStatus.REVIEWED or declaration.campaign.status == CampaignStatus.PUBLISHED:
        raise ValidationError(_("Only a completed review of an unpublished campaign is reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the review is reopened.")})
    declaration.status = DeclarationStatus.SUBMITTED
    declaration.grade = ""
    declaration.vetoes = []
    declaration.reviewed_at = None
    return save_with_history(declaration, acting_user=acting_user, reason=_("Review reopened: %(reason)s") % {
        "reason": reason.strip()[:150]})
