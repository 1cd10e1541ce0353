from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolbusConfig(AppConfig):
    name = "schoolbus"
    verbose_name = _("School buses")
