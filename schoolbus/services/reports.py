"""The quarterly report (季报): assembled from the data, submitted by the principal, reviewed by
the bureau."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from houqin.core.permissions import ensure_role
from houqin.core.scoping import ensure_in_scope
from houqin.org.choices import BUREAU_ROLES, Role
from schoolbus.choices import ReportStatus
from schoolbus.models import QuarterlyReport
from schoolbus.rules import quarter_bounds
from schoolbus.selectors import report_figures
from schoolbus.services.access import ensure_bus_keeper

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


@transaction.atomic
def report_assemble(*, school_id: int, year: int, quarter: int, note: str | None = None, acting_user) -> QuarterlyReport:
    """Open (or refresh) the school's report of a quarter with the figures as the data stand now."""
    ensure_bus_keeper(acting_user, school_id)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("A quarter is 1 to 4."))
    start, _end = quarter_bounds(year, quarter)
    if start > timezone.localdate():
        raise ValidationError(_("This quarter has not begun."))
    report = QuarterlyReport.objects.select_for_update().filter(school_id=school_id, year=year, quarter=quarter).first()
    if report is not None and report.status not in EDITABLE:
        raise ValidationError(_("The report is with the bureau and can no longer be changed."))
    report = report or QuarterlyReport(school_id=school_id, year=year, quarter=quarter)
    report.figures = report_figures(school_id, year, quarter)
    report.assembled_at = timezone.now()
    if note is not None:
        report.note = note.strip()
    return save_with_history(report, acting_user=acting_user)


@transaction.atomic
def report_submit(*, report: QuarterlyReport, acting_user) -> QuarterlyReport:
    """The principal sends the report, refreshed one last time, to the bureau once the quarter is over."""
    report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
    ensure_in_scope(report.school_id, user=acting_user)
    if not (acting_user.role == Role.PRINCIPAL and acting_user.school_id == report.school_id):
        raise PermissionDenied
    if report.status not in EDITABLE:
        raise ValidationError(_("The report is with the bureau already."))
    if quarter_bounds(report.year, report.quarter)[1] >= timezone.localdate():
        raise ValidationError(_("The quarter is not over yet; submit the report after its last day."))
    report.figures = report_figures(report.school_id, report.year, report.quarter)
    report.assembled_at = report.submitted_at = timezone.now()
    report.status, report.submitted_by = ReportStatus.SUBMITTED, acting_user
    save_with_history(report, acting_user=acting_user, reason=_("Submitted to the bureau"))
    transaction.on_commit(lambda: _tell_bureau(report), robust=True)
    return report


def _tell_bureau(report: QuarterlyReport) -> None:
    from houqin.notify.services import notification_send
    from houqin.org.models import User

    county_id = report.school.township.county_id
    for user_id in User.objects.filter(role__in=BUREAU_ROLES, county_id=county_id, is_active=True).values_list(
            "pk", flat=True):
        notification_send(recipient_id=user_id, rule="schoolbus.report_submitted",
                          period=f"report:{report.pk}:{report.submitted_at:%Y%m%d%H%M%S}",
                          title=_("%(school)s submitted its %(period)s bus report")
                          % {"school": report.school.name, "period": report.period},
                          url=report.get_absolute_url())


@transaction.atomic
def report_accept(*, report: QuarterlyReport, acting_user) -> QuarterlyReport:
    return _review(report, ReportStatus.ACCEPTED, "", acting_user)


@transaction.atomic
def report_return(*, report: QuarterlyReport, comment: str, acting_user) -> QuarterlyReport:
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what the school must correct.")})
    return _review(report, ReportStatus.RETURNED, comment.strip(), acting_user)


def _review(report, status, comment, acting_user):
    report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
    ensure_in_scope(report.school_id, user=acting_user)
    ensure_role(acting_user, *BUREAU_ROLES)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed."))
    report.status, report.reviewed_by, report.reviewed_at = status, acting_user, timezone.now()
    report.review_comment = comment
    save_with_history(report, acting_user=acting_user, reason=comment)
    if status == ReportStatus.RETURNED:
        transaction.on_commit(lambda: _tell_school(report), robust=True)
    return report


def _tell_school(report: QuarterlyReport) -> None:
    from houqin.notify.models import Level
    from houqin.notify.services import notification_send
    from houqin.org.models import User

    for user_id in User.objects.filter(role=Role.PRINCIPAL, school_id=report.school_id, is_active=True).values_list(
            "pk", flat=True):
        notification_send(recipient_id=user_id, rule="schoolbus.report_returned",
                          period=f"report:{report.pk}:{report.reviewed_at:%Y%m%d%H%M%S}",
                          title=_("The bureau returned the %(period)s bus report") % {"period": report.period},
                          body=report.review_comment, url=report.get_absolute_url(), level=Level.WARNING)
