from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    """In-app notifications, e-mail delivery, the reminder registry every app declares into, and
    the bureau's notices to schools."""

    name = "houqin.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self):
        from houqin.core.uploads import register_protected_file
        from houqin.notify.models import NoticeAttachment

        register_protected_file(NoticeAttachment, "file")
        autodiscover_modules("reminders")
