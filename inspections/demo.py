"""Demo data of the inspections app: the five county rubrics, a published 放心食堂 campaign with its
titles (the demo principal's school vetoed by its canteen's own accounts), an open 文明宿舍 campaign
in progress, a recorded veto fact and a month's plan; then the complaints and the inspections with
their rectification orders. Idempotent: nothing is added once the county has rubrics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from houqin.org.demo import COUNTY
from houqin.org.models import County, School, User
from inspections.choices import SourceMode, VetoKind
from inspections.models import Campaign, CampaignType, Rubric, VetoFact
from inspections.rubric_seeds import RUBRICS
from inspections.services import assessment, campaigns, planning, rubrics, titles

SOURCES = [campaigns.SourceSpec("领导小组评审", Decimal("30")), campaigns.SourceSpec("后勤办复核", Decimal("30")),
           campaigns.SourceSpec("师生家长满意度测评", Decimal("40"), SourceMode.OVERALL)]
REPORT = ("本校成立了创建工作领导小组，对照评分细则逐项开展自查。各项制度健全，台账记录完整，"
          "存在的问题已列出清单并明确整改责任人和时限。")


def _self_assess(declaration, principal, share: Decimal):
    entries = [assessment.ItemEntry(item.pk, (item.max_points * share).quantize(Decimal("1")) if not item.is_veto
                                    else None, text="见台账及照片" if not item.is_veto else "本年度未发生")
               for item in declaration.campaign.rubric.items.all()]
    declaration = assessment.self_assessment_save(declaration=declaration, entries=entries, report=REPORT,
                                                  acting_user=principal)
    return assessment.declaration_submit(declaration=declaration, acting_user=principal)


def _review(declaration, inspector, share: Decimal, survey: str):
    for source in declaration.campaign.sources.order_by("position"):
        if source.mode == SourceMode.OVERALL:
            assessment.review_sheet_save(declaration=declaration, source=source, entries=[],
                                         overall_score=Decimal(survey), notes="", acting_user=inspector)
            continue
        entries = [assessment.ItemEntry(item.pk, None if item.is_veto else (item.max_points * share).quantize(
            Decimal("0.1")), methods=["look", "check", "interview"]) for item in declaration.campaign.rubric.items.all()]
        assessment.review_sheet_save(declaration=declaration, source=source, entries=entries, overall_score=None,
                                     notes="资料齐全，现场管理规范，个别台账记录不够及时。", acting_user=inspector)


@transaction.atomic
def seed(stdout=None):
    county = County.objects.filter(code=COUNTY["code"]).first()
    if county is None or Rubric.objects.filter(county=county).exists():
        return
    admin = User.objects.get(username="admin")
    inspector = User.objects.get(username="inspector")
    today = timezone.localdate()
    active = {}
    for data in RUBRICS:
        campaign_type = rubrics.campaign_type_save(campaign_type=CampaignType(
            county=county, name=data["campaign_type"], area=data["area"], description=data.get("description", "")),
            acting_user=admin)
        rubric = rubrics.rubric_create(rubric=Rubric(county=county, campaign_type=campaign_type, year=today.year,
                                                     title=data["title"]), acting_user=admin)
        rubrics.rubric_fill(rubric=rubric, sections=data["sections"])
        active[data["campaign_type"]] = rubrics.rubric_activate(rubric=rubric, acting_user=admin)

    # 放心食堂: run through, then dated as it happened (deadlines in October and November).
    canteen_schools = list(School.objects.filter(township__county=county, has_canteen=True, is_active=True,
                                                 users__role="principal").distinct().order_by("code")[:5])
    demo_school = User.objects.get(username="principal").school
    canteen_schools = [demo_school] + [school for school in canteen_schools if school != demo_school][:4]
    canteen = campaigns.campaign_save(campaign=Campaign(
        county=county, rubric=active["放心食堂"], title=f"{today.year}年度县级“放心食堂”创建评估", year=today.year,
        declare_by=today + dt.timedelta(days=1), self_assess_by=today + dt.timedelta(days=2),
        review_by=today + dt.timedelta(days=3), notice="请各校对照评分细则开展自查自评，按时在平台申报并上传佐证材料。"),
        sources=SOURCES, acting_user=admin)
    campaigns.campaign_open(campaign=canteen, acting_user=admin)
    shares = [Decimal("0.95"), Decimal("0.93"), Decimal("0.86"), Decimal("0.91"), Decimal("0.75")]
    for school, share in zip(canteen_schools, shares):
        principal = User.objects.filter(school=school, role="principal").first()
        declaration = campaigns.declaration_declare(campaign=canteen, school=school, acting_user=principal)
        declaration = campaigns.declaration_accept(declaration=declaration, acting_user=admin)
        declaration = _self_assess(declaration, principal, min(share + Decimal("0.03"), Decimal("1")))
        _review(declaration, inspector, share, survey=str(int(share * 100) + 2))
        assessment.declaration_review_complete(declaration=declaration, acting_user=admin)
    campaigns.campaign_start_review(campaign=canteen, acting_user=admin)
    campaigns.campaign_publish(campaign=canteen, acting_user=admin)
    Campaign.objects.filter(pk=canteen.pk).update(
        declare_by=today - dt.timedelta(days=40), self_assess_by=today - dt.timedelta(days=25),
        review_by=today - dt.timedelta(days=8))

    # 文明宿舍: open; the demo principal has declared and is self-assessing; a boarding school waits for review.
    dormitory = campaigns.campaign_save(campaign=Campaign(
        county=county, rubric=active["文明宿舍"], title=f"{today.year}年度县级“文明宿舍”创建评估", year=today.year,
        declare_by=today + dt.timedelta(days=10), self_assess_by=today + dt.timedelta(days=25),
        review_by=today + dt.timedelta(days=45), notice="寄宿制学校均应申报。"), sources=SOURCES, acting_user=admin)
    campaigns.campaign_open(campaign=dormitory, acting_user=admin)
    boarding = list(School.objects.filter(township__county=county, has_dormitory=True, is_active=True,
                                          users__role="principal").distinct().order_by("code")[:2])
    for index, school in enumerate([demo_school] + [s for s in boarding if s != demo_school][:1]):
        principal = User.objects.filter(school=school, role="principal").first()
        declaration = campaigns.declaration_declare(campaign=dormitory, school=school, acting_user=principal)
        declaration = campaigns.declaration_accept(declaration=declaration, acting_user=admin)
        if index:
            _self_assess(declaration, principal, Decimal("0.9"))

    far_school = School.objects.filter(township__county=county, is_active=True).exclude(
        pk__in=[s.pk for s in canteen_schools]).order_by("-code").first()
    if far_school is not None:
        titles.veto_fact_record(fact=VetoFact(school=far_school, kind=VetoKind.ADMIN_PENALTY,
                                              date=today - dt.timedelta(days=60),
                                              description="市场监管部门对学校小卖部出售过期食品作出行政处罚。"),
                                acting_user=inspector)

    from inspections import demo_complaints, demo_inspections

    demo_inspections.seed(stdout=stdout)
    demo_complaints.seed(stdout=stdout)
    planning.plan_draw(county=county, month=today, by_risk=5, at_random=5, seed=f"{today:%Y%m}-demo",
                       acting_user=admin)
    if stdout:
        stdout.write("inspections: 5 rubrics, 2 campaigns, titles, veto fact, complaints, inspections, plan")
