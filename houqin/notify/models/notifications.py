"""In-app notifications, delivered at most once per (recipient, rule, period), and reminder runs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    DANGER = "danger", _("Urgent")


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A notification belongs to its recipient alone."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)


class Notification(models.Model):
    """A message to one user. `rule` says why it was sent (e.g. "canteens.certificate_expiring") and
    `period` for which period or object ("2026-11", "2026-W47", "staff:12:2026-11"); together with the
    recipient they are unique, so a reminder run that repeats delivers nothing twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    rule = models.CharField(_("rule"), max_length=80)
    period = models.CharField(_("period"), max_length=80)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.INFO)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "rule", "period"], name="notification_once_per_period")
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ReminderRun(models.Model):
    """One run of the reminder task: when, how long, and what it delivered. The counts are saved
    after each rule, so a run stopped half-way (a killed worker) shows how far it got."""

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    duration_s = models.FloatField(_("duration (s)"), null=True, blank=True)
    delivered = models.PositiveIntegerField(_("delivered"), default=0)
    skipped = models.PositiveIntegerField(_("already delivered"), default=0)
    failed_rules = models.JSONField(_("failed rules"), default=list, blank=True)
    # {rule code: {"delivered": n, "skipped": n, "seconds": s, "failed": bool, "failed_schools": n}}
    rules = models.JSONField(_("per rule"), default=dict, blank=True)
    # [{"rule": code, "school": id, "error": "ValueError: …"}] — schools a rule skipped (see registry.per_school)
    failed_schools = models.JSONField(_("failed schools"), default=list, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("started by"),
    )

    class Meta:
        verbose_name = _("reminder run")
        verbose_name_plural = _("reminder runs")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{timezone.localtime(self.started_at):%Y-%m-%d %H:%M}" if self.started_at else "—"

    def get_absolute_url(self):
        return reverse("notify:reminder_run_detail", args=[self.pk])


class ScheduleChange(models.Model):
    """A change the bureau made to the reminder schedule (django-celery-beat keeps no history)."""

    task_name = models.CharField(_("schedule"), max_length=200)
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    before = models.CharField(_("before"), max_length=200)
    after = models.CharField(_("after"), max_length=200)

    class Meta:
        verbose_name = _("schedule change")
        verbose_name_plural = _("schedule changes")
        ordering = ["-changed_at", "-id"]
