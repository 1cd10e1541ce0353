"""The bureau's views across the county: findings, schools without a published notice, the batch
of notice boards."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from kombu.exceptions import OperationalError as BrokerUnavailable

from fees import selectors
from fees.choices import OPEN_STATUSES
from fees.filters import MissingNoticeFilter, NoticeFilter
from fees.tables import FindingsTable, MissingNoticeTable
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView
from houqin.org.choices import Role

BUREAU = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.TOWNSHIP_SUPERVISOR)


def notices_with_findings(*, user):
    return selectors.notice_list(user=user).filter(findings_count__gt=0, status__in=sorted(OPEN_STATUSES))


class FindingsListView(ScopedListView):
    allowed_roles = BUREAU
    selector = notices_with_findings
    filterset_class = NoticeFilter
    table_class = FindingsTable
    title = _("Compliance findings across the county")
    export_name = "fee-findings"


class MissingNoticeListView(ScopedListView):
    """Schools with no published notice for the current term (or the term chosen)."""

    allowed_roles = BUREAU
    filterset_class = MissingNoticeFilter
    table_class = MissingNoticeTable
    export_name = "schools-without-notice"

    def get_queryset(self):
        from houqin.org.models import Term

        wanted = self.request.GET.get("term", "")
        chosen = Term.objects.filter(pk=int(wanted)).first() if wanted.isascii() and wanted.isdecimal() else None
        self.term = chosen or selectors.current_term()
        if self.term is None:
            return selectors.public_school_list().none()
        return selectors.schools_without_published_notice(user=self.request.user, term=self.term)

    @property
    def title(self):
        return _("Schools without a published notice, %(term)s") % {"term": self.term} if self.term else ""


class BoardBatchView(RoleRequiredMixin, View):
    """Queue the notice boards of every published notice of the county (a Celery batch)."""

    allowed_roles = (Role.BUREAU_ADMIN,)

    def post(self, request):
        from fees.tasks import notice_boards_render_county

        try:
            notice_boards_render_county.delay(request.user.county_id)
        except BrokerUnavailable:
            messages.error(request, _("Background work cannot be queued right now (the queue server does not "
                                      "answer); try again in a few minutes."))
        else:
            messages.success(request, _("The notice boards of the county are being built in the background."))
        return redirect("fees:notice_list")
