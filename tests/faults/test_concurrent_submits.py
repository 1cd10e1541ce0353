"""The same form posted twice at the same moment (a double click, two tabs, a retry of a slow
network) and two inspectors scoring the same self-assessment at once: each request in its own
thread with its own database connection, released together by a barrier."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from canteens.models import Canteen, CanteenStaff, MorningCheck, SampleRecord
from canteens.choices import VideoArea

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]


def at_once(*requests):
    """Run the callables in threads released together; return their results in order."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait(timeout=10)
            results[index] = request()
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


# --- the morning check of the canteen staff --------------------------------------------------------


def staff_member(canteen, name):
    today = timezone.localdate()
    return CanteenStaff.objects.create(
        canteen=canteen, name=name, health_number=f"H-{name}", health_issued=today - dt.timedelta(days=300),
        health_expiry=today + dt.timedelta(days=200), training_number=f"T-{name}",
        training_issued=today - dt.timedelta(days=100), training_expiry=today + dt.timedelta(days=300))


@pytest.fixture
def canteen(school_a):
    return Canteen.objects.create(school=school_a, name="学生食堂", licence_number="JY1", sample_fridge=True,
                                  licence_expiry=timezone.localdate() + dt.timedelta(days=300),
                                  video_areas=list(VideoArea.values))


def test_a_morning_check_posted_twice_at_once_is_recorded_once(canteen, staff_a):
    people = [staff_member(canteen, name) for name in ("王厨师", "李帮厨", "赵帮厨")]
    today = timezone.localdate().isoformat()
    url = f"{reverse('canteens:checks')}?canteen={canteen.pk}&date={today}"
    data = {"canteen": canteen.pk, "date": today, **{f"s{p.pk}-outcome": "fit" for p in people}}
    first, second = signed_in(staff_a), signed_in(staff_a)

    responses = at_once(lambda: first.post(url, data), lambda: second.post(url, data))

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302], "both saved, neither failed"
    assert MorningCheck.objects.filter(canteen=canteen).count() == 3
    assert sorted(MorningCheck.objects.values_list("staff_id", flat=True)) == sorted(p.pk for p in people)


def test_the_samples_of_a_meal_posted_twice_at_once_are_recorded_once(canteen, staff_a):
    today = timezone.localdate().isoformat()
    url = f"{reverse('canteens:samples')}?canteen={canteen.pk}&date={today}&meal=lunch"
    stored = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data = {"canteen": canteen.pk, "date": today, "meal": "lunch",
            "r0-dish": "红烧鸡块", "r0-weight_g": "125", "r0-stored_at": stored, "r0-sampled_by": "刘",
            "r1-dish": "清炒白菜", "r1-weight_g": "110", "r1-stored_at": stored, "r1-sampled_by": "刘"}
    first, second = signed_in(staff_a), signed_in(staff_a)

    responses = at_once(lambda: first.post(url, data), lambda: second.post(url, data))

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert sorted(SampleRecord.objects.filter(canteen=canteen).values_list("dish", flat=True)) == ["清炒白菜", "红烧鸡块"]


# --- two inspectors scoring the same self-assessment -----------------------------------------------

from inspections.models import ReviewScore  # noqa: E402
from tests.inspections.campaigns.conftest import (  # noqa: E402,F401 - the campaign fixtures
    campaign, campaign_type, declaration, items, review, rubric, submitted,
)


def form_of(page) -> dict:
    """The review form as the browser would post it back unchanged."""
    data = {"notes": page.context["notes_value"], "based_on": page.context["based_on"]}
    for section in page.context["sections"]:
        for row in section["rows"]:
            pk = row["item"].pk
            data[f"points-{pk}"] = row["points_value"]
            data[f"note-{pk}"] = row["note_value"]
            data[f"methods-{pk}"] = list(row["methods_value"])
            if row["vetoed_value"]:
                data[f"vetoed-{pk}"] = "on"
    return data


def points(sheet_source, declaration_):
    return {s.item.code: s.points for s in ReviewScore.objects.filter(
        sheet__declaration=declaration_, sheet__source=sheet_source, item__is_veto=False).select_related("item")}


@pytest.fixture
def reviewed(submitted, bureau_inspector):
    """The first source's sheet saved once: 1.1 = 36, 1.2 = 27, 2.1 = 28."""
    leaders = submitted.campaign.sources.order_by("position").first()
    review(submitted, bureau_inspector, leaders)
    return submitted, leaders


def test_two_inspectors_changing_different_items_at_once_both_land(reviewed, bureau_inspector, bureau_admin):
    declaration_, leaders = reviewed
    by_code = items(declaration_.campaign.rubric)
    url = reverse("inspections:review_sheet", args=[declaration_.pk, leaders.pk])
    one, other = signed_in(bureau_inspector), signed_in(bureau_admin)
    first, second = form_of(one.get(url)), form_of(other.get(url))  # both open the sheet
    first[f"points-{by_code['1.1'].pk}"] = "30"
    second[f"points-{by_code['2.1'].pk}"] = "25"
    second["notes"] = "留样柜温度记录不全"

    responses = at_once(lambda: one.post(url, first), lambda: other.post(url, second))

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert points(leaders, declaration_) == {"1.1": 30, "1.2": 27, "2.1": 25}, "neither change is lost"
    sheet = declaration_.review_sheets.get(source=leaders)
    assert sheet.score == 82 and sheet.notes == "留样柜温度记录不全"


def test_two_inspectors_changing_the_same_item_at_once_the_second_is_refused(reviewed, bureau_inspector,
                                                                            bureau_admin):
    declaration_, leaders = reviewed
    item = items(declaration_.campaign.rubric)["1.1"]
    url = reverse("inspections:review_sheet", args=[declaration_.pk, leaders.pk])
    one, other = signed_in(bureau_inspector), signed_in(bureau_admin)
    first, second = form_of(one.get(url)), form_of(other.get(url))
    first[f"points-{item.pk}"] = "30"
    second[f"points-{item.pk}"] = "20"

    responses = at_once(lambda: one.post(url, first), lambda: other.post(url, second))

    codes = [getattr(r, "status_code", r) for r in responses]
    assert sorted(codes) == [302, 422], codes
    saved, refused = (responses if codes[0] == 302 else responses[::-1])
    winner = "30" if codes[0] == 302 else "20"
    assert points(leaders, declaration_)["1.1"] == int(winner), "the first save stands whole"
    errors = refused.context["errors"]
    assert set(errors) == {f"item-{item.pk}", "__all__"}, errors
    # the refused form now shows the score saved meanwhile, and is based on it: saving again applies
    again = form_of(refused)
    assert again[f"points-{item.pk}"] == winner
    loser_client, loser_value = (other, "20") if codes[0] == 302 else (one, "30")
    again[f"points-{item.pk}"] = loser_value
    assert loser_client.post(url, again).status_code == 302
    assert points(leaders, declaration_)["1.1"] == int(loser_value)
