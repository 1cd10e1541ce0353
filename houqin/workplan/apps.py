from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    """The bureau's yearly work plan (年度工作要点): goals with owners, deadlines and progress,
    measured from the other apps' data where it can be."""

    name = "houqin.workplan"
    label = "workplan"
    verbose_name = _("Work plan")
