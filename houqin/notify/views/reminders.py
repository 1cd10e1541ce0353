"""The bureau administrator's reminder pages: the schedule (pause, resume, move; start a run now)
and the recent runs with their figures per rule and the schools a rule could not handle.
Nobody else sees them (403). The schedule serves the whole deployment, so only who manages the
deployment changes it (services.schedule.can_manage_schedule); a county's administrator in a
deployment of several counties reads it, without the names of other counties' accounts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from django_tables2 import SingleTableView
from kombu.exceptions import OperationalError as BrokerUnavailable

from houqin.core.permissions import RoleRequiredMixin, has_role
from houqin.core.views import ServiceFormView
from houqin.notify.forms import ScheduleForm
from houqin.notify.models import ReminderRun, ScheduleChange
from houqin.notify.selectors import runs as run_selectors
from houqin.notify.services import schedule as services
from houqin.notify.tables import ReminderRunTable
from houqin.org.choices import Role

ADMIN = (Role.BUREAU_ADMIN,)


class ReminderScheduleView(RoleRequiredMixin, TemplateView):
    allowed_roles = ADMIN
    template_name = "notify/reminder_schedule.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Reminder schedule")
        context["schedules"] = [
            {"task": task, "description": services.schedule_describe(task.crontab, task.enabled)}
            for task in services.reminder_schedules()
        ]
        context["changes"] = ScheduleChange.objects.select_related("changed_by")[:20]
        context["can_manage"] = services.can_manage_schedule(self.request.user)
        context["last_run"] = run_selectors.run_list().first()
        if context["last_run"]:
            context["last_run_state"] = run_selectors.run_state(context["last_run"])
        return context


class ScheduleUpdateView(ServiceFormView):
    allowed_roles = ADMIN
    form_class = ScheduleForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_role(request.user, *ADMIN) and not services.can_manage_schedule(
                request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
    title = _("Change the reminder schedule")
    success_message = _("The schedule was changed; Celery beat follows it from now on.")
    cancel_url_name = "notify:reminder_schedule"

    def get_object(self):
        task = services.reminder_schedules().filter(pk=self.kwargs["pk"]).first()
        if task is None:
            raise Http404
        return task

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        kwargs.pop("instance", None)
        return kwargs

    def get_initial(self):
        crontab = self.object.crontab
        initial = {"enabled": self.object.enabled}
        if crontab is not None:
            initial.update(minute=crontab.minute, hour=crontab.hour, day_of_week=crontab.day_of_week,
                           day_of_month=crontab.day_of_month)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _("Times are in the portal's time zone. A paused schedule starts no run until it is "
                             "resumed; the other schedule and “Run now” are not affected.")
        return context

    def get_cancel_url(self):
        return reverse("notify:reminder_schedule")

    def get_success_url_for(self, saved):
        return reverse("notify:reminder_schedule")

    def perform(self, form):
        data = form.cleaned_data
        return services.reminder_schedule_change(
            task=self.object, enabled=data["enabled"], minute=data["minute"], hour=data["hour"],
            day_of_week=data["day_of_week"], day_of_month=data["day_of_month"], acting_user=self.request.user)


class ReminderRunNowView(RoleRequiredMixin, View):
    allowed_roles = ADMIN

    def post(self, request):
        if not services.can_manage_schedule(request.user):
            raise PermissionDenied
        try:
            services.reminders_run_request(acting_user=request.user)
        except BrokerUnavailable:
            messages.error(request, _("Background work cannot be queued right now (the queue server does not "
                                      "answer); try again in a few minutes."))
        else:
            messages.success(request, _("A reminder run was queued; it appears below within a minute or two."))
        return redirect("notify:reminder_runs")


class ReminderRunListView(RoleRequiredMixin, SingleTableView):
    allowed_roles = ADMIN
    table_class = ReminderRunTable
    template_name = "notify/reminder_runs.html"
    table_pagination = {"per_page": 25}

    def get_queryset(self):
        return run_selectors.run_list()

    def get_table_kwargs(self):
        return {"request": self.request}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Reminder runs")
        return context


class ReminderRunDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = ADMIN
    template_name = "notify/reminder_run_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = ReminderRun.objects.select_related("requested_by").filter(pk=self.kwargs["pk"]).first()
        if run is None:
            raise Http404
        failures, hidden = run_selectors.run_school_failures(run, user=self.request.user)
        context.update({
            "run": run,
            "title": _("Reminder run of %(when)s") % {"when": str(run)},
            "state": run_selectors.run_state(run),
            "rules": run_selectors.run_rules(run),
            "failures": failures,
            "hidden_failures": hidden,
        })
        return context
