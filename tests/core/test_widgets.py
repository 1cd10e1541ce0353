"""QuickSelect writes the same <select> as Django's template-rendered one, for any labels and values."""

from django import forms
from django.test.html import parse_html
from hypothesis import given
from hypothesis import strategies as st

from houqin.core.widgets import QuickSelect

text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
choices = st.lists(st.tuples(text, text), max_size=6, unique_by=lambda c: c[0])


@given(plain=choices, grouped=choices, group=text.filter(str.strip), chosen=st.integers(0, 12), multiple=st.booleans())
def test_the_same_html_as_django(plain, grouped, group, chosen, multiple):
    options = [("", "全部"), *plain] + ([(group, grouped)] if grouped else [])
    values = [v for v, _l in plain] + [v for v, _l in grouped]
    value = [values[chosen]] if multiple and chosen < len(values) else (values[chosen] if chosen < len(values) else "")
    attrs = {"class": "form-select", "id": "id_school", **({"multiple": True} if multiple else {})}
    django = forms.SelectMultiple if multiple else forms.Select
    quick = type("QuickMultiple", (QuickSelect,), {"allow_multiple_selected": True}) if multiple else QuickSelect
    expected = django(attrs=attrs, choices=options).render("school", value)
    assert parse_html(quick(attrs=attrs, choices=options).render("school", value)) == parse_html(expected)
