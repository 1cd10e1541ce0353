"""Bad input, forms: every form class and every page with a form is fed empty, huge, wrong-typed,
full-width, emoji, control-character, SQL, script and far-dated values: a clear message in Chinese,
never a 500, and a refused request writes nothing."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.security import hostile
from tests.security.badinput import (  # noqa: F401 - fixtures among them
    _fresh_throttles_and_media,
    ABSTRACT_FORMS,
    HYPOTHESIS,
    Snapshot,
    all_form_classes,
    build_form,
    check_post,
    draft_notice,
    post_data,
    walk_patterns,
    world,
)


def test_every_form_class_is_covered(world):
    """A new form class fails this test until it can be built here (and so is swept below)."""
    found = all_form_classes()
    assert len(found) > 100
    unbuildable = []
    for name, cls in found.items():
        if name in ABSTRACT_FORMS:
            continue
        try:
            build_form(name, cls, world)
        except Exception as error:  # noqa: BLE001
            unbuildable.append(f"{name}: {error!r}")
    assert not unbuildable, "forms the bad-input sweep cannot build:\n" + "\n".join(unbuildable)
    assert ABSTRACT_FORMS <= set(found), "an abstract form was renamed: update ABSTRACT_FORMS"


def _form_names():
    return sorted(n for n in all_form_classes() if n not in ABSTRACT_FORMS)


def assert_clean_errors(form):
    """A refused form explains itself with text, never an exception."""
    for field, errors in form.errors.items():
        for error in errors:
            assert isinstance(str(error), str) and str(error).strip(), (field, error)


@pytest.mark.parametrize("name", _form_names())
def test_every_form_refuses_named_hostile_values(name, world):
    """Each named hostile value in every field at once, then in each field alone: validation never raises."""
    cls = all_form_classes()[name]
    fields = build_form(name, cls, world).fields
    for value_name in hostile.NAMES:
        data = {f: hostile.named_value(field, value_name) for f, field in fields.items()
                if not isinstance(field, forms.FileField)}
        form = build_form(name, cls, world, data=data)
        try:
            form.is_valid()
        except Exception as error:  # noqa: BLE001
            pytest.fail(f"{name} with {value_name!r}: {error!r}")
        assert_clean_errors(form)


@pytest.mark.parametrize("name", _form_names())
def test_every_form_survives_random_values(name, world):
    cls = all_form_classes()[name]
    fields = build_form(name, cls, world).fields

    @hsettings(max_examples=15, **HYPOTHESIS)
    @given(data=hostile.form_data(fields))
    def check(data):
        form = build_form(name, cls, world, data=data)
        form.is_valid()
        assert_clean_errors(form)

    check()


def form_views() -> dict[str, tuple[str, type]]:
    """url name -> (route, form class) of every page built on a form class (the admin and the
    account pages of django.contrib.auth excepted)."""
    found = {}
    for route, name, pattern in walk_patterns():
        if route.startswith("django-admin/") or route.startswith("accounts/"):
            continue
        view_class = getattr(pattern.callback, "view_class", None)
        form_class = getattr(view_class, "form_class", None)
        chooses_form = any("get_form_class" in vars(k) and not k.__module__.startswith("django.")
                           for k in getattr(view_class, "__mro__", ()))
        if form_class is not None or chooses_form:
            found[name] = (route, form_class)
    return found


# url name -> the world's object whose pk the URL takes (pages about one record)
VIEW_OBJECTS = {
    "org:township_update": "township", "org:school_update": "school", "org:user_password": "keeper",
    "org:user_update": "keeper",
    "fees:notice_update": "notice", "fees:item_create": "notice", "fees:item_check_new": "notice",
    "fees:notice_return": "notice", "fees:notice_correct": "notice", "fees:category_update": "category",
    "canteens:canteen_update": "canteen",
    "inspections:rubric_update": "rubric", "inspections:rubric_section_create": "rubric",
    "inspections:rubric_item_create": "rubric",
    "schoolbus:vehicle_update": "vehicle", "schoolbus:driver_update": "driver", "schoolbus:escort_update": "escort",
    "assets:asset_update": "asset", "assets:asset_transfer": "asset", "assets:disposal_request": "asset",
    "assets:room_update": "room", "assets:custody_create": "room",
    "workplan:goal_update": "goal", "workplan:goal_progress": "goal", "workplan:goal_cancel": "goal",
    "notify:attachment_add": "notify_notice", "notify:notice_update": "notify_notice",
}


# pages of records in a state or of a kind the world does not hold; their forms are swept at the form level
NOT_DRIVEN = {
    "fees:item_update", "fees:item_check", "fees:policy_update", "fees:forbidden_update", "fees:class_update",
    "fees:student_update", "canteens:staff_update", "canteens:supplier_update",
    "inspections:campaign_update", "inspections:campaign_type_update", "inspections:rubric_item_update",
    "inspections:title_recheck", "inspections:order_answer", "inspections:order_verify", "inspections:order_reopen",
    "inspections:complaint_assign", "inspections:complaint_answer", "inspections:complaint_send_back",
    "inspections:complaint_close", "schoolbus:hazard_update", "schoolbus:accident_update",
    "schoolbus:activity_update", "assets:request_update", "assets:request_decide", "assets:acceptance_create",
    "assets:stocktake_surplus", "assets:stocktake_submit", "assets:stocktake_decide", "assets:disposal_appraise",
    "assets:disposal_decide", "assets:compensation_void", "assets:repair_dispatch", "assets:repair_postpone",
    "assets:repair_complete", "assets:repair_rate", "assets:deposit_return", "notify:schedule_update",
}


@pytest.fixture
def view_world(world, township_a):
    notify_notice = draft_notice(world)
    route = world["route"]
    return {**world, "township": township_a, "vehicle": route.vehicle, "driver": route.driver,
            "escort": route.escort, "notify_notice": notify_notice}


def test_every_form_page_is_driven_or_named():
    """A new page with a form fails here until it is driven below (or said why not)."""
    pages = form_views()
    undriven = [name for name, (route, _) in pages.items()
                if "<" in route and name not in VIEW_OBJECTS and name not in NOT_DRIVEN]
    assert not undriven, f"pages with a form the bad-input sweep does not drive: {undriven}"
    assert not (set(VIEW_OBJECTS) | NOT_DRIVEN) - set(pages), "a page was renamed: update the lists"


def _driven_pages():
    return sorted(name for name, (route, _) in form_views().items() if "<" not in route or name in VIEW_OBJECTS)


def page_url(name: str, world: dict) -> str:
    if name in VIEW_OBJECTS:
        obj = world[VIEW_OBJECTS[name]]
        if obj is None:
            pytest.skip(f"no {VIEW_OBJECTS[name]} in this world")
        return reverse(name, args=[obj.pk])
    return reverse(name)


def open_as_someone(client, url, world):
    """Sign in as the first user who may open the page and return (user, GET response)."""
    tried = []
    for key in ("bureau_admin", "keeper", "principal", "bureau_inspector", "supervisor"):
        client.force_login(world[key])
        response = client.get(url)
        if response.status_code == 200:
            return world[key], response
        tried.append((key, response.status_code))
    for key, status in tried:  # a page that only takes POST (an htmx check): the first user let past the role check
        if status == 405:
            client.force_login(world[key])
            return world[key], None
    pytest.fail(f"nobody could open {url}: {tried}")


PREVIEW_PAGES = {"fees:item_check_new"}


def one_field_values(field) -> tuple[str, ...]:
    """The values most likely to get past the form and trouble a service, by kind of field."""
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        return ("far_past", "far_future")
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return ("huge", "negative")
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        return ()
    if isinstance(field, forms.BooleanField):
        return ()
    return ("script", "huge", "nul")


VIEW_NAMES = ["empty", "huge", "full_width_digits", "emoji", "nul", "sql", "script", "far_future"]


@pytest.mark.parametrize("page", _driven_pages())
def test_every_form_page_answers_hostile_posts(page, view_world, client):
    url = page_url(page, view_world)
    user, response = open_as_someone(client, url, view_world)
    form = response.context.get("form") if response is not None and response.context else None
    if form is None:
        form = build_form("", form_views()[page][1], {**view_world, "bureau_admin": user, "keeper": user})
    fields = {n: f for n, f in form.fields.items() if not isinstance(f, forms.FileField)}
    snapshot = Snapshot(page)
    # every field hostile at once
    for value_name in VIEW_NAMES:
        data = post_data(form, {n: hostile.named_value(f, value_name) for n, f in fields.items()})
        check_post(client, url, data, label=f"{page} all={value_name}", snapshot=snapshot,
                   preview=page in PREVIEW_PAGES, script_posted=value_name == "script")
    # one field hostile, the others plausible: far dates and huge numbers reach the services
    for name, field in fields.items():
        for value_name in one_field_values(field):
            value = hostile.named_value(field, value_name)
            check_post(client, url, post_data(form, {name: value}), label=f"{page} {name}={value_name}",
                       snapshot=snapshot, preview=page in PREVIEW_PAGES, script_posted=value_name == "script")

    @hsettings(max_examples=5, **HYPOTHESIS)
    @given(choice=st.data())
    def sweep(choice):
        name = choice.draw(st.sampled_from(sorted(fields)))
        value = choice.draw(hostile.field_strategy(fields[name]))
        check_post(client, url, post_data(form, {name: value}), label=f"{page} {name}={value!r:.80}",
                   snapshot=snapshot, preview=page in PREVIEW_PAGES)

    if fields:
        sweep()
