"""The notify app's models: in-app notifications and reminder runs; the bureau's notices."""

from houqin.notify.models.notices import Notice, NoticeAttachment, NoticeReceipt
from houqin.notify.models.notifications import Level, Notification, ReminderRun, ScheduleChange

__all__ = ["Level", "Notice", "NoticeAttachment", "NoticeReceipt", "Notification", "ReminderRun", "ScheduleChange"]
