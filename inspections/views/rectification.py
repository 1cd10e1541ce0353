"""Rectification order pages: the list (overdue ones red), issuing an order by hand, the order with
its answers, and the three actions: the school answers, the inspector verifies or reopens."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from houqin.core.history import history_entries
from houqin.core.permissions import RoleRequiredMixin
from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.choices import Role
from inspections.choices import OrderStatus, Severity
from inspections.filters_inspections import OrderFilter
from inspections.forms_inspections import AnswerForm, OrderIssueForm, ReopenForm, VerifyForm
from inspections.models import RectificationOrder
from inspections.selectors import complaints as complaint_selectors
from inspections.selectors import rectification as selectors
from inspections.services import complaints as complaint_services
from inspections.services import rectification as services
from inspections.services.rectification import INSPECTOR_ROLES, can_answer, can_inspect
from inspections.tables_inspections import OrderTable, is_overdue


class OrderListView(ScopedListView):
    allowed_roles = tuple(Role)
    selector = selectors.order_list
    filterset_class = OrderFilter
    table_class = OrderTable
    title = gettext_lazy("Rectification orders")
    export_name = "rectification-orders"
    create_url_name = "inspections:order_create"
    can_create_roles = INSPECTOR_ROLES


class OrderIssueView(ServiceFormView):
    allowed_roles = INSPECTOR_ROLES
    form_class = OrderIssueForm
    title = gettext_lazy("Issue a rectification order")
    cancel_url_name = "inspections:order_list"
    success_message = gettext_lazy("The rectification order is issued.")

    def complaint(self):
        """The substantiated complaint the order follows up (?complaint=<pk>), in the user's scope."""
        if not hasattr(self, "_complaint"):
            pk = self.request.GET.get("complaint", "")
            self._complaint = (complaint_selectors.complaint_get(user=self.request.user, pk=int(pk))
                               if pk.isascii() and pk.isdecimal() and len(pk) < 12 else None)
        return self._complaint

    def get_initial(self):
        complaint = self.complaint()
        if complaint is not None:
            return {"school": complaint.school_id, "finding": complaint.text,
                    "severity": Severity.SERIOUS if complaint.serious else Severity.NORMAL}
        school = self.request.GET.get("school", "")
        return {"school": int(school)} if school.isascii() and school.isdecimal() and len(school) < 12 else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.complaint() is not None:
            context["intro"] = _("Follows up complaint %(code)s.") % {
                "code": complaint_services.tracking_code_format(self.complaint().tracking_code)}
        return context

    def perform(self, form):
        data = form.cleaned_data
        return services.order_issue(
            school=data["school"], finding=data["finding"], requirement=data["requirement"],
            severity=data["severity"], deadline=data["deadline"],
            responsible=data["responsible"] or services.responsible_for(data["school"]),
            complaint=self.complaint(), acting_user=self.request.user)


class OrderMixin:
    def get_order(self) -> RectificationOrder:
        return get_object_or_404(selectors.order_list(user=self.request.user)
                                 .select_related("school__township__county", "issued_by"), pk=self.kwargs["pk"])


class OrderDetailView(RoleRequiredMixin, OrderMixin, View):
    template_name = "inspections/order_detail.html"

    def get(self, request, pk):
        return self.render(self.get_order())

    def render(self, order, *, answer_form=None, verify_form=None, reopen_form=None, status=200):
        user = self.request.user
        answerer = can_answer(user, order.school_id) and order.status == OrderStatus.OPEN
        judge = can_inspect(user, order.school_id) and order.status == OrderStatus.ANSWERED
        return render(self.request, self.template_name, {
            "title": order.number, "order": order, "answers": selectors.order_answers(order),
            "overdue": is_overdue(order), "history": history_entries(order),
            "answer_form": (answer_form or AnswerForm()) if answerer else None,
            "verify_form": (verify_form or VerifyForm()) if judge else None,
            "reopen_form": (reopen_form or ReopenForm()) if judge else None,
            "today": timezone.localdate(),
        }, status=status)


class OrderActionView(OrderDetailView):
    """One transition, posted from the order's page; a refusal is shown on that page. Subclasses
    name the form and call their service in `perform(order, form)`; by default only an inspector
    of the school may act (`allowed`)."""

    http_method_names = ["post"]
    form_class = None
    form_name = ""
    success_message = ""

    def allowed(self, order) -> bool:
        return can_inspect(self.request.user, order.school_id)

    def post(self, request, pk):
        order = self.get_order()
        if not self.allowed(order):
            raise PermissionDenied
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                self.perform(order, form)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, self.success_message)
                return redirect(order.get_absolute_url())
        order.refresh_from_db()
        return self.render(order, **{self.form_name: form}, status=422)


class OrderAnswerView(OrderActionView):
    form_class = AnswerForm
    form_name = "answer_form"
    success_message = gettext_lazy("Your answer is sent to the inspector.")

    def allowed(self, order):
        return can_answer(self.request.user, order.school_id)

    def perform(self, order, form):
        services.order_answer(order=order, text=form.cleaned_data["text"], evidence=form.cleaned_data["evidence"],
                              acting_user=self.request.user)


class OrderVerifyView(OrderActionView):
    form_class = VerifyForm
    form_name = "verify_form"
    success_message = gettext_lazy("The rectification is verified.")

    def perform(self, order, form):
        services.order_verify(order=order, note=form.cleaned_data["note"], acting_user=self.request.user)


class OrderReopenView(OrderActionView):
    form_class = ReopenForm
    form_name = "reopen_form"
    success_message = gettext_lazy("The order is open again; the school is told why.")

    def perform(self, order, form):
        services.order_reopen(order=order, note=form.cleaned_data["note"], deadline=form.cleaned_data["deadline"],
                              acting_user=self.request.user)
