"""Filter helpers shared by every list: a free-text search box and yes/no choices."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from houqin.core.widgets import QuickSelect

YES_NO = (("true", _("Yes")), ("false", _("No")))


class YesNoField(django_filters.fields.ChoiceField):
    """"true"/"false" in the query string, True/False to the filter, None when not chosen."""

    def clean(self, value):
        return {"true": True, "false": False}.get(super().clean(value))


class YesNoFilter(django_filters.ChoiceFilter):
    field_class = YesNoField


def yes_no_filter(label, **kwargs):
    return YesNoFilter(label=label, choices=YES_NO, **kwargs)


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a `q` search box; subclasses implement `search(queryset, name, value)`."""

    search_help = ""
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.filters["q"].extra["widget"] = forms.TextInput(attrs={"placeholder": self.search_help, "type": "search"})
        for filter_ in self.filters.values():
            if isinstance(filter_, (django_filters.ChoiceFilter, django_filters.ModelChoiceFilter)):
                filter_.extra["empty_label"] = _("All")
                filter_.extra.setdefault("widget", QuickSelect)

    @property
    def form(self):
        """The filter form with Bootstrap's classes on its widgets (generic/filter_field.html draws
        each field: the same markup as crispy-forms, at a tenth of its rendering time)."""
        form = super().form
        if not getattr(form, "styled", False):
            for name, field in form.fields.items():
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                invalid = " is-invalid" if form.is_bound and name in form.errors else ""
                field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}{invalid}".strip()
            form.styled = True
        return form

    def search(self, queryset, name, value):
        return queryset
