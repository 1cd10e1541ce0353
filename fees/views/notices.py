"""Fee notice pages: list, detail, drafting with live compliance findings, the workflow actions,
boards and letters."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView

from fees import selectors, services
from fees.choices import NoticeStatus
from fees.documents import BOARD_SIZES, render_parent_letter_pdf
from fees.filters import NoticeFilter
from fees.forms import FeeItemForm, FeeNoticeForm, NoticeStartForm, ReasonForm
from fees.models import FeeItem, FeeNotice, SchoolClass
from fees.rules import Finding
from fees.services.access import can_keep_fees, is_reviewer
from fees.services.boards import notice_board_bytes
from fees.tables import NoticeTable
from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.choices import Role


ALL = tuple(Role)
BUREAU_VIEW = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR, Role.TOWNSHIP_SUPERVISOR)


def pdf_response(content: bytes, filename: str, *, inline=True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=not inline, filename=filename)
    return response


class NoticeListView(ScopedListView):
    selector = selectors.notice_list
    filterset_class = NoticeFilter
    table_class = NoticeTable
    title = _("Fee notices")
    export_name = "fee-notices"
    create_url_name = "fees:notice_start"
    extra_actions = (
        ("fees:findings", _("Findings"), "exclamation-octagon", BUREAU_VIEW),
        ("fees:missing_notices", _("Not yet published"), "hourglass-split", BUREAU_VIEW),
        ("fees:settlement_list", _("Settlements"), "calculator", ALL),
        ("fees:board_batch", _("Build all boards"), "printer", (Role.BUREAU_ADMIN,), "post"),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_create"] = bool(user.school_id) and can_keep_fees(user, user.school_id)
        return context


class NoticeMixin:
    """Fetch the notice of the URL through the user's scope (404 outside it)."""

    def get_notice(self) -> FeeNotice:
        return get_object_or_404(
            FeeNotice.objects.visible_to(self.request.user).select_related("school__township__county", "term"),
            pk=self.kwargs["pk"],
        )


class NoticeDetailView(RoleRequiredMixin, NoticeMixin, DetailView):
    template_name = "fees/notice_detail.html"
    context_object_name = "notice"

    def get_object(self, queryset=None):
        return self.get_notice()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        notice, user = self.object, self.request.user
        items = selectors.notice_items(notice)
        findings = [Finding.from_json(f) for f in notice.findings]
        keeper = can_keep_fees(user, notice.school_id)
        reviewer = is_reviewer(user)
        versions = list(selectors.notice_versions(notice))
        context.update(
            items=items,
            findings=findings,
            findings_by_item={},
            versions=versions,
            history=history_entries(notice),
            keeper=keeper,
            can_edit=keeper and notice.is_editable,
            can_submit=keeper and notice.is_editable,
            can_review=reviewer and notice.status == NoticeStatus.SUBMITTED,
            can_publish=reviewer and notice.status == NoticeStatus.APPROVED,
            can_correct=keeper and notice.status == NoticeStatus.PUBLISHED
            and not any(v.status not in ("published", "superseded") for v in versions),
            classes=SchoolClass.objects.filter(school_id=notice.school_id, school_year=notice.term.school_year)
            if keeper and notice.status == NoticeStatus.PUBLISHED else [],
        )
        for finding in findings:
            context["findings_by_item"].setdefault(finding.item, []).append(finding)
        return context


class NoticeStartView(ServiceFormView):
    form_class = NoticeStartForm
    title = _("New fee notice")
    cancel_url_name = "fees:notice_list"

    def get_initial(self):
        return {"term": selectors.current_term()}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def get_object(self):
        # only a school's fee keepers (principal, finance staff) start notices: others get 403, not a
        # form whose every submission the service refuses
        user = self.request.user
        if not (user.school_id and can_keep_fees(user, user.school_id)):
            raise PermissionDenied
        return None

    def perform(self, form):
        user = self.request.user
        if not user.school_id:
            raise PermissionDenied
        return services.fee_notice_start(school=user.school, term=form.cleaned_data["term"], acting_user=user)


class NoticeUpdateView(NoticeMixin, ServiceFormView):
    form_class = FeeNoticeForm
    title = _("Notice details")

    def get_object(self):
        notice = self.get_notice()
        if not (can_keep_fees(self.request.user, notice.school_id) and notice.is_editable):
            raise PermissionDenied
        return notice

    def perform(self, form):
        return services.fee_notice_update(notice=form.instance, acting_user=self.request.user)


class ItemFormView(NoticeMixin, ServiceFormView):
    """Add or change one item; the findings panel updates live (htmx) while the form is filled."""

    form_class = FeeItemForm
    template_name = "fees/item_form.html"
    success_message = _("Item saved.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.notice = self.get_notice()
            if not (can_keep_fees(request.user, self.notice.school_id) and self.notice.is_editable):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        if "item_pk" not in self.kwargs:
            return None
        return get_object_or_404(FeeItem, pk=self.kwargs["item_pk"], notice=self.notice)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["notice"] = self.notice
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notice"] = self.notice
        context["title"] = _("Edit item") if self.object else _("Add an item")
        context["findings"] = [Finding.from_json(f) for f in self.notice.findings]
        context["cancel_url"] = self.notice.get_absolute_url()
        return context

    def perform(self, form):
        return services.fee_item_save(item=form.instance, acting_user=self.request.user)

    def get_success_url_for(self, saved):
        if "save_add" in self.request.POST:
            from django.urls import reverse

            return reverse("fees:item_create", args=[self.notice.pk])
        return self.notice.get_absolute_url()


class ItemCheckView(ItemFormView):
    """htmx: the findings the notice would have with the item as currently typed (nothing saved)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        items = [i for i in selectors.notice_items(self.notice) if not self.object or i.pk != self.object.pk]
        errors = []
        if form.is_valid():
            items.append(form.instance)
        else:
            errors = [(form.fields[name].label if name in form.fields else "", e)
                      for name, errs in form.errors.items() for e in errs]
        findings = services.fee_notice_preview_findings(self.notice, items)
        return render(request, "fees/_findings.html", {"findings": findings, "form_errors": errors, "live": True})


class ItemDeleteView(NoticeMixin, RoleRequiredMixin, View):
    def post(self, request, pk, item_pk):
        notice = self.get_notice()
        item = get_object_or_404(FeeItem, pk=item_pk, notice=notice)
        try:
            services.fee_item_delete(item=item, acting_user=request.user)
            messages.success(request, _("Item removed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(notice)


class NoticeTransitionView(NoticeMixin, RoleRequiredMixin, View):
    """POST-only workflow buttons: submit, approve, publish."""

    actions = {
        "submit": (services.fee_notice_submit, _("The notice was submitted to the bureau.")),
        "approve": (services.fee_notice_approve, _("The notice was approved.")),
        "publish": (services.fee_notice_publish, _("The notice is published; its boards are being built.")),
    }
    action = ""

    def post(self, request, pk):
        notice = self.get_notice()
        service, done = self.actions[self.action]
        try:
            service(notice=notice, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, _("Not done: %(reasons)s") % {"reasons": "；".join(error.messages)})
        else:
            messages.success(request, done)
        return redirect(notice)


class NoticeReasonView(NoticeMixin, ServiceFormView):
    """Return (bureau) or correct (school) a notice: both need a reason."""

    form_class = ReasonForm
    action = ""

    def get_object(self):
        notice = self.get_notice()
        # returning is the bureau's, correcting the school keepers': others get 403, not the form
        user = self.request.user
        if not (is_reviewer(user) if self.action == "return" else can_keep_fees(user, notice.school_id)):
            raise PermissionDenied
        return notice

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        kwargs.pop("instance", None)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Return to the school") if self.action == "return" else _("Correct the published notice")
        return context

    def perform(self, form):
        reason = form.cleaned_data["reason"]
        if self.action == "return":
            self.success_message = _("The notice was returned to the school.")
            return services.fee_notice_return(notice=self.object, reason=reason, acting_user=self.request.user)
        self.success_message = _("A corrected version was opened as a draft.")
        return services.fee_notice_correct(notice=self.object, reason=reason, acting_user=self.request.user)


class BoardPdfView(NoticeMixin, RoleRequiredMixin, View):
    def get(self, request, pk, size):
        notice = self.get_notice()
        if not notice.is_public or size not in BOARD_SIZES:
            raise Http404
        return pdf_response(notice_board_bytes(notice, size), f"{notice.school.name}-公示牌-v{notice.version}-{size}.pdf")


class LettersPdfView(NoticeMixin, RoleRequiredMixin, View):
    """The letters to parents of one class, with receipt slips and the families' codes."""

    def get(self, request, pk, class_pk):
        notice = self.get_notice()
        if not can_keep_fees(request.user, notice.school_id) or notice.status != NoticeStatus.PUBLISHED:
            raise PermissionDenied
        school_class = get_object_or_404(SchoolClass, pk=class_pk, school_id=notice.school_id)
        students = list(school_class.students.filter(is_active=True).order_by("name"))
        pdf = render_parent_letter_pdf(notice, selectors.notice_items(notice), students,
                                       selectors.voluntary_categories(notice))
        return pdf_response(pdf, f"{notice.school.name}-{school_class.name}-致家长的一封信.pdf")


class ConsentTallyView(NoticeMixin, RoleRequiredMixin, View):
    """Per class: opted in, opted out, not returned, online and on paper."""

    def get(self, request, pk):
        notice = self.get_notice()
        categories = selectors.voluntary_categories(notice)
        tally = selectors.consent_tally(school=notice.school, term=notice.term, categories=categories)
        totals = {}
        for cell in tally:
            row = totals.setdefault(cell["category"].pk, {"category": cell["category"], "students": 0, "opted_in": 0,
                                                          "opted_out": 0, "not_returned": 0, "in_online": 0,
                                                          "out_online": 0})
            for key in ("students", "opted_in", "opted_out", "not_returned", "in_online", "out_online"):
                row[key] += cell[key]
        return render(request, "fees/consent_tally.html", {
            "notice": notice, "tally": tally, "totals": list(totals.values()), "categories": categories,
            "title": _("Consent by class"), "keeper": can_keep_fees(request.user, notice.school_id),
        })


