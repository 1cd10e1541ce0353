"""The one world the permission matrix walks: a county with two townships (schools A and A2 in
township A, school B in township B), a second county with one school, a user per role and, for every
kind of object a URL names by its id or code, one object of school A (or of the county), one of
school B and one of the far county.

Objects are built through the services where one exists and is cheap (tag codes, history), and
directly through the models otherwise: the matrix needs the objects to exist in the right scope, not
to have lived a realistic life.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from houqin.org.choices import Duty, Role
from houqin.org.models import Term
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The complainants' phones: SPEC §6, "the complainant's contact is visible to the bureau only".
COMPLAINANT_PHONE = {"甲": "13800000001", "乙": "13800000002", "远": "13800000003"}

# Who requests: anonymous and one user per role; school staff twice, with the canteen duties and
# with the other duties, so that duty gates are exercised both ways.
IDENTITIES = ("anon", "admin", "inspector", "supervisor", "principal", "staff_canteen", "staff_keeper")
BUREAU = frozenset({"admin", "inspector"})
SCHOOL = frozenset({"principal", "staff_canteen", "staff_keeper"})


@dataclass
class World:
    users: dict = field(default_factory=dict)  # identity -> User (anon -> None)
    # scope -> kind -> object; scopes: "own" (school A / county), "other" (school B), "far" (other county)
    objects: dict = field(default_factory=lambda: {"own": {}, "other": {}, "far": {}})
    schools: dict = field(default_factory=dict)
    markers: dict = field(default_factory=dict)  # scope -> texts that only that scope's objects carry
    bureau_only: tuple = tuple(COMPLAINANT_PHONE.values())  # texts only the bureau may ever read


def _today():
    return timezone.localdate()


def _term():
    today = _today()
    year = today.year if today.month >= 9 else today.year - 1
    term, _ = Term.objects.get_or_create(
        school_year=year, semester=1,
        defaults={"start_date": dt.date(year, 9, 1), "end_date": dt.date(year + 1, 1, 20)})
    Term.objects.get_or_create(
        school_year=year, semester=2,
        defaults={"start_date": dt.date(year + 1, 2, 20), "end_date": dt.date(year + 1, 7, 10)})
    return term


def _county_objects(county, admin, inspector, tag):
    """County-wide records: fee catalogue, rubric and campaign, checklist, goal, notice, plan."""
    from fees.choices import FeeKind
    from fees.models import FeeCategory, ForbiddenItem, PolicyDocument
    from houqin.notify.choices import Audience
    from houqin.notify.models import Notice
    from houqin.notify.services import notices as notice_services
    from houqin.workplan import services as goal_services
    from houqin.workplan.choices import Area
    from houqin.workplan.models import Goal
    from inspections.choices import CampaignArea, InspectionKind, Severity
    from inspections.models import Campaign, CampaignType, Checklist, InspectionPlan, Rubric
    from inspections.services import campaigns, rubrics
    from inspections.services import inspections as inspection_services

    today = _today()
    o = {}
    o["policy"] = PolicyDocument.objects.create(county=county, number=f"{tag}〔2026〕5号", title=f"{tag}收费文件")
    o["category"] = FeeCategory.objects.create(county=county, name=f"{tag}伙食费", kind=FeeKind.PASS_THROUGH,
                                               policy=o["policy"])
    o["forbidden"] = ForbiddenItem.objects.create(county=county, name=f"{tag}补课费", policy=o["policy"])
    o["campaign_type"] = CampaignType.objects.create(county=county, name=f"{tag}放心食堂", area=CampaignArea.CANTEEN)
    rubric = rubrics.rubric_create(rubric=Rubric(county=county, campaign_type=o["campaign_type"], year=today.year,
                                                 title=f"{tag}评分细则"), acting_user=admin)
    rubrics.rubric_fill(rubric=rubric, sections=[
        {"title": "一、组织管理", "items": [{"code": "1.1", "text": "领导小组健全", "max_points": "60"},
                                        {"code": "1.2", "text": "留样规范", "max_points": "40"}]}])
    o["rubric"] = rubrics.rubric_activate(rubric=rubric, acting_user=admin)
    o["rubric_item"] = o["rubric"].items.order_by("position").first()
    # a draft rubric, whose items may be edited
    draft = rubrics.rubric_create(rubric=Rubric(county=county, campaign_type=o["campaign_type"], year=today.year + 1,
                                                title=f"{tag}评分细则（草稿）"), acting_user=admin)
    rubrics.rubric_fill(rubric=draft, sections=[
        {"title": "一、组织管理", "items": [{"code": "1.1", "text": "领导小组健全", "max_points": "100"}]}])
    o["draft_rubric"] = draft
    o["draft_rubric_item"] = draft.items.first()
    campaign = campaigns.campaign_save(campaign=Campaign(
        county=county, rubric=o["rubric"], title=f"{tag}放心食堂创建", year=today.year,
        declare_by=today + dt.timedelta(days=10), self_assess_by=today + dt.timedelta(days=20),
        review_by=today + dt.timedelta(days=40)),
        sources=[campaigns.SourceSpec("领导小组", Decimal("100"))], acting_user=admin)
    o["campaign"] = campaigns.campaign_open(campaign=campaign, acting_user=admin)
    o["review_source"] = o["campaign"].sources.first()
    # last year's campaign, results published: its result sheets are open to the schools
    o["published_campaign"] = Campaign.objects.create(
        county=county, rubric=o["rubric"], title=f"{tag}上年度放心食堂创建", year=today.year - 1, status="published",
        declare_by=today - dt.timedelta(days=300), self_assess_by=today - dt.timedelta(days=280),
        review_by=today - dt.timedelta(days=250))
    o["next_term"] = Term.objects.get(school_year=_term().school_year, semester=2)
    o["checklist"] = inspection_services.checklist_save(
        checklist=Checklist(kind=InspectionKind.TWO_SAFETY, title=f"{tag}两个安全检查表"),
        items=[inspection_services.ItemEntry(1, "每餐每样留样不少于100克", Severity.NORMAL)], acting_user=admin)
    o["goal"] = goal_services.goal_save(goal=Goal(title=f"{tag}工作要点", area=Area.FEES, owner=inspector,
                                                  year=today.year, deadline=dt.date(today.year, 12, 31)),
                                        acting_user=admin)
    notice = notice_services.notice_save(
        notice=Notice(county_id=county.pk, title=f"{tag}通知", body="请按时自查。", audience=Audience.COUNTY),
        townships=(), schools=(), acting_user=admin)
    o["notice"] = notice_services.notice_publish(notice=notice, acting_user=admin)
    o["notice_draft"] = notice_services.notice_save(
        notice=Notice(county_id=county.pk, title=f"{tag}草稿通知", body="草稿。", audience=Audience.COUNTY),
        townships=(), schools=(), acting_user=admin)
    o["notice_attachment"] = o["notice_draft"].attachments.create(
        file=ContentFile(PDF, name="notice.pdf"), name="附件.pdf", uploaded_by=admin)
    o["plan"] = InspectionPlan.objects.create(county=county, month=today.replace(day=1), by_risk=1, at_random=1,
                                              seed=f"{tag}seed", drawn_by=admin)
    return o


def _school_objects(school, *, principal, keeper, cook, inspector, county_objects, term, tag):
    """One object of every school-owned kind the URLs name, for `school`."""
    from assets import services as asset_services
    from assets.models import (Asset, Compensation, Consumable, CustodyCheck, Deposit, Disposal, PurchaseRequest,
                               Reconciliation, RepairTicket, Requisition, Room, StockTake, StockTakeLine)
    from canteens.choices import FoodClass, Meal
    from canteens.models import (Canteen, CanteenStaff, MonthlyAccount, PurchaseEntry, SampleRecord, StockOut,
                                 Supplier, WeeklyMenu)
    from fees.choices import NoticeStatus
    from fees.models import FeeItem, FeeNotice, SchoolClass, Settlement, Student
    from inspections.choices import ComplaintCategory, DeclarationStatus, Severity
    from inspections.models import Declaration, Inspection, Title, VetoFact
    from inspections.services import complaints as complaint_services
    from inspections.services import rectification as order_services
    from schoolbus.choices import LicenceClass
    from schoolbus.models import (Accident, Driver, Escort, HazardCheck, QuarterlyReport, Route, SafetyActivity,
                                  Trip, Vehicle)

    today, now = _today(), timezone.now()
    o = {"school": school, "user": keeper, "township": school.township}
    # fees
    o["fee_notice"] = FeeNotice.objects.create(school=school, term=term)
    o["fee_item"] = FeeItem.objects.create(notice=o["fee_notice"], category=county_objects["category"],
                                           name=f"{tag}伙食费", amount=Decimal("9"), unit="per_day")
    # a published notice of the next term: its board and letters (PDF), its public page
    o["published_notice"] = FeeNotice.objects.create(
        school=school, term=county_objects["next_term"], status=NoticeStatus.PUBLISHED, published_at=now,
        school_phone="0710-1234567", bureau_phone="0710-2800000", digest=f"{school.pk:064x}")
    FeeItem.objects.create(notice=o["published_notice"], category=county_objects["category"],
                           name=f"{tag}学生饮用奶", amount=Decimal("180"), unit="per_term")
    o["school_class"] = SchoolClass.objects.create(school=school, school_year=term.school_year, name=f"{tag}一年级（1）班")
    o["student"] = Student.objects.create(school=school, school_class=o["school_class"], name=f"{tag}张小明")
    o["settlement"] = Settlement.objects.create(school=school, term=term, category=county_objects["category"],
                                                due_date=today + dt.timedelta(days=30))
    # canteens
    o["canteen"] = canteen = Canteen.objects.create(
        school=school, name=f"{tag}学生食堂", licence_number=f"JY{tag}", sample_fridge=True,
        licence_expiry=today + dt.timedelta(days=300))
    canteen.licence_scan.save("licence.pdf", ContentFile(PDF), save=True)
    o["canteen_staff"] = CanteenStaff.objects.create(
        canteen=canteen, name=f"{tag}王厨师", health_number=f"H{tag}", health_issued=today - dt.timedelta(days=30),
        health_expiry=today + dt.timedelta(days=300))
    o["supplier"] = Supplier.objects.create(school=school, name=f"{tag}肉联厂", licence_number=f"L{tag}",
                                            admitted_on=today - dt.timedelta(days=100))
    o["purchase"] = PurchaseEntry.objects.create(
        canteen=canteen, date=today, supplier=o["supplier"], item="大米", food_class=FoodClass.PLANT,
        quantity=Decimal("20"), unit_price=Decimal("26"), recorded_by=cook)
    o["stock_out"] = StockOut.objects.create(canteen=canteen, date=today, item="猪肉", quantity=Decimal("5"),
                                             received_by="厨师", recorded_by=cook)
    o["sample"] = SampleRecord.objects.create(canteen=canteen, date=today, meal=Meal.LUNCH, dish="米饭", weight_g=125,
                                              stored_at=now, sampled_by="留样员", recorded_by=cook)
    o["menu"] = WeeklyMenu.objects.create(canteen=canteen, week_start=today - dt.timedelta(days=today.weekday()))
    o["account"] = MonthlyAccount.objects.create(canteen=canteen, month=today.replace(day=1))
    # school buses
    o["vehicle"] = Vehicle.objects.create(school=school, plate=f"鄂F{tag}001", seats=35, model_name="宇通")
    o["driver"] = Driver.objects.create(
        school=school, name=f"{tag}张师傅", date_of_birth=today - dt.timedelta(days=45 * 365),
        licence_class=LicenceClass.A1, licence_first_issued=today - dt.timedelta(days=20 * 365),
        licence_expiry=today + dt.timedelta(days=800))
    o["escort"] = Escort.objects.create(school=school, name=f"{tag}周照管")
    o["route"] = Route.objects.create(school=school, name=f"{tag}一号线", vehicle=o["vehicle"], driver=o["driver"],
                                      escort=o["escort"], students=30)
    o["trip"] = Trip.objects.create(school=school, route=o["route"], date=today, direction="to_school",
                                    vehicle=o["vehicle"], driver=o["driver"], escort=o["escort"], checked_by=keeper,
                                    checked_at=now)
    o["hazard"] = HazardCheck.objects.create(school=school, date=today, place="路口", checked_by="张三")
    o["accident"] = Accident.objects.create(school=school, date=today, vehicle=o["vehicle"], driver=o["driver"],
                                            place="路口", description="轻微剐蹭")
    o["activity"] = SafetyActivity.objects.create(school=school, kind="drill", date=today, title=f"{tag}安全演练",
                                                  participants=100)
    o["bus_report"] = QuarterlyReport.objects.create(school=school, year=today.year,
                                                     quarter=(today.month - 1) // 3 + 1, assembled_at=now)
    # assets
    o["room"] = asset_services.room_save(room=Room(school=school, name=f"{tag}微机室", kind="lab", keeper=keeper),
                                         acting_user=keeper)
    o["asset"] = asset_services.asset_register(asset=Asset(
        school=school, name=f"{tag}台式计算机", category="computer", purchase_date=today - dt.timedelta(days=400),
        original_value=Decimal("4800.00"), room=o["room"]), acting_user=keeper)
    o["purchase_request"] = PurchaseRequest.objects.create(
        school=school, number=f"CG-{tag}-1", item="投影仪", category="audiovisual", quantity=1,
        unit_price=Decimal("3000"), department="教务处", reason="教学需要", requested_by=keeper, department_head=principal)
    o["custody"] = CustodyCheck.objects.create(room=o["room"], term=term, kind="handover", date=today, keeper=keeper,
                                               recorded_by=keeper)
    o["stocktake"] = StockTake.objects.create(school=school, title=f"{tag}年度盘点", started_on=today, started_by=keeper)
    o["stocktake_line"] = StockTakeLine.objects.create(stocktake=o["stocktake"], asset=o["asset"], result="found",
                                                       scanned_by=keeper)
    o["reconciliation"] = Reconciliation.objects.create(school=school, period="2026", file_name="账.xlsx",
                                                        recorded_by=keeper)
    o["disposal"] = Disposal.objects.create(asset=o["asset"], reason="损坏", requested_by=keeper)
    o["compensation"] = Compensation.objects.create(school=school, item="玻璃", date=today, responsible="学生",
                                                    description="打碎玻璃", amount=Decimal("50"), recorded_by=keeper)
    o["repair"] = RepairTicket.objects.create(school=school, number=f"WX-{tag}-1", category="water", location="厕所",
                                              description="水管漏水", reported_by=keeper)
    o["consumable"] = Consumable.objects.create(school=school, name=f"{tag}粉笔")
    o["requisition"] = Requisition.objects.create(consumable=o["consumable"], quantity=1, department="教务处",
                                                  requested_by=keeper, approver=principal)
    o["deposit"] = Deposit.objects.create(school=school, item="key", description="钥匙", holder="李老师",
                                          amount=Decimal("10"), lent_on=today, recorded_by=keeper)
    # inspections
    o["declaration"] = Declaration.objects.create(campaign=county_objects["campaign"], school=school,
                                                  declared_by=principal)
    o["reviewed_declaration"] = Declaration.objects.create(
        campaign=county_objects["published_campaign"], school=school, declared_by=principal,
        status=DeclarationStatus.REVIEWED, grade="qualified", final_score=Decimal("85"))
    o["title"] = Title.objects.create(school=school, campaign_type=county_objects["campaign_type"],
                                      name=f"{tag}县级放心食堂", level="county", year=today.year, awarded_at=now)
    o["vetofact"] = VetoFact.objects.create(school=school, kind="serious_hazard", date=today, description="隐患",
                                            recorded_by=inspector)
    o["inspection"] = Inspection.objects.create(school=school, checklist=county_objects["checklist"],
                                                kind=county_objects["checklist"].kind, date=today, inspectors="周督查",
                                                lead=inspector)
    o["order"] = order_services.order_issue(school=school, finding=f"{tag}后厨地面积水", severity=Severity.NORMAL,
                                            deadline=today + dt.timedelta(days=15), responsible="校长",
                                            acting_user=inspector)
    o["complaint"] = complaint_services.complaint_file(school=school, category=ComplaintCategory.CANTEEN,
                                                       text=f"{tag}食堂的饭菜经常不熟，孩子吃了肚子疼。",
                                                       contact_name=f"{tag}家长", contact_phone=COMPLAINANT_PHONE[tag])
    return o


def build_world() -> World:
    from houqin.notify.models import Notification

    world = World()
    county = factories.CountyFactory(code="420601", name="甲县")
    far_county = factories.CountyFactory(code="420602", name="乙县")
    township_a = factories.TownshipFactory(county=county, name="甲镇")
    township_b = factories.TownshipFactory(county=county, name="乙镇")
    township_far = factories.TownshipFactory(county=far_county, name="远镇")
    school_a = factories.SchoolFactory(township=township_a, name="甲镇第一小学", code="2142000001", has_bus_service=True)
    school_a2 = factories.SchoolFactory(township=township_a, name="甲镇第二小学", code="2142000002")
    school_b = factories.SchoolFactory(township=township_b, name="乙镇中心学校", code="2142000003", has_bus_service=True)
    school_far = factories.SchoolFactory(township=township_far, name="远镇小学", code="2142000009", has_bus_service=True)
    world.schools = {"own": school_a, "a2": school_a2, "other": school_b, "far": school_far}

    u = world.users
    u["anon"] = None
    u["admin"] = factories.bureau_admin(county, username="m_admin", full_name="李管理")
    u["inspector"] = factories.bureau_inspector(county, username="m_inspector", full_name="周督查")
    u["supervisor"] = factories.supervisor(township_a, username="m_supervisor", full_name="陈督导")
    u["principal"] = factories.principal(school_a, username="m_principal", full_name="王校长")
    u["staff_canteen"] = factories.staff(school_a, duties=[Duty.CANTEEN_MANAGER, Duty.FOOD_SAFETY_OFFICER],
                                         username="m_cook", full_name="刘食堂")
    u["staff_keeper"] = factories.staff(school_a, duties=[Duty.ASSET_MANAGER, Duty.BUS_MANAGER, Duty.FINANCE],
                                        username="m_keeper", full_name="孙资产")
    principal_b = factories.principal(school_b, username="m_principal_b", full_name="赵校长")
    keeper_b = factories.staff(school_b, duties=[Duty.ASSET_MANAGER, Duty.BUS_MANAGER, Duty.FINANCE],
                               username="m_keeper_b", full_name="乙资产")
    cook_b = factories.staff(school_b, duties=[Duty.CANTEEN_MANAGER], username="m_cook_b", full_name="乙食堂")
    far_admin = factories.bureau_admin(far_county, username="m_far_admin", full_name="远管理")
    far_inspector = factories.bureau_inspector(far_county, username="m_far_inspector", full_name="远督查")
    far_principal = factories.principal(school_far, username="m_far_principal", full_name="远校长")
    far_keeper = factories.staff(school_far, duties=[Duty.ASSET_MANAGER, Duty.BUS_MANAGER, Duty.FINANCE],
                                 username="m_far_keeper", full_name="远资产")
    far_cook = factories.staff(school_far, duties=[Duty.CANTEEN_MANAGER], username="m_far_cook", full_name="远食堂")

    term = _term()
    own_county = _county_objects(county, u["admin"], u["inspector"], "甲")
    far_county_objects = _county_objects(far_county, far_admin, far_inspector, "远")

    own = _school_objects(school_a, principal=u["principal"], keeper=u["staff_keeper"], cook=u["staff_canteen"],
                          inspector=u["inspector"], county_objects=own_county, term=term, tag="甲")
    other = _school_objects(school_b, principal=principal_b, keeper=keeper_b, cook=cook_b, inspector=u["inspector"],
                            county_objects=own_county, term=term, tag="乙")
    far = _school_objects(school_far, principal=far_principal, keeper=far_keeper, cook=far_cook,
                          inspector=far_inspector, county_objects=far_county_objects, term=term, tag="远")
    # a user of school B / of the far county stands for "another school's account"
    other["user"], far["user"] = keeper_b, far_keeper
    world.objects["own"] = {**own_county, **own}
    world.objects["other"] = {**own_county, **other}  # county-wide records of school B are the county's own
    world.objects["far"] = {**far_county_objects, **far}
    for scope, user in (("own", u["principal"]), ("other", principal_b), ("far", far_principal)):
        world.objects[scope]["notification"] = Notification.objects.create(
            recipient=user, rule="matrix", period="2026-01", title=f"{scope} notification")
    from houqin.notify.models import ReminderRun
    from houqin.notify.services.schedule import reminder_schedules

    if not reminder_schedules().exists():  # a transactional test before this one emptied the migration's rows
        import importlib

        from django.apps import apps as django_apps

        importlib.import_module("houqin.notify.migrations.0002_reminder_schedule").create_schedule(django_apps, None)
    run, schedule = ReminderRun.objects.create(), reminder_schedules().first()
    for scope in world.objects.values():  # deployment-wide records: in everybody's scope
        scope.update(reminder_run=run, schedule=schedule)
    # texts only the out-of-scope schools' records carry (their names, a pupil's, a cook's)
    world.markers = {scope: tuple(f"{tag}{text}" for text in ("张小明", "王厨师", "学生食堂", "一号线", "微机室", "台式计算机"))
                     + (world.schools[scope].name, f"{tag}食堂的饭菜")
                     for scope, tag in (("other", "乙"), ("far", "远"))}
    return world
