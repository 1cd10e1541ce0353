"""A small county catalogue and notices built through the fees services."""

import datetime as dt
from decimal import Decimal

import pytest

from fees import services
from fees.choices import CollectionMethod, FeeKind, FeeUnit
from fees.models import FeeCap, FeeCategory, FeeItem, ForbiddenItem, PolicyDocument, SchoolClass, Student
from houqin.org.models import Term


@pytest.fixture
def term(db):
    return Term.objects.create(school_year=2026, semester=1, start_date=dt.date(2026, 9, 1),
                               end_date=dt.date(2027, 1, 22))


@pytest.fixture
def old_term(db):
    return Term.objects.create(school_year=2025, semester=2, start_date=dt.date(2026, 2, 24),
                               end_date=dt.date(2026, 7, 10))


@pytest.fixture
def catalogue(county):
    """Policy, categories with caps, forbidden items of the county `county`."""
    policy = PolicyDocument.objects.create(county=county, number="鄂价费〔2017〕5号", title="收费管理通知")
    make = lambda name, kind, **kw: FeeCategory.objects.create(county=county, name=name, kind=kind, policy=policy, **kw)
    cats = {
        "meals": make("伙食费", FeeKind.PASS_THROUGH),
        "milk": make("学生饮用奶", FeeKind.PASS_THROUGH),
        "uniform": make("校服", FeeKind.PASS_THROUGH, requires_supplier_disclosure=True),
        "insurance": make("学生平安保险", FeeKind.PASS_THROUGH, school_may_not_collect=True),
        "dorm": make("住宿费", FeeKind.SERVICE),
        "nopolicy": FeeCategory.objects.create(county=county, name="其他服务", kind=FeeKind.SERVICE,
                                               requires_voluntary=False),
    }
    FeeCap.objects.create(category=cats["milk"], school_type="", unit=FeeUnit.PER_TERM, max_amount=Decimal("200"))
    FeeCap.objects.create(category=cats["meals"], school_type="", unit=FeeUnit.PER_DAY, max_amount=Decimal("15"))
    FeeCap.objects.create(category=cats["meals"], school_type="primary", unit=FeeUnit.PER_DAY, max_amount=Decimal("10"))
    FeeCap.objects.create(category=cats["dorm"], school_type="primary", unit=FeeUnit.PER_TERM, max_amount=Decimal("0"))
    ForbiddenItem.objects.create(county=county, name="补课费", keywords="补习费、辅导费", policy=policy,
                                 reason="学校不得组织有偿补课。")
    cats["policy"] = policy
    return cats


def add_item(notice, category, name, amount, unit=FeeUnit.PER_TERM, user=None, **extra):
    item = FeeItem(notice=notice, category=category, name=name, amount=Decimal(amount), unit=unit, **extra)
    return services.fee_item_save(item=item, acting_user=user)


@pytest.fixture
def draft(school_a, term, catalogue, principal_a):
    """A clean draft notice of school A with two voluntary items (milk 180/term, meals 9/day)."""
    notice = services.fee_notice_start(school=school_a, term=term, acting_user=principal_a)
    add_item(notice, catalogue["milk"], "学生饮用奶", "180.00", user=principal_a, supplier="汉江乳业")
    add_item(notice, catalogue["meals"], "伙食费", "9.00", FeeUnit.PER_DAY, user=principal_a)
    notice.refresh_from_db()
    assert notice.findings_count == 0, notice.findings
    return notice


@pytest.fixture
def published(draft, principal_a, bureau_inspector, django_capture_on_commit_callbacks):
    services.fee_notice_submit(notice=draft, acting_user=principal_a)
    services.fee_notice_approve(notice=draft, acting_user=bureau_inspector)
    with django_capture_on_commit_callbacks(execute=True):
        services.fee_notice_publish(notice=draft, acting_user=bureau_inspector)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def roster(school_a, principal_a):
    """Two classes of school A with three students each."""
    students = []
    for name in ("一年级（1）班", "二年级（1）班"):
        school_class = SchoolClass.objects.create(school=school_a, school_year=2026, name=name)
        for pupil in ("张小明", "李小红", "王小刚"):
            students.append(Student.objects.create(school=school_a, school_class=school_class, name=pupil))
    return students


__all__ = ["add_item", "CollectionMethod"]
