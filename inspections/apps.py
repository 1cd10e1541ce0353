from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Inspections")

    def ready(self):
        from houqin.core.uploads import register_protected_file
        from inspections.models import RectificationAnswer, SelfEvidence, VetoFact

        register_protected_file(SelfEvidence, "file")
        register_protected_file(RectificationAnswer, "evidence")
        register_protected_file(VetoFact, "document")
