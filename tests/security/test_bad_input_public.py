"""Bad input, public forms: the pages parents use take a POST only where a form is sent, every such form
is throttled per address, and hostile values get a clear answer."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.security import hostile
from tests.security.badinput import (  # noqa: F401 - fixtures among them
    _fresh_throttles_and_media,
    CJK,
    HYPOTHESIS,
    table_counts,
    walk_patterns,
    world,
)


# The public pages whose forms are sent by POST; every other public page answers a POST with 405.
PUBLIC_POST_FORMS = {"public:consent", "public:complaint_new"}


def public_urls(world) -> dict[str, str]:
    """url name -> a URL of every public page (pages of one school: school A's)."""
    code = world["school"].code
    args = {"code": code, "term_id": world["term"].pk, "version": 1, "size": "a4", "language": "en"}
    urls = {}
    for route, name, pattern in walk_patterns():
        if not name.startswith("public:"):
            continue
        kwargs = {key: args[key] for key in pattern.pattern.converters}
        if name == "public:complaint_status":
            kwargs = {"code": "ABCD2345"}
        urls[name] = reverse(name, kwargs=kwargs)
    return urls


def test_public_pages_take_a_post_only_where_a_form_is_sent(world, client):
    urls = public_urls(world)
    assert PUBLIC_POST_FORMS <= set(urls)
    for name, url in urls.items():
        if name in PUBLIC_POST_FORMS:
            continue
        response = client.post(url, {"code": "ABCD2345"})
        assert response.status_code == 405, f"{name} answers a POST with {response.status_code}"


def _hammer(client, url, data_for, *, attempts: int) -> list[int]:
    statuses = []
    for index in range(attempts):
        data = data_for(index)
        response = client.post(url, data, REMOTE_ADDR="203.0.113.9") if data is not None else \
            client.get(url, REMOTE_ADDR="203.0.113.9")
        statuses.append(response.status_code)
    return statuses


@pytest.fixture
def tight_rates(settings):
    settings.PUBLIC_FAILURE_RATE = "3/h"
    settings.PUBLIC_SUBMIT_RATE = "4/h"
    settings.COMPLAINT_FILE_RATE = "2/h"
    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    cache.clear()
    yield settings
    cache.clear()


def public_post_attempts(world):
    """Per POST form, the kinds of attempt a script would repeat: each must run into the throttle."""
    from inspections.forms_complaints import form_token

    school = world["school"]
    def filing(i, **extra):
        return {"school": school.code, "category": "fee", "text": f"学校乱收资料费，第{i}次反映。", "contact_name": "",
                "contact_phone": "", "website": "", "ts": form_token(time.time() - 60), **extra}

    return {
        "public:consent": {
            "malformed code": (reverse("public:consent"), lambda i: {"code": ""}),
            "unknown code": (reverse("public:consent"), lambda i: {"code": f"ZZZZ{i:04d}"}),
            "hostile code": (reverse("public:consent"), lambda i: {"code": hostile.SCRIPT}),
        },
        "public:complaint_new": {
            "valid filings": (reverse("public:complaint_new") + f"?school={school.code}", filing),
            "invalid filings": (reverse("public:complaint_new") + f"?school={school.code}",
                                lambda i: filing(i, text="")),
            "honeypot": (reverse("public:complaint_new") + f"?school={school.code}",
                         lambda i: filing(i, website="http://spam.example")),
        },
    }


def test_every_public_post_form_is_throttled(world, client, tight_rates):
    """From one address, each kind of repeated POST answers the throttled page (429) once the
    configured allowance is used up (the largest allowance here is 4 per hour)."""
    attempts = public_post_attempts(world)
    assert set(attempts) == PUBLIC_POST_FORMS, "a public POST form was added: say how a script would repeat it"
    for name, kinds in attempts.items():
        for kind, (url, data_for) in kinds.items():
            cache.clear()
            statuses = _hammer(client, url, data_for, attempts=8)
            assert 500 not in statuses, (name, kind, statuses)
            assert statuses[-1] == 429, f"{name} {kind}: never throttled: {statuses}"
            page = client.post(url, data_for(99), REMOTE_ADDR="203.0.113.9")
            assert page.status_code == 429 and CJK.search(page.content.decode())
            # another address is not affected
            other = client.post(url, data_for(100), REMOTE_ADDR="198.51.100.7")
            assert other.status_code != 429, f"{name} {kind}: throttles every address"


public_text = st.one_of(st.sampled_from(sorted(hostile.HOSTILE_TEXT.values())).map(lambda v: v[:3000]),
                        hostile.any_text, hostile.full_width)


@hsettings(max_examples=20, **HYPOTHESIS)
@given(value=public_text, other=public_text)
def test_public_forms_answer_hostile_values(value, other, world, client, settings):
    """Every public form (GET lookups and the POST forms) given hostile values: no 500, nothing but a
    complaint written, and what was typed is shown escaped."""
    from inspections.forms_complaints import form_token
    from inspections.models import Complaint

    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    cache.clear()
    school = world["school"]
    requests = [
        ("get", reverse("public:verify"), {"digest": value}),
        ("get", reverse("public:settlement"), {"code": value}),
        ("get", reverse("public:consent"), {"code": value}),
        ("post", reverse("public:consent"), {"code": value, "c1": other}),
        ("get", reverse("public:complaint_lookup"), {"code": value}),
        ("get", reverse("public:directory"), {"q": value, "township": other, "page": other}),
        ("get", reverse("public:complaint_new"), {"q": value, "township": other}),
        ("get", reverse("public:language", args=["en"]), {"next": value}),
        ("post", reverse("public:complaint_new") + f"?school={school.code}",
         {"school": school.code, "category": "fee", "text": value, "contact_name": other, "contact_phone": other,
          "website": "", "ts": form_token(time.time() - 60)}),
        ("post", reverse("public:complaint_new"),
         {"school": value, "category": other, "text": value, "website": "", "ts": other}),
    ]
    for method, url, data in requests:
        before = Complaint.objects.count()
        counts = table_counts(("org", "fees", "canteens"))
        try:
            response = getattr(client, method)(url, data, REMOTE_ADDR="192.0.2.1")
        except Exception as error:  # noqa: BLE001
            pytest.fail(f"{method.upper()} {url} {data!r:.200}: 500 ({error!r})")
        assert response.status_code in (200, 302, 400, 404, 405, 422, 429), (url, response.status_code)
        assert table_counts(("org", "fees", "canteens")) == counts
        if response.status_code == 302 and "complaints" in url:
            assert Complaint.objects.count() == before + 1
            page = client.get(response["Location"], REMOTE_ADDR="192.0.2.1")
            assert hostile.SCRIPT not in page.content.decode()
        else:
            assert Complaint.objects.count() == before
        if response.status_code == 302 and "language" in url:
            location = response["Location"]
            assert location.startswith("/") and not location.startswith("//"), location
        if response.status_code == 200:
            assert hostile.SCRIPT not in response.content.decode()
