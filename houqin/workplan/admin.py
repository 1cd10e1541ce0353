from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from houqin.core.admin import KeepRowsMixin
from houqin.workplan.models import Goal


@admin.register(Goal)
class GoalAdmin(KeepRowsMixin, SimpleHistoryAdmin):
    list_display = ("year", "position", "title", "area", "owner", "deadline", "measure", "progress", "cancelled_at")
    list_filter = ("year", "area", "measure")
    search_fields = ("title", "department")
    raw_id_fields = ("owner", "campaign_type")
