"""Demo data of the assets app, built through the real services: the rooms and register of
城关镇第一小学 (computers, projectors, desks, books), a purchase request awaiting the principal, an
approved one accepted into the register, a stock-take under way, repair tickets (one overdue), a
disposal awaiting approval, dormitory rooms (one over the limit) and part of the 十有八配套 checklist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assets import services
from assets.choices import FacilityItem, FacilityState
from assets.models import Acceptance, Asset, PurchaseRequest, RepairTicket, Room, StockTake
from houqin.org.demo import COUNTY
from houqin.org.models import County, User


@transaction.atomic
def seed(stdout=None):
    county = County.objects.filter(code=COUNTY["code"]).first()
    keeper = User.objects.filter(username="staff").first()
    principal = User.objects.filter(username="principal").first()
    teacher = User.objects.filter(username="canteen").first()
    if county is None or keeper is None or principal is None or Room.objects.filter(school=keeper.school).exists():
        return
    school = keeper.school
    today = timezone.localdate()
    rooms = {}
    for name, building, kind, department, extra in (
        ("微机室", "教学楼", "lab", "信息中心", {}), ("三(2)班", "教学楼", "classroom", "三(2)班", {}),
        ("校长室", "行政楼", "office", "校长室", {}), ("仓库", "后勤楼", "store", "总务处", {}),
        ("男生宿舍101", "宿舍楼", "dormitory", "政教处", {"beds": 12, "occupants": 12}),
        ("男生宿舍102", "宿舍楼", "dormitory", "政教处", {"beds": 14, "occupants": 14}),
        ("女生宿舍201", "宿舍楼", "dormitory", "政教处", {"beds": 12, "occupants": 10}),
    ):
        rooms[name] = services.room_save(room=Room(school=school, name=name, building=building, kind=kind,
                                                   department=department, keeper=keeper, **extra),
                                         acting_user=keeper)
    register = [
        ("台式计算机", "computer", "联想 启天M430", 4500, 2021, "微机室", 10),
        ("多媒体一体机", "audiovisual", "希沃 86寸", 16800, 2020, "三(2)班", 1),
        ("学生课桌椅", "furniture", "单人升降", 380, 2016, "三(2)班", 8),
        ("打印机", "office", "惠普 M1136", 1600, 2017, "校长室", 1),
        ("图书", "books", "少儿百科全书", 2400, 2019, "仓库", 1),
    ]
    for name, category, model, value, year, room, count in register:
        for _n in range(count):
            services.asset_register(asset=Asset(
                school=school, name=name, category=category, model=model, purchase_date=dt.date(year, 9, 1),
                original_value=Decimal(value), room=rooms[room], custodian=keeper,
                custodian_department=rooms[room].department), acting_user=keeper)
    # a purchase approved, accepted by two people and registered; another awaiting the principal
    approved = services.request_save(request=PurchaseRequest(
        school=school, item="投影仪", category="audiovisual", model="爱普生 CB-X06", quantity=2,
        unit_price=Decimal("3200.00"), department="教务处", reason="三年级两个班的投影仪损坏，无法维修。",
        department_head=keeper), acting_user=teacher) if teacher else None
    if approved is not None:
        services.request_submit(request=approved, acting_user=teacher)
        services.request_decide(request=approved, approve=True, comment="同意", acting_user=keeper)
        services.request_decide(request=approved, approve=True, comment="同意购置", acting_user=principal)
        acceptance = services.acceptance_record(acceptance=Acceptance(
            request=approved, accepted_on=today, quantity=2, unit_price=Decimal("3150.00"), supplier="襄阳教仪公司",
            invoice_number="FP20260001", room=rooms["三(2)班"], useful_life_years=5, second_acceptor=principal),
            acting_user=keeper)
        services.acceptance_confirm(acceptance=acceptance, acting_user=principal)
        waiting = services.request_save(request=PurchaseRequest(
            school=school, item="学生床铺", category="furniture", quantity=20, unit_price=Decimal("650.00"),
            department="政教处", reason="男生宿舍102超员，需增设床铺并调整宿舍。", department_head=keeper),
            acting_user=teacher)
        services.request_submit(request=waiting, acting_user=teacher)
        services.request_decide(request=waiting, approve=True, comment="情况属实", acting_user=keeper)
    # repairs: one fixed and rated, one overdue from yesterday
    fixed = services.repair_report(ticket=RepairTicket(
        school=school, category="electric", room=rooms["三(2)班"], location="三(2)班 讲台",
        description="日光灯不亮"), acting_user=teacher or principal)
    services.repair_dispatch(ticket=fixed, repairer="李师傅", acting_user=keeper)
    services.repair_complete(ticket=fixed, result="更换灯管", cost=Decimal("25.00"), acting_user=keeper)
    if teacher:
        services.repair_rate(ticket=fixed, rating=5, comment="当天就修好了", acting_user=teacher)
    late = services.repair_report(ticket=RepairTicket(
        school=school, category="water", location="二楼东侧男厕所", description="水龙头漏水"), acting_user=principal)
    RepairTicket.objects.filter(pk=late.pk).update(reported_at=timezone.now() - dt.timedelta(days=2))
    # a disposal appraised and awaiting the principal
    printer = Asset.objects.filter(school=school, name="打印机").first()
    disposal = services.disposal_request(asset=printer, reason="使用超过年限，硒鼓和主板损坏", acting_user=keeper)
    services.disposal_appraise(disposal=disposal, appraisal="主板烧毁，维修费用高于购置价，无维修价值。",
                               appraisers="电教员 孙志强、总务主任 王建华", appraised_on=today, acting_user=keeper)
    # the annual count under way
    services.stocktake_start(stocktake=StockTake(school=school, title=f"{today.year}年度资产盘点"), acting_user=keeper)
    for index, item in enumerate(FacilityItem.values):
        state = FacilityState.MET if index % 6 else FacilityState.PARTLY
        services.facility_check_save(school_id=school.pk, item=item, state=state, note="", acting_user=keeper)
    if stdout is not None:
        stdout.write(f"assets: {Asset.objects.filter(school=school).count()} assets in {len(rooms)} rooms "
                     f"at {school.name}")
