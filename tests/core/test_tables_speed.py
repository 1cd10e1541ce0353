"""The remembered signatures of django-tables2 give the answers inspect gives, for every kind of
callable a table hands it, and the project's tables use them."""

import functools

from django_tables2 import utils

from houqin.core import tables_speed


class Table:
    def render_name(self, value, record):
        return value

    def render_all(self, **kwargs):
        return kwargs

    @staticmethod
    def render_static(record, *args):
        return record


def plain(value, bound_column=None, **extra):
    return value


def test_the_answers_are_inspects():
    table = Table()
    callables = [table.render_name, Table.render_name, table.render_all, table.render_static, plain,
                 lambda record: record, functools.partial(plain, 1)]
    for _ in range(2):  # the second time from memory
        for fn in callables:
            assert tables_speed.signature(fn) == tables_speed._uncached(fn)
    assert tables_speed.signature(table.render_name) == (("value", "record"), None)
    assert tables_speed.signature(Table.render_name) == (("self", "value", "record"), None)


def test_django_tables2_uses_them():
    assert utils.signature is tables_speed.signature
    assert utils.call_with_appropriate(Table().render_name, {"value": 3, "record": None, "other": 1}) == 3
