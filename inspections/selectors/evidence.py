"""Evidence from the ledgers (SPEC §6): the figures the other apps hold for a school, shown beside a
bound rubric item, and the veto facts that fire without anyone declaring them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.org.models import School
from inspections.choices import ComplaintCategory, ComplaintOutcome, LedgerFigure, VetoKind
from inspections.rules import Veto


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    value: str
    ok: bool
    url: str


def campaign_period(year: int, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The campaign year up to today."""
    today = today or timezone.localdate()
    return dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)


def _rate(done: int, due: int) -> str:
    if not due:
        return f"{done} / {due}"
    return f"{done} / {due}（{done * 100 // due}%）"


def ledger_figures(school: School, year: int, codes: set[str]) -> dict[str, Figure]:
    """Each requested ledger figure of the school over the campaign year, with a link to its records."""
    from canteens.selectors import school_canteen_figures
    from inspections.selectors.complaints import complaint_figures
    from inspections.selectors.rectification import order_figures

    since, until = campaign_period(year)
    today = timezone.localdate()
    figures: dict[str, Figure] = {}
    canteen_codes = {LedgerFigure.MORNING_CHECKS, LedgerFigure.SAMPLES, LedgerFigure.CERTIFICATES,
                     LedgerFigure.PURCHASE_DOCUMENTS, LedgerFigure.CANTEEN_ACCOUNTS}
    if codes & canteen_codes:
        c = school_canteen_figures(school.pk, since, until)
        canteen = f"?canteen={c['canteen_ids'][0]}" if c["canteen_ids"] else ""
        figures[LedgerFigure.MORNING_CHECKS] = Figure(
            LedgerFigure.MORNING_CHECKS, _("morning checks done / due"), _rate(c["checks_done"], c["checks_due"]),
            c["has_canteen"] and c["checks_done"] >= c["checks_due"], reverse("canteens:checks") + canteen)
        figures[LedgerFigure.SAMPLES] = Figure(
            LedgerFigure.SAMPLES, _("dishes sampled / served; bad samples"),
            f"{_rate(c['dishes_sampled'], c['dishes'])}；{c['samples_bad']}",
            c["has_canteen"] and c["dishes_sampled"] == c["dishes"] and not c["samples_bad"],
            reverse("canteens:samples") + canteen)
        figures[LedgerFigure.CERTIFICATES] = Figure(
            LedgerFigure.CERTIFICATES, _("workers with both certificates valid"), _rate(c["staff_valid"], c["staff"]),
            c["staff"] > 0 and c["staff_valid"] == c["staff"], reverse("canteens:staff_list") + canteen)
        figures[LedgerFigure.PURCHASE_DOCUMENTS] = Figure(
            LedgerFigure.PURCHASE_DOCUMENTS, _("purchases signed and documented"),
            _rate(c["purchases_complete"], c["purchases"]),
            c["purchases"] > 0 and c["purchases_complete"] == c["purchases"], reverse("canteens:purchase_list") + canteen)
        figures[LedgerFigure.CANTEEN_ACCOUNTS] = Figure(
            LedgerFigure.CANTEEN_ACCOUNTS, _("monthly accounts published / due"),
            _rate(c["accounts_published"], c["accounts_due"]),
            c["has_canteen"] and c["accounts_published"] >= c["accounts_due"], reverse("canteens:account_list") + canteen)
    if LedgerFigure.RECTIFICATIONS in codes:
        o = order_figures(school_ids=[school.pk], today=today).get(school.pk, {})
        on_time, late, overdue = o.get("verified_on_time", 0), o.get("verified_late", 0), o.get("overdue", 0)
        figures[LedgerFigure.RECTIFICATIONS] = Figure(
            LedgerFigure.RECTIFICATIONS, _("orders verified on time / verified; overdue"),
            f"{_rate(on_time, on_time + late)}；{overdue}", not late and not overdue,
            reverse("inspections:order_list") + f"?school={school.pk}")
    if LedgerFigure.COMPLAINTS in codes:
        f = complaint_figures(school_ids=[school.pk], since=since, until=until, today=today).get(school.pk, {})
        figures[LedgerFigure.COMPLAINTS] = Figure(
            LedgerFigure.COMPLAINTS, _("complaints this year; open"), f"{f.get('total', 0)}；{f.get('open', 0)}",
            not f.get("total", 0), reverse("inspections:complaint_list") + f"?school={school.pk}")
    if LedgerFigure.FEE_NOTICE in codes:
        from fees.choices import NoticeStatus
        from fees.models import FeeNotice
        from fees.selectors import current_term

        term = current_term()
        published = bool(term) and FeeNotice.objects.filter(school=school, term=term,
                                                             status=NoticeStatus.PUBLISHED).exists()
        figures[LedgerFigure.FEE_NOTICE] = Figure(
            LedgerFigure.FEE_NOTICE, _("this term's fee notice published"), _("Yes") if published else _("No"),
            published, reverse("fees:notice_list"))
    return {code: figure for code, figure in figures.items() if code in codes}


def veto_facts(school: School, year: int) -> list[Veto]:
    """The veto facts of a school in a year, from the ledgers and the facts the bureau recorded."""
    from canteens.selectors import school_canteen_figures
    from inspections.models import Complaint, VetoFact
    from inspections.selectors.complaints import complaint_figures
    from inspections.selectors.rectification import order_figures

    since, until = campaign_period(year)
    today = timezone.localdate()
    vetoes = [Veto(f.kind, f"{f.date:%Y-%m-%d} {f.description}")
              for f in VetoFact.objects.filter(school=school, date__range=(since, until), voided_at__isnull=True)]
    canteen = school_canteen_figures(school.pk, since, until)
    if canteen["outsourced"]:
        vetoes.append(Veto(VetoKind.CONTRACTED_OUT, _("%(canteens)s run by a contractor") % {
            "canteens": "、".join(canteen["outsourced"])}, reverse("canteens:overview")))
    if canteen["profit_months"]:
        vetoes.append(Veto(VetoKind.CANTEEN_PROFIT, _("surplus above the county threshold in %(months)s") % {
            "months": "、".join(f"{m:%Y-%m}" for m in canteen["profit_months"])}, reverse("canteens:account_list")))
    if canteen["expired_checked_fit"]:
        vetoes.append(Veto(VetoKind.EXPIRED_CERTIFICATE_ON_DUTY, _("%(count)s morning checks passed a worker whose "
                                                                  "certificate had expired") % {
            "count": canteen["expired_checked_fit"]}, reverse("canteens:checks")))
    from schoolbus.selectors import liable_accidents

    accidents = liable_accidents(school.pk, since, until)
    if accidents:
        vetoes.append(Veto(VetoKind.BUS_ACCIDENT, _("%(count)s school-bus accidents with the bus liable") % {
            "count": accidents}, reverse("schoolbus:accident_list")))
    orders = order_figures(school_ids=[school.pk], today=today).get(school.pk, {})
    if orders.get("serious_open"):
        vetoes.append(Veto(VetoKind.SERIOUS_HAZARD, _("%(count)s serious hazards not rectified") % {
            "count": orders["serious_open"]}, reverse("inspections:order_list") + f"?school={school.pk}&severity=serious"))
    complaints = complaint_figures(school_ids=[school.pk], since=since, until=until, today=today).get(school.pk, {})
    serious = complaints.get("serious_substantiated", 0) + complaints.get("serious_unresolved", 0)
    if serious:
        vetoes.append(Veto(VetoKind.SERIOUS_COMPLAINT, _("%(count)s serious complaints verified or unresolved") % {
            "count": serious}, reverse("inspections:complaint_list") + f"?school={school.pk}"))
    fee_complaints = Complaint.objects.filter(
        school=school, category=ComplaintCategory.FEE, filed_at__date__range=(since, until),
        outcome__in=[ComplaintOutcome.SUBSTANTIATED, ComplaintOutcome.PARTLY]).count()
    if fee_complaints:
        vetoes.append(Veto(VetoKind.FEE_VIOLATION, _("%(count)s fee complaints substantiated") % {
            "count": fee_complaints}, reverse("inspections:complaint_list") + f"?school={school.pk}&category=fee"))
    return vetoes
