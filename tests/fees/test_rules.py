"""Every compliance rule, refused and allowed, through the one service that checks a notice."""

from decimal import Decimal

import pytest

from fees import services
from fees.choices import CollectionMethod, FeeUnit
from fees.models import FeeItem, FeeNotice
from fees.rules import Finding
from tests.fees.conftest import add_item


def codes(notice):
    return [f.code for f in services.fee_notice_check(notice)]


def preview(notice, **fields):
    item = FeeItem(notice=notice, **{"amount": Decimal("10.00"), "unit": FeeUnit.PER_TERM, "name": "测试项目", **fields})
    return [f.code for f in services.fee_notice_preview_findings(notice, [item])]


@pytest.fixture
def notice(school_a, term, principal_a, catalogue):
    return services.fee_notice_start(school=school_a, term=term, acting_user=principal_a)


def test_an_empty_notice_has_no_items(notice):
    assert codes(notice) == ["no_items"]


def test_over_the_cap_for_the_schools_type_is_found(notice, catalogue):
    assert "over_cap" in preview(notice, category=catalogue["meals"], amount=Decimal("10.50"), unit=FeeUnit.PER_DAY)
    assert "over_cap" not in preview(notice, category=catalogue["meals"], amount=Decimal("10.00"), unit=FeeUnit.PER_DAY)


def test_the_cap_of_the_school_type_wins_over_the_cap_for_all_types(notice, catalogue, school_a):
    finding = services.fee_notice_preview_findings(notice, [FeeItem(
        notice=notice, category=catalogue["meals"], name="伙食费", amount=Decimal("12.00"), unit=FeeUnit.PER_DAY)])[0]
    assert finding.code == "over_cap"
    assert "10.00" in finding.message and "元/生/天" in finding.message
    school_a.school_type = "junior"
    assert "over_cap" not in preview(notice, category=catalogue["meals"], amount=Decimal("12.00"), unit=FeeUnit.PER_DAY)


def test_a_zero_cap_forbids_any_charge(notice, catalogue):
    assert "over_cap" in preview(notice, category=catalogue["dorm"], amount=Decimal("0.01"))


def test_a_unit_the_county_does_not_cap_is_found(notice, catalogue):
    found = preview(notice, category=catalogue["milk"], unit=FeeUnit.PER_MONTH)
    assert "unit_not_allowed" in found
    assert "unit_not_allowed" not in preview(notice, category=catalogue["uniform"], unit=FeeUnit.PER_PIECE,
                                             supplier="某厂", supplier_reason="比选", supplier_qualification="执照",
                                             supplier_price="最低价", supplier_quality="国标")


@pytest.mark.parametrize("name", ["补课费", "暑期补习费", "周末辅导费（自愿）"])
def test_forbidden_items_are_recognised_by_name_and_synonyms(notice, catalogue, name):
    finding = [f for f in services.fee_notice_preview_findings(notice, [FeeItem(
        notice=notice, category=catalogue["milk"], name=name, amount=Decimal("1"), unit=FeeUnit.PER_TERM)])
        if f.code == "forbidden_item"]
    assert finding and "补课费" in finding[0].message and "鄂价费〔2017〕5号" in finding[0].message


def test_a_permitted_name_is_not_forbidden(notice, catalogue):
    assert "forbidden_item" not in preview(notice, category=catalogue["milk"], name="学生饮用奶")


def test_voluntary_choice_missing(notice, catalogue):
    assert "voluntary_missing" in preview(notice, category=catalogue["milk"], is_voluntary=False)
    assert "voluntary_missing" not in preview(notice, category=catalogue["nopolicy"], is_voluntary=False,
                                              policy_basis="县文件")


def test_policy_basis_missing(notice, catalogue):
    assert "policy_missing" in preview(notice, category=catalogue["nopolicy"])
    assert "policy_missing" not in preview(notice, category=catalogue["nopolicy"], policy_basis="汉教后〔2026〕3号")
    assert "policy_missing" not in preview(notice, category=catalogue["nopolicy"], policy=catalogue["policy"])
    assert "policy_missing" not in preview(notice, category=catalogue["milk"])  # the category's own basis


@pytest.mark.parametrize("field", ["school_phone", "bureau_phone", "price_hotline"])
def test_complaint_phones_missing(notice, catalogue, field):
    setattr(notice, field, "")
    findings = services.fee_notice_preview_findings(notice, [])
    phones = [f for f in findings if f.code == "phones_missing"]
    assert phones
    assert {"school_phone": "学校", "bureau_phone": "教育局", "price_hotline": "12358"}[field] in phones[0].message


def test_uniform_supplier_disclosure(notice, catalogue):
    finding = [f for f in services.fee_notice_preview_findings(notice, [FeeItem(
        notice=notice, category=catalogue["uniform"], name="校服", amount=Decimal("100"), unit=FeeUnit.PER_TERM,
        supplier="某服饰公司", supplier_reason="家长委员会比选")]) if f.code == "supplier_disclosure_missing"]
    assert finding
    assert "资质" in finding[0].message and "价格" in finding[0].message and "质量" in finding[0].message
    assert "选择理由" not in finding[0].message


def test_commercial_insurance_may_not_be_collected_by_the_school(notice, catalogue):
    assert "school_collects_insurance" in preview(notice, category=catalogue["insurance"], unit=FeeUnit.PER_YEAR)
    assert "school_collects_insurance" not in preview(notice, category=catalogue["insurance"],
                                                      collection_method=CollectionMethod.DIRECT)


def test_bundled_with_administrative_fees(notice, catalogue):
    assert "bundled_with_admin_fees" in preview(notice, category=catalogue["milk"],
                                                collection_method=CollectionMethod.WITH_ADMIN_FEES)


def test_tied_to_enrolment(notice, catalogue):
    assert "tied_to_enrolment" in preview(notice, category=catalogue["milk"],
                                          collection_method=CollectionMethod.AT_REGISTRATION)


def test_inactive_category(notice, catalogue):
    catalogue["milk"].is_active = False
    assert "category_inactive" in preview(notice, category=catalogue["milk"])


def test_findings_are_stored_as_codes_and_read_in_the_readers_language(notice, catalogue, principal_a):
    from django.utils import translation

    add_item(notice, catalogue["milk"], "学生饮用奶", "250.00", user=principal_a)
    notice.refresh_from_db()
    stored = notice.findings[0]
    assert stored["code"] == "over_cap" and stored["params"]["unit"] == "per_term"
    with translation.override("en"):
        assert "yuan per student per term" in Finding.from_json(stored).message
    with translation.override("zh-hans"):
        assert "元/生/学期" in Finding.from_json(stored).message and Finding.from_json(stored).label == "最高限价"


def test_every_rule_has_a_label_basis_and_message_in_chinese():
    from django.utils import translation

    from fees.rules import RULES

    with translation.override("zh-hans"):
        for rule in RULES.values():
            for text in (rule.label, rule.basis, rule.template):
                assert any("\u4e00" <= ch <= "\u9fff" for ch in str(text)), rule.code
