"""A county rubric in use (two sections: 40 + 30 + 30 points, a veto item, an item bound to the
morning checks), an open campaign on it with three review sources (30 % + 30 % items, 40 % survey)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from inspections.choices import CampaignArea, LedgerFigure, SourceMode
from inspections.models import Campaign, CampaignType, Rubric
from inspections.services import assessment, campaigns, rubrics

SECTIONS = [
    {"title": "一、组织管理", "items": [
        {"code": "1.1", "text": "领导小组健全", "max_points": "40", "guidance": "未成立扣10分"},
        {"code": "1.2", "text": "晨检记录完整", "max_points": "30", "ledger_figure": LedgerFigure.MORNING_CHECKS},
    ]},
    {"title": "二、过程管理", "items": [
        {"code": "2.1", "text": "留样规范", "max_points": "30"},
        {"code": "V1", "text": "发生食品安全责任事故", "max_points": "0", "is_veto": True},
    ]},
]


@pytest.fixture
def campaign_type(county):
    return CampaignType.objects.create(county=county, name="放心食堂", area=CampaignArea.CANTEEN)


@pytest.fixture
def rubric(county, campaign_type, bureau_admin):
    rubric = rubrics.rubric_create(rubric=Rubric(county=county, campaign_type=campaign_type, year=2026,
                                                 title="放心食堂评分细则"), acting_user=bureau_admin)
    rubrics.rubric_fill(rubric=rubric, sections=SECTIONS)
    return rubrics.rubric_activate(rubric=rubric, acting_user=bureau_admin)


def items(rubric):
    return {item.code: item for item in rubric.items.all()}


SOURCES = [campaigns.SourceSpec("领导小组", Decimal("30")), campaigns.SourceSpec("后勤办", Decimal("30")),
           campaigns.SourceSpec("满意度测评", Decimal("40"), SourceMode.OVERALL)]


@pytest.fixture
def campaign(county, rubric, bureau_admin):
    today = timezone.localdate()
    campaign = campaigns.campaign_save(campaign=Campaign(
        county=county, rubric=rubric, title="2026年度放心食堂创建", year=2026, declare_by=today + dt.timedelta(days=10),
        self_assess_by=today + dt.timedelta(days=20), review_by=today + dt.timedelta(days=40)),
        sources=SOURCES, acting_user=bureau_admin)
    return campaigns.campaign_open(campaign=campaign, acting_user=bureau_admin)


@pytest.fixture
def declaration(campaign, school_a, principal_a, bureau_admin):
    declaration = campaigns.declaration_declare(campaign=campaign, school=school_a, acting_user=principal_a)
    return campaigns.declaration_accept(declaration=declaration, acting_user=bureau_admin)


def self_assess(declaration, principal, points=("38", "27", "29"), submit=True):
    by_code = items(declaration.campaign.rubric)
    entries = [assessment.ItemEntry(by_code[code].pk, Decimal(p), text=f"{code} 佐证")
               for code, p in zip(("1.1", "1.2", "2.1"), points)]
    declaration = assessment.self_assessment_save(declaration=declaration, entries=entries,
                                                  report="本校按照细则逐项自查，整体情况良好，存在的问题已整改。",
                                                  acting_user=principal)
    if submit:
        declaration = assessment.declaration_submit(declaration=declaration, acting_user=principal)
    return declaration


@pytest.fixture
def submitted(declaration, principal_a):
    return self_assess(declaration, principal_a)


def review(declaration, inspector, source, points=("36", "27", "28"), vetoed=False):
    by_code = items(declaration.campaign.rubric)
    entries = [assessment.ItemEntry(by_code[code].pk, Decimal(p), methods=["look", "check"])
               for code, p in zip(("1.1", "1.2", "2.1"), points)]
    entries.append(assessment.ItemEntry(by_code["V1"].pk, None, vetoed=vetoed, text="现场核查"))
    return assessment.review_sheet_save(declaration=declaration, source=source, entries=entries, overall_score=None,
                                        notes="整体规范", acting_user=inspector)


def review_all(declaration, inspector, survey="95", **kwargs):
    sources = list(declaration.campaign.sources.order_by("position"))
    review(declaration, inspector, sources[0], **kwargs)
    review(declaration, inspector, sources[1], **kwargs)
    assessment.review_sheet_save(declaration=declaration, source=sources[2], entries=[],
                                 overall_score=Decimal(survey), notes="", acting_user=inspector)
    declaration.refresh_from_db()
    return declaration


