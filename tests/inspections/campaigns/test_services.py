"""Every transition of rubrics, campaigns, declarations, reviews and titles, allowed and refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from canteens.choices import OperationMode
from canteens.models import Canteen
from houqin.notify.models import Notification
from inspections.choices import (
    CampaignStatus,
    DeclarationStatus,
    Grade,
    OrderStatus,
    RubricStatus,
    Severity,
    SourceMode,
    VetoKind,
)
from inspections.models import Campaign, Recheck, RectificationOrder, Rubric, ReviewSheet, Title, VetoFact
from inspections.services import assessment, campaigns, planning, rubrics, titles
from inspections.services.rectification import order_issue
from tests.inspections.campaigns.conftest import SOURCES, items, review, review_all, self_assess

# --- rubrics ------------------------------------------------------------------------------------


def test_a_rubric_in_use_is_frozen_and_changes_as_a_new_version(rubric, bureau_admin):
    item = rubric.items.get(code="1.1")
    item.text = "改过"
    with pytest.raises(ValidationError):
        rubrics.rubric_item_save(item=item, acting_user=bureau_admin)
    with pytest.raises(ValidationError):
        rubrics.rubric_item_delete(item=item, acting_user=bureau_admin)
    draft = rubrics.rubric_new_version(rubric=rubric, acting_user=bureau_admin)
    assert (draft.version, draft.status, draft.previous_id) == (2, RubricStatus.DRAFT, rubric.pk)
    assert sorted(draft.items.values_list("code", flat=True)) == sorted(rubric.items.values_list("code", flat=True))
    changed = draft.items.get(code="1.1")
    changed.max_points = Decimal("35")
    rubrics.rubric_item_save(item=changed, acting_user=bureau_admin)
    assert rubric.items.get(code="1.1").max_points == Decimal("40")  # the version in use is untouched
    assert rubrics.rubric_total(draft) == Decimal("95")


def test_a_rubric_needs_scored_items_to_be_put_in_use(county, campaign_type, bureau_admin):
    empty = rubrics.rubric_create(rubric=Rubric(county=county, campaign_type=campaign_type, year=2026, title="空"),
                                  acting_user=bureau_admin)
    with pytest.raises(ValidationError):
        rubrics.rubric_activate(rubric=empty, acting_user=bureau_admin)
    assert Rubric.objects.get(pk=empty.pk).status == RubricStatus.DRAFT


def test_a_veto_item_scores_no_points_and_a_scored_item_needs_points(rubric, bureau_admin):
    draft = rubrics.rubric_new_version(rubric=rubric, acting_user=bureau_admin)
    veto = draft.items.get(code="V1")
    veto.max_points = Decimal("10")
    rubrics.rubric_item_save(item=veto, acting_user=bureau_admin)
    assert draft.items.get(code="V1").max_points == 0
    scored = draft.items.get(code="2.1")
    scored.max_points = Decimal("0")
    with pytest.raises(ValidationError):
        rubrics.rubric_item_save(item=scored, acting_user=bureau_admin)


def test_only_the_county_bureau_admin_writes_rubrics(rubric, bureau_inspector, principal_a, far_admin):
    for user in (bureau_inspector, principal_a, far_admin):
        with pytest.raises(PermissionDenied):
            rubrics.rubric_new_version(rubric=rubric, acting_user=user)


# --- campaigns ------------------------------------------------------------------------------------


def _campaign(county, rubric, **overrides):
    today = timezone.localdate()
    values = {"county": county, "rubric": rubric, "title": "测试", "year": 2026,
              "declare_by": today + dt.timedelta(days=5), "self_assess_by": today + dt.timedelta(days=10),
              "review_by": today + dt.timedelta(days=20), **overrides}
    return Campaign(**values)


@pytest.mark.parametrize("sources", [
    [],
    [campaigns.SourceSpec("甲", Decimal("50")), campaigns.SourceSpec("乙", Decimal("40"))],  # 90 %
    [campaigns.SourceSpec("甲", Decimal("60")), campaigns.SourceSpec("甲", Decimal("40"))],  # same name
    [campaigns.SourceSpec("问卷", Decimal("100"), SourceMode.OVERALL)],  # nobody scores the items
    [campaigns.SourceSpec("甲", Decimal("0")), campaigns.SourceSpec("乙", Decimal("100"))],
])
def test_review_sources_add_up_to_100_and_one_scores_the_items(county, rubric, bureau_admin, sources):
    with pytest.raises(ValidationError):
        campaigns.campaign_save(campaign=_campaign(county, rubric), sources=sources, acting_user=bureau_admin)
    assert not Campaign.objects.exists()


def test_deadlines_follow_each_other(county, rubric, bureau_admin):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        campaigns.campaign_save(campaign=_campaign(county, rubric, self_assess_by=today - dt.timedelta(days=1)),
                                sources=SOURCES, acting_user=bureau_admin)


def test_a_campaign_runs_on_a_rubric_in_use(county, rubric, bureau_admin):
    draft = rubrics.rubric_new_version(rubric=rubric, acting_user=bureau_admin)
    with pytest.raises(ValidationError):
        campaigns.campaign_save(campaign=_campaign(county, draft), sources=SOURCES, acting_user=bureau_admin)


def test_opening_tells_every_principal_once(principal_a, principal_b, campaign, bureau_admin):
    assert campaign.status == CampaignStatus.OPEN
    assert set(Notification.objects.filter(rule="inspections.campaign_open").values_list("recipient", flat=True)) == {
        principal_a.pk, principal_b.pk}
    with pytest.raises(ValidationError):
        campaigns.campaign_open(campaign=campaign, acting_user=bureau_admin)
    with pytest.raises(ValidationError):  # an open campaign keeps its rubric and sources
        campaigns.campaign_save(campaign=campaign, sources=SOURCES, acting_user=bureau_admin)


# --- declarations and self-assessment ----------------------------------------------------------------


def test_a_principal_declares_once_while_open(campaign, school_a, principal_a, staff_a, principal_b):
    with pytest.raises(PermissionDenied):
        campaigns.declaration_declare(campaign=campaign, school=school_a, acting_user=staff_a)
    with pytest.raises(Http404):  # another school's principal
        campaigns.declaration_declare(campaign=campaign, school=school_a, acting_user=principal_b)
    declaration = campaigns.declaration_declare(campaign=campaign, school=school_a, acting_user=principal_a)
    assert declaration.status == DeclarationStatus.DECLARED
    with pytest.raises(ValidationError):
        campaigns.declaration_declare(campaign=campaign, school=school_a, acting_user=principal_a)


def test_no_declaration_after_the_deadline(campaign, school_a, principal_a):
    Campaign.objects.filter(pk=campaign.pk).update(declare_by=timezone.localdate() - dt.timedelta(days=1))
    campaign.refresh_from_db()
    with pytest.raises(ValidationError):
        campaigns.declaration_declare(campaign=campaign, school=school_a, acting_user=principal_a)


def test_the_bureau_accepts_or_rejects_with_a_reason(campaign, school_a, principal_a, bureau_inspector):
    declaration = campaigns.declaration_declare(campaign=campaign, school=school_a, acting_user=principal_a)
    with pytest.raises(PermissionDenied):
        campaigns.declaration_accept(declaration=declaration, acting_user=principal_a)
    with pytest.raises(ValidationError):
        campaigns.declaration_reject(declaration=declaration, note=" ", acting_user=bureau_inspector)
    rejected = campaigns.declaration_reject(declaration=declaration, note="不符合申报条件", acting_user=bureau_inspector)
    assert rejected.status == DeclarationStatus.REJECTED
    with pytest.raises(ValidationError):
        campaigns.declaration_accept(declaration=declaration, acting_user=bureau_inspector)


def test_self_scores_are_checked_against_the_rubric_and_nothing_is_half_saved(declaration, principal_a):
    by_code = items(declaration.campaign.rubric)
    good = assessment.ItemEntry(by_code["1.1"].pk, Decimal("30"), "ok")
    for bad in (Decimal("31"), Decimal("-1"), Decimal("2.25")):
        entry = assessment.ItemEntry(by_code["1.2"].pk, bad, "x")
        with pytest.raises(ValidationError) as error:
            assessment.self_assessment_save(declaration=declaration, entries=[good, entry], report="",
                                            acting_user=principal_a)
        assert f"item-{by_code['1.2'].pk}" in error.value.error_dict
    assert not declaration.self_scores.exists()
    saved = assessment.self_assessment_save(declaration=declaration, entries=[good], report="草稿",
                                            acting_user=principal_a)
    assert saved.self_score == Decimal("30") and saved.self_report == "草稿"


def test_submitting_needs_every_item_and_the_report_then_locks(declaration, principal_a):
    by_code = items(declaration.campaign.rubric)
    assessment.self_assessment_save(declaration=declaration, entries=[
        assessment.ItemEntry(by_code["1.1"].pk, Decimal("38"))], report="本校按细则自查，情况良好，问题已整改完毕。",
        acting_user=principal_a)
    with pytest.raises(ValidationError) as error:
        assessment.declaration_submit(declaration=declaration, acting_user=principal_a)
    assert "1.2" in str(error.value) and "2.1" in str(error.value)
    submitted = self_assess(declaration, principal_a)
    assert submitted.status == DeclarationStatus.SUBMITTED and submitted.self_score == Decimal("94")
    with pytest.raises(ValidationError):  # locked
        assessment.self_assessment_save(declaration=submitted, entries=[], report="改", acting_user=principal_a)


def test_the_report_must_be_written(declaration, principal_a):
    by_code = items(declaration.campaign.rubric)
    assessment.self_assessment_save(declaration=declaration, entries=[
        assessment.ItemEntry(by_code[c].pk, Decimal("10")) for c in ("1.1", "1.2", "2.1")], report="短",
        acting_user=principal_a)
    with pytest.raises(ValidationError):
        assessment.declaration_submit(declaration=declaration, acting_user=principal_a)


def test_the_bureau_sends_a_submission_back_until_the_review_begins(submitted, principal_a, bureau_inspector):
    with pytest.raises(ValidationError):
        assessment.declaration_return(declaration=submitted, note="", acting_user=bureau_inspector)
    returned = assessment.declaration_return(declaration=submitted, note="1.2 佐证不足", acting_user=bureau_inspector)
    assert returned.status == DeclarationStatus.ACCEPTED
    again = self_assess(returned, principal_a)
    review(again, bureau_inspector, again.campaign.sources.first())
    with pytest.raises(ValidationError):
        assessment.declaration_return(declaration=again, note="再改", acting_user=bureau_inspector)


# --- review and result ----------------------------------------------------------------------------


def test_the_review_is_scored_on_the_server(submitted, bureau_inspector):
    leaders = submitted.campaign.sources.get(name="领导小组")
    sheet = review(submitted, bureau_inspector, leaders, points=("36", "27", "28"))
    assert sheet.score == Decimal("91.00")  # (36 + 27 + 28) / 100
    review(submitted, bureau_inspector, leaders, points=("40", "30", "20"))
    assert ReviewSheet.objects.get(pk=sheet.pk).score == Decimal("90.00")
    submitted.refresh_from_db()
    assert submitted.final_score is None  # two sources still to score


def test_review_refuses_impossible_scores_and_missing_items(submitted, bureau_inspector):
    leaders = submitted.campaign.sources.get(name="领导小组")
    by_code = items(submitted.campaign.rubric)
    with pytest.raises(ValidationError):
        assessment.review_sheet_save(declaration=submitted, source=leaders, entries=[
            assessment.ItemEntry(by_code["1.1"].pk, Decimal("41"))], overall_score=None, notes="",
            acting_user=bureau_inspector)
    with pytest.raises(ValidationError):  # 1.2 and 2.1 missing
        assessment.review_sheet_save(declaration=submitted, source=leaders, entries=[
            assessment.ItemEntry(by_code["1.1"].pk, Decimal("40"))], overall_score=None, notes="",
            acting_user=bureau_inspector)
    survey = submitted.campaign.sources.get(mode=SourceMode.OVERALL)
    with pytest.raises(ValidationError):
        assessment.review_sheet_save(declaration=submitted, source=survey, entries=[], overall_score=Decimal("101"),
                                     notes="", acting_user=bureau_inspector)
    assert not ReviewSheet.objects.exists()


def test_nobody_reviews_their_own_school_or_township(submitted, principal_a, supervisor_a):
    source = submitted.campaign.sources.first()
    with pytest.raises(ValidationError):
        review(submitted, principal_a, source)
    with pytest.raises(ValidationError):
        review(submitted, supervisor_a, source)
    assert not ReviewSheet.objects.exists()


def test_a_declaration_not_submitted_is_not_reviewed(declaration, bureau_inspector):
    with pytest.raises(ValidationError):
        review(declaration, bureau_inspector, declaration.campaign.sources.first())


def test_complete_review_weights_grades_and_locks(submitted, bureau_inspector, bureau_admin):
    with pytest.raises(ValidationError):  # sources missing
        assessment.declaration_review_complete(declaration=submitted, acting_user=bureau_admin)
    declaration = review_all(submitted, bureau_inspector, survey="95")
    # 30 % × 91 + 30 % × 91 + 40 % × 95 = 92.60
    assert declaration.final_score == Decimal("92.60")
    done = assessment.declaration_review_complete(declaration=declaration, acting_user=bureau_admin)
    assert (done.status, done.grade, done.vetoes) == (DeclarationStatus.REVIEWED, Grade.ADVANCED, [])
    with pytest.raises(ValidationError):  # locked once complete
        review(done, bureau_inspector, done.campaign.sources.first())
    reopened = assessment.declaration_review_reopen(declaration=done, reason="复核有误", acting_user=bureau_admin)
    assert reopened.status == DeclarationStatus.SUBMITTED and reopened.grade == ""


def test_a_veto_item_found_by_a_reviewer_fails_the_school(submitted, bureau_inspector, bureau_admin):
    declaration = review_all(submitted, bureau_inspector, vetoed=True)
    done = assessment.declaration_review_complete(declaration=declaration, acting_user=bureau_admin)
    assert done.grade == Grade.RECTIFY
    assert [v["kind"] for v in done.vetoes] == [VetoKind.VETO_ITEM, VetoKind.VETO_ITEM]


def test_ledger_facts_veto_without_anyone_declaring_them(submitted, school_a, bureau_inspector, bureau_admin):
    Canteen.objects.create(school=school_a, name="承包食堂", operation_mode=OperationMode.CONTRACTED)
    order_issue(school=school_a, finding="燃气管道老化", severity=Severity.SERIOUS,
                deadline=timezone.localdate() + dt.timedelta(days=7), responsible="校长", acting_user=bureau_admin)
    declaration = review_all(submitted, bureau_inspector)
    done = assessment.declaration_review_complete(declaration=declaration, acting_user=bureau_admin)
    kinds = {v["kind"] for v in done.vetoes}
    assert kinds == {VetoKind.CONTRACTED_OUT, VetoKind.SERIOUS_HAZARD}
    assert done.grade == Grade.RECTIFY and done.final_score == Decimal("92.60")


def test_a_recorded_fee_violation_only_bars_advanced(submitted, school_a, bureau_inspector, bureau_admin):
    titles.veto_fact_record(fact=VetoFact(school=school_a, kind=VetoKind.FEE_VIOLATION,
                                          date=timezone.localdate(), description="违规收取资料费"),
                            acting_user=bureau_inspector)
    declaration = review_all(submitted, bureau_inspector)
    done = assessment.declaration_review_complete(declaration=declaration, acting_user=bureau_admin)
    assert done.grade == Grade.QUALIFIED


def test_ledger_facts_cannot_be_recorded_by_hand_and_facts_are_voided_not_deleted(school_a, bureau_inspector):
    with pytest.raises(ValidationError):
        titles.veto_fact_record(fact=VetoFact(school=school_a, kind=VetoKind.SERIOUS_HAZARD,
                                              date=timezone.localdate(), description="x"), acting_user=bureau_inspector)
    fact = titles.veto_fact_record(fact=VetoFact(school=school_a, kind=VetoKind.ADMIN_PENALTY,
                                                 date=timezone.localdate(), description="罚款"),
                                   acting_user=bureau_inspector)
    titles.veto_fact_void(fact=fact, reason="录入错误", acting_user=bureau_inspector)
    fact.refresh_from_db()
    assert fact.voided_at and fact.history.count() == 2


def test_publishing_awards_titles_and_orders_rectification(campaign, school_a, school_b, principal_a, principal_b,
                                                           bureau_inspector, bureau_admin):
    results = {}
    for school, principal, points in ((school_a, principal_a, ("38", "28", "29")), (school_b, principal_b,
                                                                                      ("30", "20", "20"))):
        declaration = campaigns.declaration_declare(campaign=campaign, school=school, acting_user=principal)
        declaration = campaigns.declaration_accept(declaration=declaration, acting_user=bureau_admin)
        declaration = self_assess(declaration, principal)
        declaration = review_all(declaration, bureau_inspector, points=points, survey="90")
        results[school.pk] = assessment.declaration_review_complete(declaration=declaration, acting_user=bureau_admin)
    with pytest.raises(ValidationError):  # the review has not started
        campaigns.campaign_publish(campaign=campaign, acting_user=bureau_admin)
    campaigns.campaign_start_review(campaign=campaign, acting_user=bureau_admin)
    campaigns.campaign_publish(campaign=campaign, acting_user=bureau_admin)
    assert results[school_a.pk].grade == Grade.ADVANCED and results[school_b.pk].grade == Grade.RECTIFY
    title = Title.objects.get()
    assert (title.school, title.name, title.year) == (school_a, "2026年度县级放心食堂", 2026)
    order = RectificationOrder.objects.get()
    assert order.school == school_b and order.declaration == results[school_b.pk]
    assert order.status == OrderStatus.OPEN
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PUBLISHED


def test_publishing_waits_for_every_submitted_review(campaign, submitted, bureau_admin):
    campaigns.campaign_start_review(campaign=campaign, acting_user=bureau_admin)
    with pytest.raises(ValidationError):
        campaigns.campaign_publish(campaign=campaign, acting_user=bureau_admin)


# --- titles and rechecks --------------------------------------------------------------------------


@pytest.fixture
def title(school_a, campaign_type, campaign):
    return Title.objects.create(school=school_a, campaign=campaign, campaign_type=campaign_type, name="2026年度县级放心食堂",
                                level="county", year=2026, awarded_at=timezone.now() - dt.timedelta(days=30))


def test_a_failed_recheck_revokes_the_title_with_its_reason_in_the_history(title, bureau_inspector, principal_a):
    with pytest.raises(PermissionDenied):
        titles.recheck_record(recheck=Recheck(title=title, date=timezone.localdate(), passed=False, findings="留样缺失"),
                              acting_user=principal_a)
    titles.recheck_record(recheck=Recheck(title=title, date=timezone.localdate(), passed=True, findings="各项规范"),
                          acting_user=bureau_inspector)
    title.refresh_from_db()
    assert title.revoked_at is None
    titles.recheck_record(recheck=Recheck(title=title, date=timezone.localdate(), passed=False,
                                          findings="暗访发现留样缺失、从业人员无证上岗"), acting_user=bureau_inspector)
    title.refresh_from_db()
    assert title.revoked_at and "留样缺失" in title.revoke_reason
    assert "留样缺失" in title.history.first().history_change_reason
    with pytest.raises(ValidationError):
        titles.recheck_record(recheck=Recheck(title=title, date=timezone.localdate(), passed=True, findings="再查一次"),
                              acting_user=bureau_inspector)


def test_a_recheck_is_dated_between_award_and_today(title, bureau_inspector):
    with pytest.raises(ValidationError):
        titles.recheck_record(recheck=Recheck(title=title, date=timezone.localdate() + dt.timedelta(days=1),
                                              passed=True, findings="未来日期"), acting_user=bureau_inspector)


# --- plans ----------------------------------------------------------------------------------------


def test_a_plan_records_its_draw_and_reruns_the_same(county, school_a, school_a2, school_b, bureau_admin):
    order_issue(school=school_b, finding="消防通道堵塞", severity=Severity.SERIOUS,
                deadline=timezone.localdate() + dt.timedelta(days=3), responsible="校长", acting_user=bureau_admin)
    plan = planning.plan_draw(county=county, month=timezone.localdate(), by_risk=1, at_random=1, seed="abc",
                              acting_user=bureau_admin)
    entries = list(plan.entries.order_by("position").values_list("school_id", "reason"))
    assert entries[0] == (school_b.pk, "risk") and entries[1][1] == "random"
    assert planning.plan_rerun(plan) == entries
    assert plan.scores[str(school_b.pk)]["components"]["serious_open"] == 1
    with pytest.raises(ValidationError):
        planning.plan_draw(county=county, month=timezone.localdate(), by_risk=1, at_random=1, acting_user=bureau_admin)


@pytest.mark.parametrize("by_risk, at_random", [(0, 0), (-1, 3), (150, 100)])
def test_a_plan_has_a_sensible_size(county, school_a, bureau_admin, by_risk, at_random):
    with pytest.raises(ValidationError):
        planning.plan_draw(county=county, month=timezone.localdate(), by_risk=by_risk, at_random=at_random,
                           acting_user=bureau_admin)

