"""Every filter and every sortable column of a list page, on the tables that grow with the years
(ledgers, registers, records), is backed by an index of its table (issue: performance at province
scale). The organisation and the small per-school registers (buses, drivers, rooms …) are bounded by
the user's scope, whose own columns are indexed: those are sorted in memory after the scope is read."""

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.urls import URLResolver, get_resolver

from houqin.core.views import ScopedListView

GROWING = {
    "assets_asset", "canteens_morningcheck", "canteens_samplerecord", "canteens_purchaseentry",
    "canteens_stockout", "canteens_monthlyaccount", "schoolbus_trip", "inspections_complaint",
    "inspections_rectificationorder", "inspections_declaration", "fees_feenotice", "notify_notification",
}


def _list_views(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _list_views(pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace
                                                                         else ""))
            continue
        view = getattr(pattern.callback, "view_class", None)
        if view and issubclass(view, ScopedListView) and view.filterset_class:
            yield namespace + (pattern.name or ""), view


def _column(model, path):
    """(table, column) a filter or sort on `path` reads, or None for a computed value."""
    *hops, last = path.split("__")
    for hop in hops:
        try:
            model = model._meta.get_field(hop).related_model
        except (FieldDoesNotExist, AttributeError):
            return None
        if model is None:
            return None
    try:
        field = model._meta.get_field(last)
    except FieldDoesNotExist:
        return None
    return (model._meta.db_table, field.column) if field.concrete else None


def _paths(view):
    for name, declared in view.filterset_class.base_filters.items():
        if not declared.method:
            yield "filter", name, declared.field_name
    table = view.table_class
    if table is None or table._meta.orderable is False:
        return
    for name, column in table.base_columns.items():
        if column.orderable is False:
            continue
        for key in column.order_by or (str(column.accessor or name),):
            yield "sort", name, str(key).lstrip("-").replace(".", "__")


@pytest.mark.django_db
def test_every_filter_and_sort_on_a_growing_table_has_an_index():
    with connection.cursor() as cursor:
        cursor.execute("""SELECT t.relname, a.attname FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)""")
        indexed = set(cursor.fetchall())
    seen, missing = set(), []
    for url_name, view in _list_views(get_resolver().url_patterns):
        for kind, name, path in _paths(view):
            column = _column(view.filterset_class._meta.model, path)
            if column and column[0] in GROWING:
                seen.add(column[0])
                if column not in indexed:
                    missing.append(f"{url_name}: {kind} {name} → {column[0]}.{column[1]}")
    assert seen >= {"assets_asset", "canteens_purchaseentry", "inspections_complaint", "schoolbus_trip"}
    assert not missing, "\n".join(missing)
