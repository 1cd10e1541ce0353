"""Demo data of the fees app: the county catalogue and notices in every state, built through the
real services (so the demo shows exactly what the workflow produces). Idempotent: skipped when the
county's catalogue exists."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fees import services
from fees.choices import CollectionMethod, ConsentChoice, FeeKind, FeeUnit, NoticeStatus
from fees.models import (
    Consent,
    FeeCap,
    FeeCategory,
    FeeItem,
    FeeNotice,
    ForbiddenItem,
    PolicyDocument,
    SchoolClass,
    Settlement,
    Student,
)
from houqin.org.choices import Role, SchoolType
from houqin.org.demo import COUNTY, SURNAMES
from houqin.org.models import County, School, Term, User

POLICIES = [
    ("鄂价费〔2017〕5号", "省物价局 省教育厅关于进一步规范中小学服务性收费和代收费管理有关问题的通知",
     "湖北省物价局、湖北省教育厅", "2017-03-10",
     "服务性收费和代收费坚持自愿和非营利原则；“两个不得、三个禁止”；宣传公示、自主选择、致信签字、回执存档；代收费按学期按实结算。"),
    ("汉教后〔2026〕3号", "汉江县教育局关于2026年秋季学期中小学服务性收费和代收费项目及标准的通知",
     "汉江县教育局、汉江县发展和改革局", "2026-08-15", "全县统一的收费项目目录与最高限价。"),
    ("汉教后〔2026〕5号", "汉江县教育局关于规范学生校服采购和学生饮用奶订购工作的通知",
     "汉江县教育局", "2026-08-20", "校服采购须经家长委员会比选，公示选择理由、资质、价格、质量。"),
]
P_PROVINCE, P_COUNTY, P_UNIFORM = (p[0] for p in POLICIES)

COMPULSORY = (SchoolType.PRIMARY, SchoolType.JUNIOR, SchoolType.NINE_YEAR, SchoolType.TEACHING_POINT,
              SchoolType.SPECIAL)
# name, kind, voluntary, disclosure, school may not collect, policy, caps [(school type or "", unit, cap)]
CATEGORIES = [
    ("伙食费", FeeKind.PASS_THROUGH, True, False, False, P_COUNTY,
     [("", FeeUnit.PER_DAY, "15.00"), (SchoolType.PRIMARY, FeeUnit.PER_DAY, "10.00"),
      (SchoolType.JUNIOR, FeeUnit.PER_DAY, "12.00"), (SchoolType.NINE_YEAR, FeeUnit.PER_DAY, "12.00"),
      ("", FeeUnit.PER_MONTH, "300.00")]),
    ("住宿费", FeeKind.SERVICE, True, False, False, P_COUNTY,
     [("", FeeUnit.PER_TERM, "400.00")] + [(t, FeeUnit.PER_TERM, "0.00") for t in COMPULSORY]),
    ("学生饮用奶", FeeKind.PASS_THROUGH, True, False, False, P_UNIFORM, [("", FeeUnit.PER_TERM, "200.00")]),
    ("校服", FeeKind.PASS_THROUGH, True, True, False, P_UNIFORM,
     [("", FeeUnit.PER_PIECE, "180.00"), (SchoolType.PRIMARY, FeeUnit.PER_PIECE, "120.00"),
      (SchoolType.JUNIOR, FeeUnit.PER_PIECE, "150.00")]),
    ("学生平安保险", FeeKind.PASS_THROUGH, True, False, True, P_PROVINCE, [("", FeeUnit.PER_YEAR, "100.00")]),
    ("饮用水", FeeKind.SERVICE, True, False, False, P_COUNTY, [("", FeeUnit.PER_TERM, "30.00")]),
    ("作业本费", FeeKind.PASS_THROUGH, True, False, False, P_COUNTY, [("", FeeUnit.PER_TERM, "25.00")]),
    ("课后服务费", FeeKind.SERVICE, True, False, False, P_COUNTY,
     [("", FeeUnit.PER_TERM, "300.00"), ("", FeeUnit.PER_MONTH, "70.00")]),
]
FORBIDDEN = [
    ("补课费", "补习费、辅导费、培优费", P_PROVINCE, "学校不得组织有偿补课。"),
    ("择校费", "借读费、择校赞助", P_PROVINCE, "义务教育阶段不得收取择校费用。"),
    ("赞助费", "捐资助学费、建校费", P_PROVINCE, "不得以任何名义向学生收取赞助费。"),
    ("教辅资料费", "资料费、试卷费、练习册费", P_PROVINCE, "不得强制学生购买教辅资料。"),
    ("报名费", "注册费、开学报名费", P_PROVINCE, "收费不得与报名上学挂钩。"),
    ("空调使用费", "空调费、电费", P_COUNTY, "教室设施运行费用应由公用经费开支。"),
    ("实验费", "上机费、计算机费", P_COUNTY, "教学所需实验、上机费用应由公用经费开支。"),
    ("安保费", "保安费、门卫费", P_COUNTY, "校园安保费用应由公用经费开支。"),
]
GIVEN = "子涵 浩然 梓萱 宇轩 欣怡 俊熙 诗涵 一诺 明轩 雨桐 思远 佳怡 博文 可馨 天佑 若曦".split()


def _item(notice, category, name, amount, unit, **extra):
    return FeeItem(notice=notice, category=category, name=name, amount=Decimal(amount), unit=unit, **extra)


def _standard_items(notice, cats, *, boarders=True):
    items = [
        _item(notice, cats["学生饮用奶"], "学生饮用奶", "180.00", FeeUnit.PER_TERM, scope="自愿订购学生",
              supplier="汉江乳业有限公司", refund_rule="未饮用天数按实退还"),
        _item(notice, cats["校服"], "秋季校服（一套）", "110.00", FeeUnit.PER_PIECE, scope="自愿购买学生",
              supplier="汉江县阳光服饰有限公司", supplier_reason="家长委员会公开比选三家，综合评分第一",
              supplier_qualification="营业执照、纺织品检验合格报告", supplier_price="三家报价 110–135 元，选最低价",
              supplier_quality="符合 GB/T 31888《中小学生校服》", collection_method=CollectionMethod.DIRECT,
              refund_rule="尺码不合适可退换"),
        _item(notice, cats["作业本费"], "作业本费", "18.00", FeeUnit.PER_TERM, refund_rule="期末按实结算，多退少不补"),
        _item(notice, cats["课后服务费"], "课后服务费", "280.00", FeeUnit.PER_TERM, scope="自愿参加课后服务学生",
              refund_rule="中途退出按未服务月份退还"),
        _item(notice, cats["学生平安保险"], "学生平安保险", "50.00", FeeUnit.PER_YEAR, scope="自愿投保学生",
              collection_method=CollectionMethod.DIRECT, supplier="中国人寿汉江支公司",
              refund_rule="由家长直接向保险公司投保，学校不代收"),
    ]
    if boarders:
        items.insert(0, _item(notice, cats["伙食费"], "寄宿生伙食费", "9.00", FeeUnit.PER_DAY,
                              scope="寄宿生及在校就餐学生", refund_rule="按实际就餐天数结算，多退少不补"))
    return items


def _principal(school) -> User | None:
    return User.objects.filter(role=Role.PRINCIPAL, school=school, is_active=True).first()


def _notice_with_items(school, term, items_for, acting_user) -> FeeNotice:
    notice = services.fee_notice_start(school=school, term=term, acting_user=acting_user)
    # families can still answer in the demo's current term; a past term has no open deadline
    deadline = max(term.start_date + dt.timedelta(days=30), min(timezone.localdate() + dt.timedelta(days=14),
                                                                term.end_date))
    notice.consent_deadline = deadline if deadline >= timezone.localdate() else None
    notice.school_phone = notice.school_phone or f"0710-28{school.pk % 100:02d}{school.pk % 1000:03d}"
    notice.remarks = "以上项目均为自愿，家长可在致家长的一封信回执上选择，也可扫码在网上选择。"
    services.fee_notice_update(notice=notice, acting_user=acting_user)
    for item in items_for(notice):
        services.fee_item_save(item=item, acting_user=acting_user)
    notice.refresh_from_db()
    return notice


def _publish(notice, principal, inspector):
    services.fee_notice_submit(notice=notice, acting_user=principal)
    services.fee_notice_approve(notice=notice, acting_user=inspector)
    return services.fee_notice_publish(notice=notice, acting_user=inspector)


def _roster(school, school_year, principal, rng, classes=("一年级（1）班", "三年级（2）班", "五年级（1）班"), size=8):
    students = []
    for position, name in enumerate(classes, start=1):
        school_class = services.school_class_save(
            school_class=SchoolClass(school=school, school_year=school_year, name=name, position=position),
            acting_user=principal)
        for _ in range(size):
            student = Student(school=school, school_class=school_class,
                              name=rng.choice(SURNAMES) + rng.choice(GIVEN), is_boarder=rng.random() < 0.2)
            students.append(services.student_save(student=student, acting_user=principal))
    return students


@transaction.atomic
def seed(stdout=None):
    county = County.objects.filter(code=COUNTY["code"]).first()
    if county is None or FeeCategory.objects.filter(county=county).exists():
        return
    admin = User.objects.get(username="admin")
    inspector = User.objects.get(username="inspector")
    rng = random.Random(2026)
    policies = {}
    for number, title, issuer, date, summary in POLICIES:
        policies[number] = services.catalogue_entry_save(
            entry=PolicyDocument(number=number, title=title, issuer=issuer, issued_on=dt.date.fromisoformat(date),
                                 summary=summary), acting_user=admin)
    cats = {}
    for position, (name, kind, voluntary, disclosure, no_collect, policy, caps) in enumerate(CATEGORIES, start=1):
        category = services.catalogue_entry_save(entry=FeeCategory(
            name=name, kind=kind, requires_voluntary=voluntary, requires_supplier_disclosure=disclosure,
            school_may_not_collect=no_collect, policy=policies[policy], position=position), acting_user=admin)
        for school_type, unit, cap in caps:
            services.fee_cap_save(cap=FeeCap(category=category, school_type=school_type, unit=unit,
                                             max_amount=Decimal(cap)), acting_user=admin)
        cats[name] = category
    for name, keywords, policy, reason in FORBIDDEN:
        services.catalogue_entry_save(entry=ForbiddenItem(name=name, keywords=keywords, policy=policies[policy],
                                                          reason=reason), acting_user=admin)

    current = Term.objects.get(school_year=2026, semester=1)
    previous = Term.objects.get(school_year=2025, semester=2)
    by_name = {s.name: s for s in School.objects.filter(township__county=county)}

    # 城关镇第一小学: last term settled (one reported, one overdue), this term published with consent
    first = by_name["城关镇第一小学"]
    head = _principal(first)
    old = _notice_with_items(first, previous, lambda n: _standard_items(n, cats), head)
    _publish(old, head, inspector)
    old_students = _roster(first, 2025, head, rng, classes=("二年级（1）班", "四年级（2）班"), size=6)
    for student in old_students:
        for category in (cats["伙食费"], cats["学生饮用奶"]):
            Consent.objects.create(student=student, term=previous, category=category, choice=ConsentChoice.OPT_IN,
                                   source="paper", recorded_by=head)
    for settlement in Settlement.objects.filter(school=first, term=previous):
        services.settlement_lines_prepare(settlement=settlement, acting_user=head)
        for line in settlement.lines.all():
            line.collected = Decimal("810.00") if settlement.category == cats["伙食费"] else Decimal("180.00")
            line.spent = line.collected - Decimal(rng.choice(["0.00", "9.00", "18.00", "27.00"]))
            services.settlement_line_save(line=line, acting_user=head)
        if settlement.category == cats["伙食费"]:
            services.settlement_submit(settlement=settlement, acting_user=head)
    notice = _notice_with_items(first, current, lambda n: _standard_items(n, cats), head)
    _publish(notice, head, inspector)
    students = _roster(first, 2026, head, rng)
    for student in students[::2]:
        services.consent_record_online(code=student.code, notice=notice, choices={
            cats["学生饮用奶"].pk: rng.choice(ConsentChoice.values),
            cats["课后服务费"].pk: ConsentChoice.OPT_IN, cats["校服"].pk: rng.choice(ConsentChoice.values),
            cats["作业本费"].pk: ConsentChoice.OPT_IN, cats["伙食费"].pk: ConsentChoice.OPT_IN,
            cats["学生平安保险"].pk: rng.choice(ConsentChoice.values)})

    # 城关镇初级中学: version 1 superseded by a correction
    junior = by_name["城关镇初级中学"]
    head = _principal(junior)
    if head:
        v1 = _notice_with_items(junior, current, lambda n: _standard_items(n, cats), head)
        _publish(v1, head, inspector)
        v2 = services.fee_notice_correct(notice=v1, reason="学生饮用奶中标价格下调，更正收费标准", acting_user=head)
        milk = v2.items.get(name="学生饮用奶")
        milk.amount = Decimal("165.00")
        services.fee_item_save(item=milk, acting_user=head)
        _publish(v2, head, inspector)

    # notices waiting at each step of the workflow
    for name, step in (("城关镇第二小学", "submitted"), ("汉江县实验小学", "returned"), ("黄集镇中心学校", "approved")):
        school = by_name.get(name)
        head = _principal(school) if school else None
        if head is None:
            continue
        notice = _notice_with_items(school, current, lambda n, b=school.has_dormitory: _standard_items(n, cats,
                                                                                                      boarders=b), head)
        services.fee_notice_submit(notice=notice, acting_user=head)
        if step == "returned":
            services.fee_notice_return(notice=notice, reason="请在“课后服务费”中写明中途退出的退费办法和服务时段。",
                                       acting_user=inspector)
        elif step == "approved":
            services.fee_notice_approve(notice=notice, acting_user=inspector)

    # 汉江县第一高级中学: a draft that still breaks several rules
    senior = by_name["汉江县第一高级中学"]
    head = _principal(senior)
    if head:
        _notice_with_items(senior, current, lambda n: [
            _item(n, cats["住宿费"], "住宿费", "450.00", FeeUnit.PER_TERM, scope="寄宿生"),
            _item(n, cats["伙食费"], "伙食费", "13.00", FeeUnit.PER_DAY, scope="在校就餐学生"),
            _item(n, cats["课后服务费"], "晚自习辅导费", "200.00", FeeUnit.PER_TERM, is_voluntary=False),
            _item(n, cats["学生平安保险"], "学生平安保险", "60.00", FeeUnit.PER_YEAR,
                  collection_method=CollectionMethod.AT_REGISTRATION),
        ], head)
    if stdout is not None:
        counts = {status: FeeNotice.objects.filter(status=status).count() for status in NoticeStatus.values}
        stdout.write("fee catalogue and notices: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v))
