from django.contrib import admin

from houqin.notify.models import Notification, ReminderRun


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "rule", "period", "created_at", "read_at", "emailed_at")
    list_filter = ("rule", "level")
    raw_id_fields = ("recipient",)


@admin.register(ReminderRun)
class ReminderRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "duration_s", "delivered", "skipped", "failed_rules")
