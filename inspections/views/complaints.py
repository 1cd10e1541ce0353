"""Complaint pages of the bureau and the schools: the list (with its export), a complaint with its
stages, and the workflow: assign (bureau), answer (the school's principal), send back and close
(bureau). Township supervisors read their township's complaints; school staff do not see them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin, has_role
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.choices import BUREAU_ROLES, Role
from inspections.choices import ComplaintOutcome, ComplaintStatus
from inspections.filters_complaints import ComplaintFilter
from inspections.forms_complaints import AnswerForm, AssignForm, CloseForm, SendBackForm
from inspections.selectors import complaints as selectors
from inspections.services import complaints as services
from inspections.services.rectification import can_inspect
from inspections.tables_complaints import CONTACT_COLUMNS, ComplaintTable

BUREAU = tuple(BUREAU_ROLES)


class ComplaintListView(ScopedListView):
    allowed_roles = selectors.COMPLAINT_READERS
    selector = selectors.complaint_list
    filterset_class = ComplaintFilter
    table_class = ComplaintTable
    template_name = "inspections/complaint_list.html"
    title = _("Complaints")
    export_name = "complaints"

    def get_table_kwargs(self):
        kwargs = super().get_table_kwargs()
        if not selectors.can_see_contact(self.request.user):
            kwargs["exclude"] = CONTACT_COLUMNS
        return kwargs


class ComplaintMixin:
    """The complaint of the URL, through the user's scope (404 outside it)."""

    def get_complaint(self):
        return selectors.complaint_get(user=self.request.user, pk=self.kwargs["pk"])


class ComplaintDetailView(RoleRequiredMixin, ComplaintMixin, DetailView):
    allowed_roles = selectors.COMPLAINT_READERS
    template_name = "inspections/complaint_detail.html"
    context_object_name = "complaint"

    def get_object(self, queryset=None):
        return self.get_complaint()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(complaint_context(self.object, self.request.user))
        context["history"] = history_entries(self.object)
        context["orders"] = list(self.object.orders.order_by("pk"))
        context["can_order"] = (self.object.outcome in (ComplaintOutcome.SUBSTANTIATED, ComplaintOutcome.PARTLY)
                                and can_inspect(self.request.user, self.object.school_id))
        return context


def complaint_context(complaint, user) -> dict:
    """What the detail page and the action pages show about a complaint, and which actions the user
    has on it now."""
    bureau = has_role(user, *BUREAU)
    principal = user.role == Role.PRINCIPAL and user.school_id == complaint.school_id
    status = complaint.status
    timeline = selectors.complaint_timeline(complaint)
    sent_back = [s for s in timeline if s.status == ComplaintStatus.ASSIGNED]
    return {
        "title": _("Complaint %(code)s") % {"code": services.tracking_code_format(complaint.tracking_code)},
        "code": services.tracking_code_format(complaint.tracking_code),
        "timeline": timeline,
        "last_send_back": sent_back[-1] if len(sent_back) > 1 and status == ComplaintStatus.ASSIGNED else None,
        "deadline": selectors.current_deadline(complaint),
        "overdue": selectors.is_overdue(complaint),
        "show_contact": selectors.can_see_contact(user),
        "can_assign": bureau and status == ComplaintStatus.FILED,
        "can_answer": principal and status == ComplaintStatus.ASSIGNED,
        "can_send_back": bureau and status == ComplaintStatus.ANSWERED,
        "can_close": bureau and status in (ComplaintStatus.FILED, ComplaintStatus.ANSWERED),
        "today": timezone.localdate(),
    }


class ComplaintActionView(ComplaintMixin, ServiceFormView):
    """One step of the workflow on its own page, with the complaint shown above the form. An action
    that does not fit the complaint's current stage sends the user back to the complaint."""

    template_name = "inspections/complaint_action.html"
    statuses: tuple = ()
    heading = ""

    def get_object(self):
        if getattr(self, "_complaint", None) is None:
            self._complaint = self.get_complaint()
        return self._complaint

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()  # 404 outside the scope, before the role check
        if self.allowed_roles and not has_role(request.user, *self.allowed_roles):
            raise PermissionDenied
        if self.object.status not in self.statuses:
            messages.error(request, _("This complaint is “%(status)s”; that step is not possible now.")
                           % {"status": self.object.get_status_display()})
            return redirect(self.object)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        kwargs.pop("instance", None)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(complaint_context(self.object, self.request.user))
        context["complaint"] = self.object
        context["heading"] = self.heading
        context.pop("history", None)
        return context


class ComplaintAssignView(ComplaintActionView):
    allowed_roles = BUREAU
    statuses = (ComplaintStatus.FILED,)
    form_class = AssignForm
    heading = _("Pass to the school")
    success_message = _("The complaint was passed to the school.")

    def perform(self, form):
        data = form.cleaned_data
        return services.complaint_assign(complaint=self.object, instruction=data["instruction"],
                                         answer_by=data["answer_by"], serious=data["serious"],
                                         acting_user=self.request.user)


class ComplaintAnswerView(ComplaintActionView):
    allowed_roles = (Role.PRINCIPAL,)
    statuses = (ComplaintStatus.ASSIGNED,)
    form_class = AnswerForm
    heading = _("Answer for the school")
    success_message = _("The answer was sent to the education bureau.")

    def perform(self, form):
        return services.complaint_answer(complaint=self.object, answer=form.cleaned_data["answer"],
                                         acting_user=self.request.user)


class ComplaintSendBackView(ComplaintActionView):
    allowed_roles = BUREAU
    statuses = (ComplaintStatus.ANSWERED,)
    form_class = SendBackForm
    heading = _("Send the answer back")
    success_message = _("The answer was sent back to the school.")

    def perform(self, form):
        data = form.cleaned_data
        return services.complaint_send_back(complaint=self.object, reason=data["reason"],
                                            answer_by=data["answer_by"], acting_user=self.request.user)


class ComplaintCloseView(ComplaintActionView):
    allowed_roles = BUREAU
    statuses = (ComplaintStatus.FILED, ComplaintStatus.ANSWERED)
    form_class = CloseForm
    heading = _("Close the complaint")
    success_message = _("The complaint is closed; the complainant can read the reply.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["from_filed"] = self.object.status == ComplaintStatus.FILED
        return kwargs

    def get_initial(self):
        return {"serious": self.object.serious}

    def perform(self, form):
        data = form.cleaned_data
        return services.complaint_close(complaint=self.object, outcome=data["outcome"] or "",
                                        serious=data["serious"], public_reply=data["public_reply"],
                                        reason=data.get("reason", ""), acting_user=self.request.user)
