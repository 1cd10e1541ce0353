"""The inbox: a user's own notifications, opened one by one or all marked read."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from houqin.notify import selectors, services
from houqin.notify.models import Notification


class InboxView(LoginRequiredMixin, ListView):
    template_name = "notify/inbox.html"
    paginate_by = 20
    context_object_name = "notifications"

    def get_queryset(self):
        queryset = selectors.notification_list(user=self.request.user)
        if self.request.GET.get("unread"):
            queryset = queryset.filter(read_at__isnull=True)
        return queryset


class NotificationOpenView(LoginRequiredMixin, View):
    """Mark one notification read and follow its link."""

    def post(self, request, pk):
        notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
        services.notification_mark_read(notification=notification, acting_user=request.user)
        target = notification.url
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect("notify:inbox")


class MarkAllReadView(LoginRequiredMixin, View):
    def post(self, request):
        count = services.notifications_mark_all_read(acting_user=request.user)
        messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
        return redirect("notify:inbox")
