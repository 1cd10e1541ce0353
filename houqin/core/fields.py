"""Form fields for values typed by people into spreadsheets: choices by their label, 是/否."""

import re
import unicodedata

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

_TRUE = {"是", "yes", "y", "true", "1", "√", "✓", "有"}
_FALSE = {"否", "no", "n", "false", "0", "×", "无", ""}


def _label_lookup(choices) -> dict[str, str]:
    """Each choice by its value and by its label in every language the portal speaks."""
    lookup = {}
    for value, label in choices:
        lookup[str(value).lower()] = value
        for language in ("zh-hans", "en"):
            with override(language):
                lookup[str(label).strip().lower()] = value
    return lookup


class LabelLookupMixin:
    """The label lookup of a choice field, built once for its choices: an import asks for it on
    every row, and building it switches language for every label."""

    def label_lookup(self) -> dict[str, str]:
        if getattr(self, "_lookup_of", None) is not self._choices:
            self._lookup, self._lookup_of = _label_lookup(self._choices), self._choices
        return self._lookup


class LabelChoiceField(LabelLookupMixin, forms.ChoiceField):
    """A choice typed as its label (学校类型 "小学") or its code ("primary")."""

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return value
        return self.label_lookup().get(value.lower(), value)


class LabelMultipleChoiceField(LabelLookupMixin, forms.MultipleChoiceField):
    """Several choices in one cell, separated by 、 , ， ; or spaces."""

    def to_python(self, value):
        if isinstance(value, str):
            value = [v for v in re.split(r"[、,，;；\s]+", value) if v]
        lookup = self.label_lookup()
        return [lookup.get(str(v).strip().lower(), v) for v in (value or [])]


class YesNoField(forms.Field):
    """是/否, yes/no, 1/0; an empty cell is 否."""

    default_error_messages = {"invalid": _("Enter 是 or 否.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, bool):
            return value
        text = str(value or "").strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class DigitCodeField(models.CharField):
    """A code made of digits (学校标识码, 行政区划代码). Full-width digits typed with a Chinese input
    method are turned into ASCII before validation, and surrounding spaces are dropped."""

    def to_python(self, value):
        value = super().to_python(value)
        return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value
