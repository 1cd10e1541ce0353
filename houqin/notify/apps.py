from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    """In-app notifications, e-mail delivery and the reminder registry every app declares into."""

    name = "houqin.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self):
        autodiscover_modules("reminders")
