"""Demo data of checklists, inspections, rectification orders and duty inspections, built through the
services: the county's three checklists, inspections in 城关镇 and 黄集镇 (completed ones with failures
whose orders stand in every status — one serious and overdue, escalated to the bureau — and one
still in progress), and two months of duty inspections with some shortfalls. Idempotent: each part
is skipped when the demo county already holds it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from houqin.org.choices import Duty, Role
from houqin.org.models import County, School, User
from inspections.choices import DutyCapacity, InspectionKind, Severity
from inspections.models import Checklist, DutyVisit, Inspection, RectificationOrder
from inspections.rules_duty import monday_of, previous_month
from inspections.services import duty as duty_services
from inspections.services import inspections as services
from inspections.services import rectification as orders

N, S = Severity.NORMAL, Severity.SERIOUS

CHECKLISTS = {
    "收费专项治理检查表": (InspectionKind.FEE_SPECIAL, [
        ("收费项目、标准、范围、依据和投诉电话（含12358）在醒目位置公示，公示牌为全县统一样式", N),
        ("执行“两个不得”：服务性收费和代收费不与行政事业性收费一并收取、不与入学挂钩", S),
        ("执行“三个禁止”：不收取应由学校免费提供或财政保障的费用，不借家委会、班委会强制收费", S),
        ("伙食费坚持学生自愿，不强制或变相强制学生在校就餐，食堂不营利", S),
        ("学生饮用奶自愿征订，学校不收取供应商任何经济利益", N),
        ("学生商业保险家长自愿，学校不代收商业保险费，不收取回扣", S),
        ("学生装积极倡导、尊重自愿，供应商选择过程（理由、资质、价格、质量）已公开", N),
        ("《致学生家长一封信》已发放，自愿类项目回执收回并按班存档", N),
        ("代收费按学期按实结算，学期结束后15日内公布结算清单，多退少不补", N),
        ("不收取补课费、择校费、赞助费、资料费等禁止项目", S),
    ]),
    "“两个安全”检查表（食品安全、校车安全）": (InspectionKind.TWO_SAFETY, [
        ("食堂持有效食品经营许可证，量化等级公示", N),
        ("从业人员持“二证”（健康证、培训合格证）上岗，无过期证件人员在岗", S),
        ("每日晨午检记录完整，患病人员当日调离食品岗位", S),
        ("每餐每样食品留样不少于100克，密封冷藏48小时，标识规范，与菜谱一致", S),
        ("大宗食材索票索证：同批次检验报告、动物检疫证明、正式发票齐全", N),
        ("采购、入库、出库台账由经手人、验收人、供货人签字，凭证保存三年以上", N),
        ("色标管理落实：绿（植物类）、红（肉类）、黄（水产类）分区分色", N),
        ("明厨亮灶：储藏间、粗加工间、加工制作间、售卖间、餐厅视频监控全覆盖", N),
        ("校车取得有效校车使用许可，年检、交强险和承运人责任险在有效期内", S),
        ("校车驾驶员取得校车驾驶资格，近三个记分周期无满分记录", S),
        ("每趟配备随车照管人员，上下车清点人数记录一致，不超员", S),
        ("出车前安全检查记录完整，本学期已开展应急演练", N),
    ]),
    "明查暗访（食堂）检查表": (InspectionKind.UNANNOUNCED, [
        ("后厨地面、灶台、操作台清洁，无积水、无油污", N),
        ("生熟分开，刀具、砧板、容器标识清楚", N),
        ("餐具消毒设施运转，消毒记录当日已填写", N),
        ("冰箱、冷库食品分类存放，无过期变质食品", S),
        ("当日菜价与公示一致，饭菜数量、质量与菜谱相符", N),
        ("从业人员着工作衣帽，操作时佩戴口罩", N),
        ("库房离地离墙存放，防鼠防蝇设施完好", N),
        ("当餐留样已完成并上锁", S),
    ]),
}


def _principal_of(school: School) -> User | None:
    return User.objects.filter(school=school, role=Role.PRINCIPAL, is_active=True).order_by("pk").first()


def _inspect(lead, school, checklist, date, outcomes, notes, summary=""):
    inspection = services.inspection_start(school=school, checklist=checklist, date=date,
                                           announced=checklist.kind != InspectionKind.UNANNOUNCED,
                                           inspectors=f"{lead.full_name}、{'周文军' if lead.full_name != '周文军' else '陈德明'}",
                                           acting_user=lead)
    items = list(checklist.items.order_by("position"))
    entries = [services.ResultEntry(item.pk, outcomes.get(item.position, services.PASSED),
                                    notes.get(item.position, "")) for item in items]
    services.inspection_results_record(inspection=inspection, entries=entries, summary=summary, acting_user=lead)
    return inspection


def _complete(inspection, lead, days_ago: int):
    """Complete as today, then date the completion and its orders back to when it happened."""
    services.inspection_complete(inspection=inspection, acting_user=lead)
    when = timezone.now() - dt.timedelta(days=days_ago)
    Inspection.objects.filter(pk=inspection.pk).update(completed_at=when)
    for order in RectificationOrder.objects.filter(inspection=inspection):
        shift = dt.timedelta(days=days_ago)
        RectificationOrder.objects.filter(pk=order.pk).update(issued_at=when, deadline=order.deadline - shift)
    return list(RectificationOrder.objects.filter(inspection=inspection).order_by("number"))


def _seed_checklists(county, admin) -> dict[str, Checklist]:
    found = {c.title: c for c in Checklist.objects.filter(county=county)}
    for title, (kind, items) in CHECKLISTS.items():
        if title not in found:
            found[title] = services.checklist_save(
                checklist=Checklist(county=county, kind=kind, title=title),
                items=[services.ItemEntry(n, text, severity) for n, (text, severity) in enumerate(items, start=1)],
                acting_user=admin)
    return found


def _seed_inspections(county, checklists, today):
    supervisor = User.objects.get(username="supervisor")
    supervisor2 = User.objects.get(username="supervisor2")
    inspector = User.objects.get(username="inspector")
    fee, safety, unannounced = (checklists[t] for t in CHECKLISTS)
    schools = {s.name: s for s in School.objects.filter(township__county=county)}

    # 1. 城关镇第一小学, "two safety", 11 days ago: a serious failure (overdue, escalated) and a normal one (open)
    first = schools["城关镇第一小学"]
    inspection = _inspect(supervisor, first, safety, today - dt.timedelta(days=11),
                          {2: services.FAILED, 6: services.FAILED, 12: services.NOT_APPLICABLE},
                          {2: "帮厨一人健康证已过期仍在岗操作", 6: "本月采购台账有6笔缺少验收人签字"},
                          summary="食堂管理总体规范，校车资料齐全；证件管理和留样需立即整改。")
    _complete(inspection, supervisor, days_ago=10)  # serious: due 3 days ago; normal: due in 5 days

    # 2. 城关镇第二小学, fee special governance, 12 days ago: the school has answered, waiting for verification
    second = schools["城关镇第二小学"]
    inspection = _inspect(inspector, second, fee, today - dt.timedelta(days=12),
                          {1: services.FAILED, 7: services.NOT_APPLICABLE},
                          {1: "公示牌未列出价格举报电话12358"}, summary="收费项目规范，公示内容不全。")
    [order] = _complete(inspection, inspector, days_ago=12)
    principal = _principal_of(second)
    if principal is not None:
        orders.order_answer(order=order, text="已更换全县统一公示牌，补充12358价格举报电话，附照片。",
                            acting_user=principal)

    # 3. 黄集镇中心学校, unannounced canteen check, 9 days ago: one order verified, one reopened
    central = schools["黄集镇中心学校"]
    inspection = _inspect(supervisor2, central, unannounced, today - dt.timedelta(days=9),
                          {1: services.FAILED, 3: services.FAILED},
                          {1: "粗加工间地面有积水，下水道口油污较多", 3: "消毒柜未开启，当日消毒记录空白"},
                          summary="暗访发现卫生和消毒问题。")
    fixed, again = _complete(inspection, supervisor2, days_ago=9)
    principal = _principal_of(central)
    if principal is not None:
        orders.order_answer(order=fixed, text="已清理积水并疏通下水道，安排专人每餐后清洁。", acting_user=principal)
        orders.order_verify(order=fixed, note="复查现场整洁，予以销号。", acting_user=supervisor2)
        orders.order_answer(order=again, text="已开启消毒柜。", acting_user=principal)
        orders.order_reopen(order=again, note="未提供消毒记录，请补齐一周消毒记录后再报。",
                            deadline=today + dt.timedelta(days=5), acting_user=supervisor2)

    # 4. 汉江县第一高级中学, "two safety", all passed
    senior = schools["汉江县第一高级中学"]
    inspection = _inspect(inspector, senior, safety, today - dt.timedelta(days=5), {}, {},
                          summary="食品安全和校车安全各项均符合要求。")
    _complete(inspection, inspector, days_ago=5)

    # 5. 城关镇初级中学, fee special governance, still in progress
    junior = schools["城关镇初级中学"]
    services.inspection_start(school=junior, checklist=fee, date=today, announced=True,
                              inspectors="陈德明、周文军", acting_user=supervisor)

    # 6. an order issued by hand to 汉江县实验幼儿园
    orders.order_issue(school=schools["汉江县实验幼儿园"], finding="校车随车照管人员未按规定清点下车人数",
                       requirement="每趟下车后清点人数并签字，一周内提交清点记录。", severity=S,
                       deadline=today + dt.timedelta(days=7), responsible=orders.responsible_for(
                           schools["汉江县实验幼儿园"]), acting_user=inspector)
    return orders.orders_escalate(today=today)


def _visit(school, capacity, date, user, findings=""):
    if DutyVisit.objects.filter(school=school, inspector=user, capacity=capacity, date=date).exists():
        return
    duty_services.duty_visit_record(school=school, capacity=capacity, date=date, findings=findings, acting_user=user)


def _seed_duty(county, today):
    first_month = previous_month(today)
    for username in ("supervisor", "supervisor2"):
        supervisor = User.objects.get(username=username)
        schools = list(School.objects.filter(township_id=supervisor.township_id, is_active=True).order_by("code"))
        for month in (first_month, today.replace(day=1)):
            for index, school in enumerate(schools):
                head_day = month + dt.timedelta(days=3 + index % 10)
                if head_day <= today and not (month == first_month and index % 4 == 3):
                    _visit(school, DutyCapacity.TOWNSHIP_HEAD, head_day, supervisor, "食品安全和餐饮质量检查，未见异常")
                for offset in (5, 19):
                    day = month + dt.timedelta(days=offset + index % 5)
                    if day <= today and not (offset == 19 and index % 3 == 1):
                        _visit(school, DutyCapacity.TOWNSHIP_STAFF, day, supervisor, "检查食堂台账和留样")
    principal = User.objects.get(username="principal")
    officer = User.objects.filter(school=principal.school, role=Role.SCHOOL_STAFF,
                                  duties__contains=[Duty.FOOD_SAFETY_OFFICER]).first()
    monday = monday_of(first_month)
    while monday <= today:
        for weekday in (1, 3):  # Tuesday and Thursday
            day = monday + dt.timedelta(days=weekday)
            if not first_month <= day <= today:
                continue
            # the principal missed a Thursday in the second week: a shortfall
            if not (weekday == 3 and monday == monday_of(first_month) + dt.timedelta(days=7)):
                _visit(principal.school, DutyCapacity.PRINCIPAL, day, principal, "抽查就餐情况，听取师生意见")
            if officer is not None and day - dt.timedelta(days=1) >= first_month:
                _visit(principal.school, DutyCapacity.FOOD_SAFETY_OFFICER, day - dt.timedelta(days=1), officer,
                       "检查留样、晨检和库房")
        monday += dt.timedelta(days=7)


@transaction.atomic
def seed(stdout=None):
    county = County.objects.filter(code="420699").first()
    if county is None:
        return
    admin = User.objects.get(username="admin")
    today = timezone.localdate()
    checklists = _seed_checklists(county, admin)
    escalated = 0
    if not Inspection.objects.filter(school__township__county=county).exists():
        escalated = _seed_inspections(county, checklists, today)
    if not DutyVisit.objects.filter(school__township__county=county).exists():
        _seed_duty(county, today)
    if stdout is not None:
        stdout.write(f"inspections: {len(checklists)} checklists, "
                     f"{Inspection.objects.filter(school__township__county=county).count()} inspections, "
                     f"{RectificationOrder.objects.filter(school__township__county=county).count()} orders "
                     f"({escalated} escalated), "
                     f"{DutyVisit.objects.filter(school__township__county=county).count()} duty inspections")
