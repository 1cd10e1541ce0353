"""The paginator of every list page.

A page of a long list is found in two steps (a "deferred join"): first the keys of the page's rows,
sorted and sliced with none of the joined tables the table shows; then those rows, whole, by key. The
database sorts narrow rows instead of carrying every joined column through the sort, which is what
keeps a deep page of a county's 20,000 assets as fast as the first one. One query more per page,
whatever the data.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet


class DeferredJoinPaginator(Paginator):
    def page(self, number):
        page = super().page(number)
        rows = page.object_list
        sliced = getattr(rows, "data", None)
        if isinstance(sliced, QuerySet) and sliced.query.is_sliced:
            keys = list(sliced.values_list("pk", flat=True))
            whole = sliced._chain()
            whole.query.clear_limits()
            found = {record.pk: record for record in whole.filter(pk__in=keys)}
            rows.data = [found[key] for key in keys if key in found]
        return page
