from django.urls import path

from houqin.notify.views import inbox, notices, reminders

app_name = "notify"

urlpatterns = [
    path("", inbox.InboxView.as_view(), name="inbox"),
    path("<int:pk>/open/", inbox.NotificationOpenView.as_view(), name="open"),
    path("read-all/", inbox.MarkAllReadView.as_view(), name="read_all"),
    path("notices/", notices.NoticeListView.as_view(), name="notice_list"),
    path("notices/new/", notices.NoticeCreateView.as_view(), name="notice_create"),
    path("notices/<int:pk>/", notices.NoticeDetailView.as_view(), name="notice_detail"),
    path("notices/<int:pk>/edit/", notices.NoticeUpdateView.as_view(), name="notice_update"),
    path("notices/<int:pk>/publish/", notices.NoticePublishView.as_view(), name="notice_publish"),
    path("notices/<int:pk>/attachments/", notices.AttachmentAddView.as_view(), name="attachment_add"),
    path("notices/<int:pk>/attachments/<int:attachment_pk>/remove/", notices.AttachmentRemoveView.as_view(),
         name="attachment_remove"),
    path("notices/<int:pk>/receipts/", notices.NoticeReceiptsView.as_view(), name="notice_receipts"),
    path("reminders/", reminders.ReminderScheduleView.as_view(), name="reminder_schedule"),
    path("reminders/schedules/<int:pk>/", reminders.ScheduleUpdateView.as_view(), name="schedule_update"),
    path("reminders/run-now/", reminders.ReminderRunNowView.as_view(), name="reminder_run_now"),
    path("reminders/runs/", reminders.ReminderRunListView.as_view(), name="reminder_runs"),
    path("reminders/runs/<int:pk>/", reminders.ReminderRunDetailView.as_view(), name="reminder_run_detail"),
]
