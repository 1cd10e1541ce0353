from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = _("Assets")

    def ready(self):
        from assets.models import Acceptance, Disposal, RepairTicket
        from houqin.core.uploads import register_protected_file

        register_protected_file(Acceptance, "invoice_scan")
        register_protected_file(Disposal, "appraisal_file")
        register_protected_file(RepairTicket, "photo")
