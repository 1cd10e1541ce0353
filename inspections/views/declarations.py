"""A school's declaration: the self-assessment with evidence and ledger figures, the bureau's
decision, the review sheets by source, the result and its PDF sheet."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.text import printable
from houqin.org.choices import Role
from inspections.choices import CampaignStatus, DeclarationStatus, ReviewMethod, SourceMode
from inspections.forms import EvidenceForm, NoteForm, ReasonForm
from inspections.models import Declaration, ReviewSource, RubricItem, SelfEvidence
from inspections.selectors import campaigns as selectors
from inspections.selectors.evidence import ledger_figures
from inspections.services import assessment, campaigns as campaign_services

BUREAU = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.TOWNSHIP_SUPERVISOR)
MAX_TEXT = 4000


def _declaration(request, pk) -> Declaration:
    return get_object_or_404(Declaration.objects.visible_to(request.user).select_related(
        "campaign__rubric__campaign_type", "school__township"), pk=pk)


def _points(value: str):
    """A score typed in a form: None when empty, "invalid" when not a number."""
    value = (value or "").strip().replace("，", ".").replace(",", ".")
    if not value:
        return None
    try:
        points = Decimal(value)
    except InvalidOperation:
        return "invalid"
    return points if points.is_finite() else "invalid"


def _errors(error: ValidationError) -> dict[str, str]:
    """A service's errors by key ("item-<pk>", a field, or "__all__") for the page to place."""
    if hasattr(error, "error_dict"):
        return {key: " ".join(m for e in errors for m in e.messages) for key, errors in error.error_dict.items()}
    return {"__all__": " ".join(error.messages)}


def _text(value: str) -> str:
    return printable(value or "").strip()


def _item_rows(declaration: Declaration, user) -> list[dict]:
    """The rubric's sections and items with the self-scores, evidence files, review scores and the
    bound ledger figures (a fixed number of queries)."""
    sections = selectors.rubric_items(declaration.campaign.rubric)
    self_scores = {s.item_id: s for s in declaration.self_scores.all()}
    files: dict[int, list] = {}
    for evidence in declaration.evidence_files.all():
        files.setdefault(evidence.item_id, []).append(evidence)
    show_reviews = user.role in BUREAU or declaration.campaign.status == CampaignStatus.PUBLISHED
    reviews: dict[int, list] = {}
    if show_reviews:
        for sheet in declaration.review_sheets.select_related("source").prefetch_related("scores"):
            for score in sheet.scores.all():
                reviews.setdefault(score.item_id, []).append((sheet.source, score))
    codes = {item.ledger_figure for section in sections for item in section["items"] if item.ledger_figure}
    figures = ledger_figures(declaration.school, declaration.campaign.year, codes) if codes else {}
    for section in sections:
        section["rows"] = [{"item": item, "self": self_scores.get(item.pk), "files": files.get(item.pk, []),
                            "reviews": reviews.get(item.pk, []), "figure": figures.get(item.ledger_figure)}
                           for item in section["items"]]
    return sections


class DeclarationDetailView(RoleRequiredMixin, View):
    def get(self, request, pk):
        declaration = _declaration(request, pk)
        user = request.user
        campaign = declaration.campaign
        is_bureau = user.role in BUREAU
        published = campaign.status == CampaignStatus.PUBLISHED
        context = {
            "declaration": declaration, "campaign": campaign, "sections": _item_rows(declaration, user),
            "is_bureau": is_bureau, "is_admin": user.role == Role.BUREAU_ADMIN,
            "is_principal": user.role == Role.PRINCIPAL and user.school_id == declaration.school_id,
            "show_result": declaration.status == DeclarationStatus.REVIEWED and (is_bureau or published),
            "sheets": {s.source_id: s for s in declaration.review_sheets.all()} if is_bureau else {},
            "sources": list(campaign.sources.all()),
            "note_form": NoteForm(), "reason_form": ReasonForm(),
            "history": history_entries(declaration) if is_bureau or declaration.school_id == user.school_id else [],
        }
        return render(request, "inspections/declaration_detail.html", context)


class SelfAssessmentView(RoleRequiredMixin, View):
    """The principal's scores, evidence and report, saved together; submitting locks them."""

    allowed_roles = (Role.PRINCIPAL,)

    def get(self, request, pk):
        declaration = _declaration(request, pk)
        if declaration.school_id != request.user.school_id:
            raise PermissionDenied
        return self.render(request, declaration, errors={})

    def render(self, request, declaration, errors, posted=None, status=200):
        sections = _item_rows(declaration, request.user)
        for section in sections:
            for row in section["rows"]:
                pk, saved = row["item"].pk, row["self"]
                if posted is not None:
                    row["points_value"] = posted.get(f"points-{pk}", "")
                    row["evidence_value"] = posted.get(f"evidence-{pk}", "")
                else:
                    row["points_value"] = "" if saved is None or row["item"].is_veto else f"{saved.points.normalize():f}"
                    row["evidence_value"] = saved.evidence if saved else ""
                row["error"] = errors.get(f"item-{pk}", "")
        general = [message for key, message in errors.items() if not key.startswith("item-")]
        return render(request, "inspections/self_assessment.html", {
            "declaration": declaration, "campaign": declaration.campaign, "sections": sections,
            "errors": errors, "general_errors": general,
            "report": (posted or {}).get("report", declaration.self_report),
        }, status=status)

    def post(self, request, pk):
        declaration = _declaration(request, pk)
        if declaration.school_id != request.user.school_id:
            raise PermissionDenied
        entries, errors, posted = [], {}, {"report": _text(request.POST.get("report"))[:20000]}
        for item in RubricItem.objects.filter(rubric_id=declaration.campaign.rubric_id):
            raw = request.POST.get(f"points-{item.pk}", "")
            text = _text(request.POST.get(f"evidence-{item.pk}"))
            posted[f"points-{item.pk}"], posted[f"evidence-{item.pk}"] = raw, text
            points = _points(raw)
            if points == "invalid":
                errors[f"item-{item.pk}"] = _("%(code)s: enter a number.") % {"code": item.code}
                continue
            if len(text) > MAX_TEXT:
                errors[f"item-{item.pk}"] = _("%(code)s: at most %(count)s characters.") % {
                    "code": item.code, "count": MAX_TEXT}
                continue
            entries.append(assessment.ItemEntry(item_id=item.pk, points=points, text=text))
        if not errors:
            try:
                assessment.self_assessment_save(declaration=declaration, entries=entries, report=posted["report"],
                                                acting_user=request.user)
                if request.POST.get("submit"):
                    assessment.declaration_submit(declaration=declaration, acting_user=request.user)
                    messages.success(request, _("The self-assessment is submitted and locked."))
                    return redirect(declaration)
            except ValidationError as error:
                errors = _errors(error)
                declaration.refresh_from_db()
                return self.render(request, declaration, errors, posted, status=422)
            messages.success(request, _("Saved. Submit when every item is scored."))
            return redirect("inspections:self_assessment", pk=declaration.pk)
        return self.render(request, declaration, errors, posted, status=422)


class EvidenceView(RoleRequiredMixin, View):
    """Photos and files for one item: add (≤ 10) and remove, while the self-assessment is open."""

    allowed_roles = (Role.PRINCIPAL,)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.declaration = _declaration(request, kwargs["pk"])
            if self.declaration.school_id != request.user.school_id:
                raise PermissionDenied
            self.item = get_object_or_404(RubricItem.objects.filter(rubric_id=self.declaration.campaign.rubric_id),
                                          pk=kwargs["item_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk, item_pk, error=None, status=200):
        files = SelfEvidence.objects.filter(declaration=self.declaration, item=self.item)
        return render(request, "inspections/evidence.html", {
            "declaration": self.declaration, "item": self.item, "files": files,
            "form": EvidenceForm(), "error": error}, status=status)

    def post(self, request, pk, item_pk):
        if "remove" in request.POST:
            evidence = get_object_or_404(SelfEvidence.objects.filter(declaration=self.declaration, item=self.item),
                                         pk=request.POST.get("remove"))
            try:
                assessment.self_evidence_remove(evidence=evidence, acting_user=request.user)
            except ValidationError as error:
                return self.get(request, pk, item_pk, error=" ".join(error.messages), status=422)
            return redirect("inspections:evidence", pk=pk, item_pk=item_pk)
        form = EvidenceForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.get(request, pk, item_pk, error=" ".join(e for errors in form.errors.values() for e in errors),
                            status=422)
        try:
            assessment.self_evidence_add(declaration=self.declaration, item=self.item, file=form.cleaned_data["file"],
                                         caption=form.cleaned_data["caption"], acting_user=request.user)
        except ValidationError as error:
            return self.get(request, pk, item_pk, error=" ".join(error.messages), status=422)
        messages.success(request, _("The file is added."))
        return redirect("inspections:evidence", pk=pk, item_pk=item_pk)


class DeclarationActionView(RoleRequiredMixin, View):
    """The bureau's buttons: accept, reject, send back, complete or reopen the review."""

    allowed_roles = BUREAU

    def post(self, request, pk, action):
        declaration = _declaration(request, pk)
        note = _text(request.POST.get("note") or request.POST.get("reason"))[:2000]
        try:
            if action == "accept":
                campaign_services.declaration_accept(declaration=declaration, note=note, acting_user=request.user)
            elif action == "reject":
                campaign_services.declaration_reject(declaration=declaration, note=note, acting_user=request.user)
            elif action == "return":
                assessment.declaration_return(declaration=declaration, note=note, acting_user=request.user)
            elif action == "complete":
                assessment.declaration_review_complete(declaration=declaration, acting_user=request.user)
            elif action == "reopen":
                assessment.declaration_review_reopen(declaration=declaration, reason=note, acting_user=request.user)
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done."))
        return redirect(declaration)


class ReviewSheetView(RoleRequiredMixin, View):
    """One source's review of a submitted self-assessment, item by item or as one overall score;
    the sheet's score is recomputed on the server at every save."""

    allowed_roles = BUREAU

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.declaration = _declaration(request, kwargs["pk"])
            self.source = get_object_or_404(ReviewSource.objects.filter(campaign=self.declaration.campaign),
                                            pk=kwargs["source_pk"])
        return super().dispatch(request, *args, **kwargs)

    def render(self, request, errors=None, posted=None, status=200):
        sheet = self.declaration.review_sheets.filter(source=self.source).first()
        scores = {s.item_id: s for s in sheet.scores.all()} if sheet else {}
        sections = _item_rows(self.declaration, request.user)
        errors = errors or {}
        # What the form was based on: a field another inspector changed since is shown as now saved
        # (with its new state as the base), the others as posted (with the base they were posted on).
        now = assessment.review_sheet_version(declaration=self.declaration, source=self.source, sheet=sheet)
        based_on = now if posted is None else {**now, **_based_on(posted)}
        fresh = {key for key, state in now.items() if based_on.get(key) != state}
        based_on.update({key: now[key] for key in fresh})
        for section in sections:
            for row in section["rows"]:
                pk, mine = row["item"].pk, scores.get(row["item"].pk)
                if posted is not None and str(pk) not in fresh:
                    row["points_value"] = posted.get(f"points-{pk}", "")
                    row["note_value"] = posted.get(f"note-{pk}", "")
                    row["methods_value"] = posted.getlist(f"methods-{pk}")
                    row["vetoed_value"] = posted.get(f"vetoed-{pk}") == "on"
                else:
                    row["points_value"] = f"{mine.points.normalize():f}" if mine and not row["item"].is_veto else ""
                    row["note_value"] = mine.note if mine else ""
                    row["methods_value"] = mine.methods if mine else []
                    row["vetoed_value"] = bool(mine and mine.vetoed)
                row["error"] = errors.get(f"item-{pk}", "")
        general = [message for key, message in errors.items() if not key.startswith("item-")]
        return render(request, "inspections/review_sheet.html", {
            "general_errors": general,
            "declaration": self.declaration, "campaign": self.declaration.campaign, "source": self.source,
            "sheet": sheet, "sections": sections, "methods": ReviewMethod.choices, "errors": errors,
            "overall": self.source.mode == SourceMode.OVERALL,
            "overall_value": posted.get("overall_score", "") if posted is not None and "overall" not in fresh else (
                sheet.overall_score if sheet and sheet.overall_score is not None else ""),
            "notes_value": posted.get("notes", "") if posted is not None and "notes" not in fresh else (
                sheet.notes if sheet else ""),
            "based_on": " ".join(f"{key}={state}" for key, state in based_on.items()),
        }, status=status)

    def get(self, request, pk, source_pk):
        return self.render(request)

    def post(self, request, pk, source_pk):
        errors, entries = {}, []
        notes = _text(request.POST.get("notes"))[:10000]
        overall = None
        if self.source.mode == SourceMode.OVERALL:
            overall = _points(request.POST.get("overall_score"))
            if overall == "invalid":
                errors["overall_score"] = _("Enter a number.")
        else:
            for item in RubricItem.objects.filter(rubric_id=self.declaration.campaign.rubric_id):
                points = _points(request.POST.get(f"points-{item.pk}"))
                if points == "invalid":
                    errors[f"item-{item.pk}"] = _("%(code)s: enter a number.") % {"code": item.code}
                    continue
                entries.append(assessment.ItemEntry(
                    item_id=item.pk, points=points, text=_text(request.POST.get(f"note-{item.pk}"))[:2000],
                    methods=request.POST.getlist(f"methods-{item.pk}"),
                    vetoed=request.POST.get(f"vetoed-{item.pk}") == "on"))
        if not errors:
            try:
                assessment.review_sheet_save(declaration=self.declaration, source=self.source, entries=entries,
                                             overall_score=overall, notes=notes, acting_user=request.user,
                                             based_on=_based_on(request.POST) if "based_on" in request.POST else None)
            except ValidationError as error:
                errors = _errors(error)
            else:
                messages.success(request, _("The review is saved; the score was recomputed."))
                return redirect(self.declaration)
        return self.render(request, errors, request.POST, status=422)


def _based_on(posted) -> dict[str, str]:
    """The sheet's state the form was shown with ("<key>=<state> …", see review_sheet_version)."""
    pairs = (part.partition("=") for part in (posted.get("based_on") or "")[:20000].split())
    return {key: state for key, _sep, state in pairs if key and state}


class ResultSheetView(RoleRequiredMixin, View):
    """The result sheet of one school (PDF): scores by source and item, vetoes, grade."""

    def get(self, request, pk):
        from inspections.documents import render_result_sheet_pdf

        declaration = _declaration(request, pk)
        published = declaration.campaign.status == CampaignStatus.PUBLISHED
        if declaration.status != DeclarationStatus.REVIEWED or not (request.user.role in BUREAU or published):
            raise Http404
        pdf = render_result_sheet_pdf(declaration)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="result-{declaration.school.code}.pdf"'
        return response
