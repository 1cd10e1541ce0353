"""The body of a django-tables2 table rendered in one pass.

The stock template asks every cell for its column's attributes, which django-tables2 recomputes per
cell (several dictionaries and a sort each time): most of a list page's server time went there. The
attributes of our columns do not depend on the row, so they are computed once per column here; the
cell values still come from the table (`render_FOO`, linkify, accessors) exactly as before.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def table_rows(context, table) -> str:
    columns = []
    for column in table.columns:
        attrs = column.attrs["td"].as_html()
        columns.append((column.name, f"<td {attrs}>" if attrs else "<td>", column.localize))
    html = []
    for row in table.paginated_rows:
        row_attrs = row.attrs.as_html()
        html.append(f"<tr {row_attrs}>" if row_attrs else "<tr>")
        for name, opening, localized in columns:
            value = row.get_cell(name)
            if localized is None:
                text = render_value_in_context(value, context)
            else:
                text = conditional_escape(localize(value, use_l10n=localized))
            html.append(f"{opening}{text}</td>")
        html.append("</tr>")
    return mark_safe("".join(html))
