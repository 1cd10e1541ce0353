from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    """The organisation tree (county, township, school) and the portal's accounts."""

    name = "houqin.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from houqin.core.uploads import register_protected_file
        from houqin.org.models import School

        register_protected_file(School, "licence_scan")
