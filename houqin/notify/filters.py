"""Filters of the notice list and of a notice's receipts per school (shared by each page and its
Excel export)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from houqin.core.forms import DATE
from houqin.core.filters import SearchFilterSet, yes_no_filter
from houqin.core.permissions import has_role
from houqin.notify.choices import Audience, NoticeStatus
from houqin.notify.models import Notice
from houqin.org.choices import BUREAU_ROLES, SCHOOL_ROLES
from houqin.org.models import School, Township


class NoticeFilter(SearchFilterSet):
    search_help = _("Title or text")
    status = django_filters.ChoiceFilter(label=_("status"), choices=NoticeStatus.choices)
    audience = django_filters.ChoiceFilter(label=_("addressed to"), choices=Audience.choices)
    read = yes_no_filter(_("read by me"), field_name="read_by_me")
    published_after = django_filters.DateFilter(label=_("published from"), field_name="published_at__date",
                                                lookup_expr="gte", widget=DATE)

    class Meta:
        model = Notice
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if not has_role(user, *BUREAU_ROLES):
            del self.filters["status"]  # the others see published notices only
        if user is None or user.role not in SCHOOL_ROLES:
            del self.filters["read"]  # receipts are kept for school accounts

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(body__icontains=value))


class SchoolReceiptFilter(SearchFilterSet):
    search_help = _("School name or code")
    township = django_filters.ModelChoiceFilter(label=_("township"), queryset=Township.objects.none())
    read = yes_no_filter(_("someone has read it"), method="filter_read")

    class Meta:
        model = School
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["township"].queryset = Township.objects.visible_to(user).order_by("code", "name")

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value.strip()))

    def filter_read(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(readers__gt=0) if value else queryset.filter(readers=0)
