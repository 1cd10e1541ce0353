from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolbusConfig(AppConfig):
    name = "schoolbus"
    verbose_name = _("School buses")

    def ready(self):
        from houqin.core.uploads import register_protected_file
        from schoolbus.models import Driver, SafetyActivity, Vehicle

        register_protected_file(Vehicle, "permit_scan", "inspection_scan", "compulsory_insurance_scan",
                                "carrier_insurance_scan")
        register_protected_file(Driver, "licence_scan", "qualification_scan")
        register_protected_file(SafetyActivity, "materials")
