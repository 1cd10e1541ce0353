"""Form helpers shared by every app."""

from django import forms

from houqin.core.text import printable

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CleanTextMixin:
    """No control or invisible characters in anything typed."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = printable(value).strip()
        return cleaned
