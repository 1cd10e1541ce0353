"""Each measure with hand-built records: what it counts, what it leaves out, and where it links."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from canteens.choices import VideoArea
from canteens.models import Canteen, CanteenStaff
from fees.choices import NoticeStatus
from fees.models import FeeNotice
from houqin.org.models import Term
from houqin.workplan.measures import MEASURES, readings_for
from inspections.choices import (
    CampaignArea,
    ComplaintCategory,
    ComplaintStatus,
    InspectionKind,
    InspectionStatus,
    Level,
    OrderStatus,
)
from inspections.models import (
    CampaignType,
    Checklist,
    Complaint,
    Inspection,
    RectificationAnswer,
    RectificationOrder,
    Title,
)
from inspections.selectors.rectification import order_figures
from tests import factories
from tests.workplan.conftest import make_goal, measured

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools(school_a, school_a2, school_b):
    """The three active schools of 甲县, and a closed one that no measure counts."""
    closed = factories.SchoolFactory(township=school_a.township, name="甲镇已撤并小学", is_active=False)
    return {"a": school_a, "a2": school_a2, "b": school_b, "closed": closed}


@pytest.fixture
def term(today):
    return Term.objects.create(school_year=today.year, semester=1, start_date=today - dt.timedelta(days=30),
                               end_date=today + dt.timedelta(days=60))


# --- titles ------------------------------------------------------------------------------------


def award(school, campaign_type, level=Level.COUNTY, year=None, revoked=False):
    now = timezone.now()
    return Title.objects.create(school=school, campaign_type=campaign_type, name=f"县级{campaign_type.name}",
                                level=level, year=year or now.year, awarded_at=now,
                                revoked_at=now if revoked else None)


def test_titles_in_force_of_the_type_level_and_year(county, schools, campaign_type, school_far, other_county, today):
    school_d = factories.SchoolFactory(township=schools["b"].township, name="乙镇第二小学")
    for school in (schools["a"], schools["a2"], schools["b"]):
        award(school, campaign_type)
    award(school_d, campaign_type, revoked=True)  # revoked by a failed recheck
    award(schools["a"], campaign_type)  # the same school twice is one school
    award(schools["a"], campaign_type, level=Level.CITY)  # another level
    award(school_d, campaign_type, year=today.year - 1)  # another year
    dormitory = CampaignType.objects.create(county=county, name="文明宿舍", area=CampaignArea.DORMITORY)
    award(school_d, dormitory)  # another title
    far_type = CampaignType.objects.create(county=other_county, name="放心食堂", area=CampaignArea.CANTEEN)
    award(school_far, far_type)  # another county

    titles = MEASURES["titles"]
    params = {"campaign_type": campaign_type.pk, "level": Level.COUNTY}
    reading = titles(county, today.year, params, today=today)
    assert (reading.value, reading.denominator) == (3, None)
    assert reading.url.startswith(reverse("inspections:title_list"))
    for part in (f"campaign_type={campaign_type.pk}", "level=county", f"year={today.year}", "in_force=true"):
        assert part in reading.url
    assert titles(county, today.year, {**params, "level": Level.CITY}, today=today).value == 1
    assert titles(county, today.year - 1, params, today=today).value == 1
    assert titles(county, today.year, {"campaign_type": dormitory.pk, "level": Level.COUNTY}, today=today).value == 1
    assert titles(county, today.year, {"campaign_type": None, "level": ""}, today=today).value == 0


# --- fee notices -------------------------------------------------------------------------------


def notice(school, term, status, version=1):
    return FeeNotice.objects.create(school=school, term=term, status=status, version=version)


def test_schools_with_a_published_notice_this_term(county, schools, term, school_far, today):
    old_term = Term.objects.create(school_year=today.year - 1, semester=2, start_date=today - dt.timedelta(days=200),
                                   end_date=today - dt.timedelta(days=60))
    notice(schools["a"], term, NoticeStatus.SUPERSEDED)
    notice(schools["a"], term, NoticeStatus.PUBLISHED, version=2)  # corrected: still one school
    notice(schools["b"], term, NoticeStatus.PUBLISHED)
    notice(schools["a2"], term, NoticeStatus.SUBMITTED)  # not published yet
    notice(schools["a2"], old_term, NoticeStatus.PUBLISHED)  # last term's
    notice(schools["closed"], term, NoticeStatus.PUBLISHED)  # a closed school counts neither way
    notice(school_far, term, NoticeStatus.PUBLISHED)  # another county

    reading = MEASURES["fee_notices"](county, today.year, today=today)
    assert (reading.value, reading.denominator) == (2, 3)
    assert reading.share == Decimal("66.7")
    assert reading.display() == "2 / 3（66.7%）"
    assert f"term={term.pk}" in reading.url and "status=published" in reading.url
    assert reading.gap_url == reverse("fees:missing_notices") + f"?term={term.pk}"
    assert reading.period == str(term)


def test_without_any_term_the_fee_notices_cannot_be_measured(county, schools, today):
    reading = MEASURES["fee_notices"](county, today.year, today=today)
    assert (reading.value, reading.denominator) == (None, 3)
    assert reading.display() == "—"


# --- canteens ----------------------------------------------------------------------------------


def worker(canteen, name, *, health_days=200, training_days=300, active=True, number="H1"):
    today = timezone.localdate()
    return CanteenStaff.objects.create(
        canteen=canteen, name=name, is_active=active,
        health_number=number, health_issued=today - dt.timedelta(days=100),
        health_expiry=today + dt.timedelta(days=health_days),
        training_number="T1", training_issued=today - dt.timedelta(days=100),
        training_expiry=today + dt.timedelta(days=training_days))


def test_share_of_canteens_whose_workers_all_hold_valid_certificates(county, schools, school_far, today):
    good = Canteen.objects.create(school=schools["a"], name="学生食堂")
    worker(good, "王厨师")
    worker(good, "李帮厨", health_days=10)  # expiring soon is still valid
    worker(good, "赵帮厨", health_days=-30, active=False)  # no longer employed: not counted against
    expired = Canteen.objects.create(school=schools["a2"], name="学生食堂")
    worker(expired, "钱厨师")
    worker(expired, "孙帮厨", training_days=-1)
    blank = Canteen.objects.create(school=schools["b"], name="学生食堂")
    worker(blank, "周帮厨", number="  ")  # a certificate without its number
    Canteen.objects.create(school=schools["b"], name="教工食堂")  # no worker recorded: nothing to show
    closed = Canteen.objects.create(school=schools["a"], name="旧食堂", is_active=False)
    worker(closed, "吴厨师")
    far = Canteen.objects.create(school=school_far, name="学生食堂")
    worker(far, "郑厨师")

    reading = MEASURES["canteen_certificates"](county, today.year, today=today)
    assert (reading.value, reading.denominator) == (1, 4)
    assert reading.url == reverse("canteens:overview")
    assert reading.gap_url.startswith(reverse("canteens:staff_list")) and "state=expired" in reading.gap_url


def test_the_certificate_rule_is_the_one_of_the_roster(county, schools, today):
    """The measure's query agrees with CanteenStaff.may_handle_food, worker by worker."""
    canteen = Canteen.objects.create(school=schools["a"], name="学生食堂")
    people = [worker(canteen, "有效"), worker(canteen, "将到期", health_days=3), worker(canteen, "过期", health_days=-1),
              worker(canteen, "无号", number="")]
    people.append(CanteenStaff.objects.create(canteen=canteen, name="未办证"))
    from houqin.workplan.measures import invalid_certificate_q

    invalid = set(CanteenStaff.objects.filter(invalid_certificate_q(today)).values_list("name", flat=True))
    assert invalid == {p.name for p in people if not p.may_handle_food(today)} == {"过期", "无号", "未办证"}


def test_share_of_canteens_with_every_area_under_video(county, schools, today):
    Canteen.objects.create(school=schools["a"], name="学生食堂", video_areas=list(VideoArea.values))
    Canteen.objects.create(school=schools["a2"], name="学生食堂", video_areas=[VideoArea.COOKING, VideoArea.DINING])
    Canteen.objects.create(school=schools["b"], name="学生食堂")
    reading = MEASURES["canteen_video"](county, today.year, today=today)
    assert (reading.value, reading.denominator) == (1, 3)


# --- rectification orders ----------------------------------------------------------------------


def order(school, user, number, *, deadline_days, status=OrderStatus.OPEN, accepted_days=None, issued=None):
    today = timezone.localdate()
    made = RectificationOrder.objects.create(
        school=school, number=number, finding="食堂后厨地面积水", deadline=today + dt.timedelta(days=deadline_days),
        responsible="王校长", status=status, issued_by=user)
    if accepted_days is not None:
        answer = RectificationAnswer.objects.create(order=made, text="已整改", answered_by=user, accepted=True)
        RectificationAnswer.objects.filter(pk=answer.pk).update(
            answered_at=timezone.now() + dt.timedelta(days=accepted_days))
    if issued is not None:
        RectificationOrder.objects.filter(pk=made.pk).update(issued_at=issued)
    return made


def test_rectification_orders_verified_on_time(county, schools, bureau_inspector, school_far, far_admin, today):
    a, a2, b = schools["a"], schools["a2"], schools["b"]
    order(a, bureau_inspector, "ZG-1", deadline_days=5, status=OrderStatus.VERIFIED, accepted_days=0)  # on time
    order(a2, bureau_inspector, "ZG-2", deadline_days=-3, status=OrderStatus.VERIFIED, accepted_days=0)  # late
    order(b, bureau_inspector, "ZG-3", deadline_days=-1)  # open past its deadline
    order(b, bureau_inspector, "ZG-4", deadline_days=10)  # not due yet: not counted
    order(a, bureau_inspector, "ZG-5", deadline_days=-2, status=OrderStatus.ANSWERED)  # awaiting verification
    order(school_far, far_admin, "ZG-9", deadline_days=5, status=OrderStatus.VERIFIED, accepted_days=0)

    reading = MEASURES["rectifications_on_time"](county, today.year, today=today)
    assert (reading.value, reading.denominator) == (1, 3)
    # the same definitions as the inspections app's own figures
    figures = order_figures(school_ids=[a.pk, a2.pk, b.pk], today=today).values()
    assert sum(f["verified_on_time"] for f in figures) == 1
    assert sum(f["verified_late"] + f["overdue"] for f in figures) == 2
    assert "status=verified" in reading.url and "overdue=true" in reading.gap_url


def test_rectification_orders_of_another_year_are_not_counted(county, schools, bureau_inspector, today):
    last_year = timezone.now() - dt.timedelta(days=400)
    order(schools["a"], bureau_inspector, "ZG-1", deadline_days=5, status=OrderStatus.VERIFIED, accepted_days=0,
          issued=last_year)
    assert MEASURES["rectifications_on_time"](county, today.year, today=today).denominator == 0
    assert MEASURES["rectifications_on_time"](county, last_year.year, today=today).value == 1


# --- complaints --------------------------------------------------------------------------------


def complaint(school, code, *, status, assign_days=2, answer_days=None, close_days=None, closed=False):
    today = timezone.localdate()
    days = lambda n: today + dt.timedelta(days=n) if n is not None else None  # noqa: E731
    return Complaint.objects.create(
        school=school, tracking_code=code, category=ComplaintCategory.CANTEEN, text="饭菜不熟", status=status,
        assign_by=days(assign_days), answer_by=days(answer_days), close_by=days(close_days),
        closed_at=timezone.now() if closed else None)


def test_complaints_closed_on_time(county, schools, school_far, today):
    a, b = schools["a"], schools["b"]
    complaint(a, "C1", status=ComplaintStatus.CLOSED, answer_days=-5, close_days=1, closed=True)  # on time
    complaint(a, "C2", status=ComplaintStatus.CLOSED, answer_days=-5, close_days=-2, closed=True)  # late
    complaint(b, "C3", status=ComplaintStatus.CLOSED, assign_days=1, closed=True)  # closed at once, in time
    complaint(b, "C4", status=ComplaintStatus.ASSIGNED, answer_days=-1)  # open past its deadline
    complaint(b, "C5", status=ComplaintStatus.FILED, assign_days=2)  # within its time: not counted
    complaint(school_far, "C9", status=ComplaintStatus.CLOSED, close_days=1, closed=True)

    reading = MEASURES["complaints_closed_on_time"](county, today.year, today=today)
    assert (reading.value, reading.denominator) == (2, 4)
    assert "status=closed" in reading.url and "overdue=true" in reading.gap_url


# --- semester inspections ----------------------------------------------------------------------


def test_schools_with_both_semester_inspections_done(county, schools, term, bureau_inspector, today):
    fee = Checklist.objects.create(county=county, kind=InspectionKind.FEE_SPECIAL, title="收费专项治理检查表")
    safety = Checklist.objects.create(county=county, kind=InspectionKind.TWO_SAFETY, title="两个安全检查表")

    def inspect(school, checklist, *, days_ago=1, status=InspectionStatus.DONE):
        Inspection.objects.create(school=school, checklist=checklist, kind=checklist.kind, status=status,
                                  date=today - dt.timedelta(days=days_ago), inspectors="周督查", lead=bureau_inspector)

    inspect(schools["a"], fee)
    inspect(schools["a"], safety)  # both: counted
    inspect(schools["a2"], fee)  # one only
    inspect(schools["b"], fee)
    inspect(schools["b"], safety, status=InspectionStatus.DRAFT)  # not completed
    inspect(schools["b"], safety, days_ago=40)  # last semester's
    inspect(schools["closed"], fee)
    inspect(schools["closed"], safety)

    reading = MEASURES["semester_inspections"](county, today.year, today=today)
    assert (reading.value, reading.denominator) == (1, 3)
    assert reading.period == str(term)
    assert reading.gap_url == reverse("inspections:inspection_coverage") + "?missing=true"


# --- a plan read in one go ---------------------------------------------------------------------


def test_a_plan_reads_each_measure_once_whatever_the_number_of_goals(
        county, schools, campaign_type, bureau_admin, today, django_assert_max_num_queries):
    for school in (schools["a"], schools["b"]):
        award(school, campaign_type)
    goals = [measured(bureau_admin, "titles", target="4", campaign_type=campaign_type, level="county",
                      title=f"放心食堂{n}") for n in range(5)]
    goals += [measured(bureau_admin, "titles", target="1", campaign_type=campaign_type, level="city",
                       title=f"市级放心食堂{n}") for n in range(5)]
    goals += [make_goal(bureau_admin, title=f"手工目标{n}") for n in range(5)]
    with django_assert_max_num_queries(1):
        readings = readings_for(goals, today=today)
    assert {readings[g.pk].value for g in goals[:5]} == {2}
    assert {readings[g.pk].value for g in goals[5:10]} == {0}
    assert not any(g.pk in readings for g in goals[10:])
