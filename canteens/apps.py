from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CanteensConfig(AppConfig):
    name = "canteens"
    verbose_name = _("Canteens")

    def ready(self):
        from canteens.models import BulkTender, Canteen, CanteenStaff, PurchaseEntry, Supplier
        from houqin.core.uploads import register_protected_file

        register_protected_file(Canteen, "licence_scan")
        register_protected_file(CanteenStaff, "health_scan", "training_scan")
        register_protected_file(Supplier, "licence_scan", "qualification_scan")
        register_protected_file(BulkTender, "document")
        register_protected_file(PurchaseEntry, "inspection_report", "quarantine_scan", "invoice_scan")
