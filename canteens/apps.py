from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CanteensConfig(AppConfig):
    name = "canteens"
    verbose_name = _("Canteens")
