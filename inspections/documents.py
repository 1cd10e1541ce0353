"""PDFs of the inspections app (WeasyPrint with the project's Chinese fonts): a school's result
sheet of a campaign."""

from __future__ import annotations

from django.utils import timezone

from houqin.core.pdf import render_template_pdf
from inspections.selectors.campaigns import rubric_items


def render_result_sheet_pdf(declaration) -> bytes:
    """评审结果单: the self-assessed and reviewed points per item and source, the weighted score, the
    vetoes and the grade. Printed documents are Chinese whatever the reader's UI language."""
    campaign = declaration.campaign
    sheets = list(declaration.review_sheets.select_related("source").prefetch_related("scores"))
    scores = {(sheet.source_id, score.item_id): score for sheet in sheets for score in sheet.scores.all()}
    self_scores = {s.item_id: s.points for s in declaration.self_scores.all()}
    item_sources = [sheet for sheet in sheets if sheet.overall_score is None]
    sections = rubric_items(campaign.rubric)
    for section in sections:
        section["rows"] = [{"item": item, "self": self_scores.get(item.pk),
                            "reviews": [scores.get((sheet.source_id, item.pk)) for sheet in item_sources]}
                           for item in section["items"]]
    return render_template_pdf("inspections/pdf/result_sheet.html", {
        "declaration": declaration, "campaign": campaign, "sections": sections, "sheets": sheets,
        "item_sources": item_sources, "printed": timezone.localtime(),
    })
