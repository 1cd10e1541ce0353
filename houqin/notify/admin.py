from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from houqin.core.admin import KeepRowsMixin, ReadOnlyMixin
from houqin.notify.models import Notice, NoticeReceipt, Notification, ReminderRun, ScheduleChange


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "recipient", "rule", "period", "created_at", "read_at", "emailed_at")
    list_filter = ("rule", "level")
    raw_id_fields = ("recipient",)


@admin.register(ReminderRun)
class ReminderRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("started_at", "duration_s", "delivered", "skipped", "failed_rules", "requested_by")
    raw_id_fields = ("requested_by",)


@admin.register(ScheduleChange)
class ScheduleChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("changed_at", "task_name", "changed_by", "before", "after")
    raw_id_fields = ("changed_by",)


@admin.register(Notice)
class NoticeAdmin(KeepRowsMixin, SimpleHistoryAdmin):
    list_display = ("title", "county", "audience", "status", "published_at")
    list_filter = ("status", "audience", "county")
    raw_id_fields = ("created_by", "published_by", "townships", "schools")


@admin.register(NoticeReceipt)
class NoticeReceiptAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("notice", "user", "school", "read_at")
    raw_id_fields = ("notice", "user", "school")
