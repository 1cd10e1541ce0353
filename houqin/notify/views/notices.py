"""Pages of the bureau's notices: the list (with its export), a notice (opening it records the
reader's receipt), writing and publishing drafts with attachments (the bureau administrator), and
the receipts per school (the bureau, and a township supervisor for its township's schools).

Every notice is fetched through the user's scope first, so one outside it is a 404; a role that
may not take an action on a notice it can see gets 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin, has_role
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.notify.choices import Audience
from houqin.notify.filters import NoticeFilter, SchoolReceiptFilter
from houqin.notify.forms import AttachmentForm, NoticeForm
from houqin.notify.models import Notice, NoticeAttachment
from houqin.notify.selectors import notices as selectors
from houqin.notify.services import notices as services
from houqin.notify.tables import BUREAU_COLUMNS, SCHOOL_COLUMNS, NoticeTable, SchoolReceiptTable
from houqin.org.choices import BUREAU_ROLES, SCHOOL_ROLES, Role

ADMIN = (Role.BUREAU_ADMIN,)


class NoticeListView(ScopedListView):
    selector = selectors.notice_list
    filterset_class = NoticeFilter
    table_class = NoticeTable
    template_name = "notify/notice_list.html"
    title = _("Notices")
    export_name = "notices"
    create_url_name = "notify:notice_create"
    can_create_roles = ADMIN
    extra_actions = (("notify:reminder_schedule", _("Reminder schedule"), "alarm", ADMIN),)

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        user = self.request.user
        if has_role(user, *BUREAU_ROLES):
            kwargs["exclude"] = SCHOOL_COLUMNS
        elif user.role in SCHOOL_ROLES:
            kwargs["exclude"] = BUREAU_COLUMNS
        else:
            kwargs["exclude"] = BUREAU_COLUMNS + SCHOOL_COLUMNS
        return kwargs


class NoticeMixin:
    """The notice of the URL, through the user's scope (404 outside it)."""

    def get_notice(self) -> Notice:
        if getattr(self, "_notice", None) is None:
            self._notice = selectors.notice_get(user=self.request.user, pk=self.kwargs["pk"])
        return self._notice


class NoticeDetailView(RoleRequiredMixin, NoticeMixin, TemplateView):
    template_name = "notify/notice_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, notice = self.request.user, self.get_notice()
        receipt = services.notice_read(notice=notice, acting_user=user)
        bureau = has_role(user, *BUREAU_ROLES)
        context.update({
            "notice": notice,
            "title": notice.title,
            "attachments": list(notice.attachments.all()),
            "receipt": receipt,
            "audience": audience_names(notice),
            "can_edit": has_role(user, *ADMIN) and notice.is_draft,
            "can_see_receipts": has_role(user, *selectors.RECEIPT_READERS) and not notice.is_draft,
            "history": history_entries(notice) if bureau else None,
            "attachment_form": AttachmentForm() if notice.is_draft else None,
        })
        if context["can_see_receipts"]:
            context["summary"] = selectors.receipt_summary(notice=notice, user=user)
        return context


def audience_names(notice: Notice) -> list[str]:
    """Whom the notice addresses, by name: the county, its chosen townships or chosen schools."""
    if notice.audience == Audience.TOWNSHIPS:
        return [str(t) for t in notice.townships.order_by("code", "name")]
    if notice.audience == Audience.SCHOOLS:
        return [str(s) for s in notice.schools.order_by("township__code", "name")]
    return [str(notice.get_audience_display())]


class NoticeCreateView(ServiceFormView):
    allowed_roles = ADMIN
    form_class = NoticeForm
    template_name = "notify/notice_form.html"
    title = _("New notice")
    cancel_url_name = "notify:notice_list"
    success_message = _("The draft was saved. Add attachments if any, then publish it.")

    def perform(self, form):
        return services.notice_save(notice=form.instance, townships=form.cleaned_data["townships"],
                                    schools=form.cleaned_data["schools"], acting_user=self.request.user)


class NoticeUpdateView(NoticeMixin, NoticeCreateView):
    title = _("Edit notice")
    success_message = _("The draft was saved.")

    def get_object(self):
        return self.get_notice()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_role(request.user, *ADMIN) and not self.get_notice().is_draft:
            messages.error(request, _("A published notice does not change."))
            return redirect(self.get_notice())
        return super().dispatch(request, *args, **kwargs)


class NoticePublishView(RoleRequiredMixin, NoticeMixin, View):
    allowed_roles = ADMIN

    def post(self, request, pk):
        notice = self.get_notice()
        try:
            services.notice_publish(notice=notice, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The notice is published; the schools were notified."))
        return redirect(notice)


class AttachmentAddView(NoticeMixin, ServiceFormView):
    allowed_roles = ADMIN
    form_class = AttachmentForm
    title = _("Add an attachment")
    success_message = _("The file was attached.")

    def get_object(self):
        return self.get_notice()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        kwargs.pop("instance", None)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _("Images (JPEG, PNG, WebP) or PDF documents; they are checked by their content.")
        context.pop("history", None)
        return context

    def perform(self, form):
        services.notice_attachment_add(notice=self.object, file=form.cleaned_data["file"],
                                       name=form.cleaned_data.get("name", ""), acting_user=self.request.user)
        return self.object


class AttachmentRemoveView(RoleRequiredMixin, NoticeMixin, View):
    allowed_roles = ADMIN

    def post(self, request, pk, attachment_pk):
        notice = self.get_notice()
        attachment = get_object_or_404(NoticeAttachment.objects.filter(notice=notice), pk=attachment_pk)
        try:
            services.notice_attachment_remove(attachment=attachment, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The attachment was removed."))
        return redirect(notice)


class NoticeReceiptsView(NoticeMixin, ScopedListView):
    """The schools of a published notice's audience: who read it, and which schools nobody yet."""

    allowed_roles = selectors.RECEIPT_READERS
    filterset_class = SchoolReceiptFilter
    table_class = SchoolReceiptTable
    template_name = "notify/notice_receipts.html"
    table_pagination = {"per_page": 50}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_role(request.user, *self.allowed_roles):
            if self.get_notice().is_draft:
                return redirect(self.get_notice())
        return super().dispatch(request, *args, **kwargs)

    @property
    def title(self):
        return _("Read receipts: %(title)s") % {"title": self.get_notice().title}

    def get_queryset(self):
        return selectors.notice_school_receipts(notice=self.get_notice(), user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notice"] = self.get_notice()
        context["summary"] = selectors.receipt_summary(notice=self.get_notice(), user=self.request.user)
        return context
