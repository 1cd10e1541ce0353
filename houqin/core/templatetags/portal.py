"""Template helpers shared by every app."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext as _

from houqin.core.history import history_entries

register = template.Library()


@register.filter
def yuan(value):
    """An amount in 元 with two decimals and thousands separators: 1,234.50 元."""
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return value
    return f"{amount:,.2f} 元"


@register.filter
def minutes(value):
    """A timedelta as whole minutes (for "locked for 15 minutes")."""
    return int(value.total_seconds() // 60) if value else 0


@register.filter
def yesno_zh(value):
    return _("Yes") if value else _("No")


@register.simple_tag
def status_badge(instance, field="status"):
    from houqin.core.tables import status_badge as badge

    return badge(getattr(instance, field), getattr(instance, f"get_{field}_display")())


@register.inclusion_tag("includes/history.html")
def history_panel(instance, limit=30):
    return {"history": history_entries(instance, limit=limit)}


@register.simple_tag
def protected_file_url(instance, field_name):
    from django.urls import reverse

    meta = instance._meta
    return reverse("core:protected_file", args=[meta.app_label, meta.model_name, instance.pk, field_name])


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` — a dictionary's value in a template."""
    return mapping.get(key) if hasattr(mapping, "get") else None
