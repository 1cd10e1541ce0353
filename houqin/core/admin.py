"""The Django admin keeps rows as the portal does (houqin/core/ledgers.py): nothing is deleted
through it, and the records the system writes once (notifications, runs, receipts) are read-only."""

from django.contrib import admin

admin.site.disable_action("delete_selected")


class KeepRowsMixin:
    """No deletion: registers are deactivated, ledgers are voided or closed, both with history."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(KeepRowsMixin):
    """A record of an event, written once by the system: shown, never added or changed by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
