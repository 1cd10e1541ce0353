"""Duty inspections: recording one, and the month's compliance per school and duty."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from houqin.core.views import ScopedListView, ServiceFormView
from houqin.org.choices import Role
from inspections.filters_inspections import DutyFilter
from inspections.forms_inspections import DutyVisitForm
from inspections.rules_duty import month_bounds, previous_month, weeks_so_far
from inspections.selectors import duty as selectors
from inspections.services.duty import capacities_for, duty_visit_record
from inspections.tables_inspections import DutyTable

MONTHS_BACK = 36


def chosen_month(text: str, today: dt.date) -> dt.date:
    """?month=YYYY-MM, the current month by default; a malformed, future or very old month reads as
    the current one."""
    try:
        month = dt.date.fromisoformat(f"{text}-01") if text else None
    except ValueError:
        month = None
    earliest = (today.replace(day=1) - dt.timedelta(days=MONTHS_BACK * 31)).replace(day=1)
    if month is None or month > today or month < earliest:
        return today.replace(day=1)
    return month


class DutyListView(ScopedListView):
    """Per school in scope and per duty: required against done for the chosen month, who did them,
    shortfalls red. A principal sees the own school."""

    allowed_roles = tuple(Role)
    filterset_class = DutyFilter
    table_class = DutyTable
    template_name = "inspections/duty_list.html"
    title = _("Duty inspections")
    export_name = "duty-inspections"
    create_url_name = "inspections:duty_create"

    def get_queryset(self):
        self.today = timezone.localdate()
        self.month = chosen_month(self.request.GET.get("month", ""), self.today)
        return selectors.duty_schools(user=self.request.user)

    def get_table_data(self):
        return selectors.duty_compliance(list(self.object_list), month=self.month, today=self.today)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["filter"].form
        if not form.data.get("month"):  # show the month the page is about
            form.initial["month"] = f"{self.month:%Y-%m}"
            if form.is_bound:
                form.data = form.data.copy()
                form.data["month"] = form.initial["month"]
        first, last = month_bounds(self.month)
        rows = context["table"].data.data
        context.update(
            month=self.month, month_end=last, weeks=weeks_so_far(self.month, self.today),
            previous=previous_month(self.month),
            next=(last + dt.timedelta(days=1)) if last < self.today else None,
            shortfall_schools=sum(1 for row in rows if any(d.shortfall for d in row["duties"])),
            can_create=bool(capacities_for(self.request.user)),
        )
        return context


class DutyCreateView(ServiceFormView):
    """Township supervisors record their visits to the township's schools; a principal and the
    food-safety officer their checks of the own canteen. Nobody else."""

    form_class = DutyVisitForm
    title = _("Record a duty inspection")
    cancel_url_name = "inspections:duty_list"
    success_message = _("The inspection is recorded.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not capacities_for(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return duty_visit_record(school=data["school"], capacity=data["capacity"], date=data["date"],
                                 findings=data["findings"], acting_user=self.request.user)

    def get_success_url_for(self, saved):
        from django.urls import reverse

        return f"{reverse('inspections:duty_list')}?month={saved.date:%Y-%m}"
