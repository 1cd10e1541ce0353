from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from houqin.core.admin import KeepRowsMixin
from houqin.org.models import County, School, Township, User


@admin.register(County)
class CountyAdmin(KeepRowsMixin, SimpleHistoryAdmin):
    list_display = ("code", "name", "city", "province")


@admin.register(Township)
class TownshipAdmin(KeepRowsMixin, SimpleHistoryAdmin):
    list_display = ("name", "county", "code")
    list_filter = ("county",)


@admin.register(School)
class SchoolAdmin(KeepRowsMixin, SimpleHistoryAdmin):
    list_display = ("code", "name", "township", "school_type", "is_active")
    list_filter = ("school_type", "is_active")
    search_fields = ("code", "name")
    list_select_related = ("township",)


@admin.register(User)
class PortalUserAdmin(KeepRowsMixin, UserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "full_name", "role", "school", "township", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name", "phone")
    list_select_related = ("school", "township")
    fieldsets = UserAdmin.fieldsets + (
        (_("Portal"), {"fields": ("full_name", "phone", "role", "county", "township", "school", "duties")}),
    )
