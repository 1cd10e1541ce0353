"""Change history (django-simple-history): saving with the acting user and reason, and rendering
what changed, record by record, for the history panel on every detail page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def save_with_history(instance: models.Model, *, acting_user, reason: str = "", update_fields=None):
    """Validate and save `instance`, recording who did it and why in its history."""
    instance._history_user = acting_user
    instance._change_reason = reason
    instance.full_clean()
    instance.save(update_fields=update_fields)
    return instance


def create_in_bulk_with_history(model: type[models.Model], objs: list, *, acting_user, reason: str,
                                batch_size: int = 2000) -> list:
    """Insert `objs` (validated by the caller) in a few statements and record each one's creation
    in its history, by `acting_user` with `reason`, as `save_with_history` would row by row. The
    history records are copied from the inserted rows by the database (INSERT … SELECT), which
    costs nothing per row in Python."""
    created = model._default_manager.bulk_create(objs, batch_size=batch_size)
    history = model.history.model
    quote = connection.ops.quote_name
    tracked = ", ".join(quote(f.column) for f in history.tracked_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} ({tracked}, history_date, history_change_reason, "
            f"history_type, history_user_id) SELECT {tracked}, %s, %s, '+', %s FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(model._meta.pk.column)} = ANY(%s)",
            [timezone.now(), str(reason), acting_user.pk, [obj.pk for obj in created]],
        )
    return created


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    user: object
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)


KIND_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def _display(model_field, value, fk_names) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(model_field, models.DateTimeField):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if hasattr(value, "tzinfo") else str(value)
    if isinstance(model_field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(model_field, models.ForeignKey):
        return fk_names.get((model_field.related_model, value), f"#{value}")
    if isinstance(model_field, ArrayField):
        labels = dict(model_field.base_field.choices or [])
        return "、".join(str(labels.get(v, v)) for v in value) or "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.FileField):
        return str(_("file uploaded"))
    return str(value)


def history_entries(instance: models.Model, limit: int = 30) -> list[HistoryEntry]:
    """The latest `limit` changes of `instance`, newest first, each with its field changes.

    A fixed number of queries whatever the length of the history: one for the records and one per
    related model whose key changed.
    """
    records = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(instance)
    deltas = []
    fk_wanted: dict[type, set] = {}
    for newer, older in zip(records, records[1:] + [None]):
        delta = newer.diff_against(older).changes if older is not None else []
        deltas.append(delta)
        for change in delta:
            model_field = model._meta.get_field(change.field)
            if isinstance(model_field, models.ForeignKey):
                fk_wanted.setdefault(model_field.related_model, set()).update(
                    v for v in (change.old, change.new) if v is not None
                )
    fk_names = {}
    for related, pks in fk_wanted.items():
        for obj in related._default_manager.filter(pk__in=pks):
            fk_names[(related, obj.pk)] = str(obj)
    entries = []
    for record, delta in list(zip(records, deltas))[:limit]:
        changes = []
        for change in delta:
            model_field = model._meta.get_field(change.field)
            changes.append(
                Change(
                    str(model_field.verbose_name),
                    _display(model_field, change.old, fk_names),
                    _display(model_field, change.new, fk_names),
                )
            )
        entries.append(
            HistoryEntry(
                record.history_date,
                record.history_user,
                str(KIND_LABELS.get(record.history_type, record.history_type)),
                record.history_change_reason or "",
                changes,
            )
        )
    return entries
