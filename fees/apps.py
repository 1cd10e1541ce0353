from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "fees"
    verbose_name = _("Fees")

    def ready(self):
        from fees.models import PolicyDocument, ReceiptScan
        from houqin.core.uploads import register_protected_file

        register_protected_file(PolicyDocument, "document")
        register_protected_file(ReceiptScan, "scan")
