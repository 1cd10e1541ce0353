"""What the other apps call when they change something parents read on the public pages."""

from collections.abc import Iterable

from django.db import transaction

from houqin.public.cache import DIRECTORY, HONOURS, SCHOOL, generations_bump


def public_pages_changed(*, school_codes: Iterable[str] = (), directory: bool = False, honours: bool = False) -> None:
    """Once the transaction commits, render again at their next request the pages of these schools
    (school page, notice versions, menu, accounts), and the directory or the honour roll."""
    names = [SCHOOL.format(code=code) for code in dict.fromkeys(school_codes)]
    names += [DIRECTORY] * directory + [HONOURS] * honours
    transaction.on_commit(lambda: generations_bump(names), robust=True)
