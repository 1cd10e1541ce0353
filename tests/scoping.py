"""The scope contract every app's view tests call for every model:

- an object of another school (or county) answers 404 on every one of its pages, GET and POST;
- the list page and its Excel export leave it out;
- a POST cannot move an object into a school outside the user's scope.
"""

from __future__ import annotations

import io

from openpyxl import load_workbook


def assert_not_found(client, user, urls, *, methods=("get", "post")):
    """Every URL answers 404 to `user`, for each method, so nothing leaks that the object exists.
    A URL that does not take the method at all may answer 405: that answer is the same for every
    object, in scope or not, so it leaks nothing either."""
    client.force_login(user)
    for url in urls:
        for method in methods:
            response = getattr(client, method)(url)
            assert response.status_code in (404, 405), f"{method.upper()} {url} as {user.username}: {response.status_code}"


def assert_found(client, user, urls):
    client.force_login(user)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, f"GET {url} as {user.username}: {response.status_code}"


def export_rows(response) -> list[list[str]]:
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [["" if v is None else str(v) for v in row] for row in workbook.active.iter_rows(values_only=True)]


def assert_list_excludes(client, user, list_url, *, present, absent):
    """The list page and its Excel export show the `present` texts and none of the `absent` ones."""
    client.force_login(user)
    page = client.get(list_url).content.decode()
    export = client.get(list_url, {"_export": "xlsx"})
    assert export.status_code == 200
    cells = "\n".join("\t".join(row) for row in export_rows(export))
    for text in present:
        assert text in page, f"{text!r} missing from {list_url} for {user.username}"
        assert text in cells, f"{text!r} missing from the export of {list_url} for {user.username}"
    for text in absent:
        assert text not in page, f"{text!r} leaks into {list_url} for {user.username}"
        assert text not in cells, f"{text!r} leaks into the export of {list_url} for {user.username}"


def assert_cannot_move(client, user, url, data, *, field, foreign_value, reload, expected):
    """POSTing `data` with `field` set to an out-of-scope value is refused or ignored, and the stored
    object keeps its place (`reload()` returns the value to compare with `expected`)."""
    client.force_login(user)
    response = client.post(url, {**data, field: foreign_value})
    assert response.status_code in (200, 302, 403, 404, 422), response.status_code
    assert reload() == expected
    return response
