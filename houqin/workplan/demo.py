"""Demo data of the work plan: the demo county's plan for this year (年度工作要点), written after the
work plans of county logistics offices — fee notices for every school, special fee governance each
semester, certificates of canteen workers, new Trusted Canteens, rectifications and complaints on
time, school-bus drills, boarding facilities, training. Half of the goals are measured from the data
the other apps' demo holds; the others carry progress reports spread over the year.

Idempotent: a goal is found by its county, year and title and only created when missing. Runs after
the inspections demo (INSTALLED_APPS order), whose campaign types the title goal counts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from houqin.org.demo import COUNTY
from houqin.org.models import County, User
from houqin.workplan import services
from houqin.workplan.choices import Area
from houqin.workplan.models import Goal

REASON = "演示数据"


def _goals(year: int) -> list[dict]:
    """The plan: measured goals name their measure; the others carry their progress reports
    (month, day, percent, note)."""
    return [
        {"title": "全面落实服务性收费公示制度，各校（园）本学期收费公示在平台发布", "area": Area.FEES,
         "owner": "inspector", "department": "后勤办收费管理组", "deadline": (year, 10, 31),
         "target": "全县学校收费公示发布率100%，公示牌统一制作、上墙",
         "description": "落实鄂价费〔2017〕5号，全面规范宣传公示、自主选择、致信签字、回执存档等程序；"
                        "收费项目、标准、范围、政策依据和投诉电话向社会公开。",
         "measure": "fee_notices", "target_value": "100"},
        {"title": "每学期开展一次服务性收费专项治理，越级举报投诉为零", "area": Area.FEES,
         "owner": "inspector", "department": "后勤办收费管理组", "deadline": (year, 12, 31),
         "target": "春季、秋季学期各开展1次专项治理，治理强制就餐、强制订奶、强制统一着装等问题",
         "description": "检查伙食费是否坚持学生自愿、是否营利；学生保险是否由学校代收；饮用奶是否强制征订。"
                        "查处的问题纳入年度考核，有违规收费行为的学校年度考核不得评为突出单位。",
         "reports": [(4, 20, 30, "春季学期收费专项治理方案已印发，各中心学校完成自查。"),
                     (6, 28, 50, "春季学期专项治理完成，抽查学校12所，发现问题3个，已下达整改通知。"),
                     (10, 15, 60, "秋季学期专项治理已部署，正在组织交叉检查。"),
                     (11, 18, 85, "秋季学期交叉检查完成，正在汇总问题清单；全年未发生越级投诉。")]},
        {"title": "学校食堂从业人员“二证”持证上岗率100%", "area": Area.CANTEEN,
         "owner": "admin", "department": "后勤办食品安全组", "deadline": (year, 12, 31),
         "target": "健康证、培训合格证齐全有效，过期人员一律调离岗位",
         "description": "各学校（幼儿园）食品从业人员持“二证”上岗，每天晨午检；后勤办每学年至少组织一次集中培训。",
         "measure": "canteen_certificates", "target_value": "100"},
        {"title": "新创县级“放心食堂”4所", "area": Area.CAMPAIGN,
         "owner": "admin", "department": "后勤办创建工作组", "deadline": (year, 12, 15),
         "target": "巩固创建成果，确保年度创建目标完成",
         "description": "联合县市场监管局组织“放心食堂”评估验收；食堂经营有谋利行为的学校不得评为“放心食堂”。",
         "measure": "titles", "campaign_type": "放心食堂", "level": "county", "target_value": "4"},
        {"title": "整改通知按期整改销号率达到95%以上", "area": Area.SUPERVISION,
         "owner": "inspector", "department": "后勤办督查组", "deadline": (year, 12, 31),
         "target": "问题清单、整改时限、责任人三落实，逾期未改的报局领导",
         "description": "坚持集中整治和明查暗访相结合，每学期至少开展1次“两个安全”检查，发现问题限期整改、复查销号。",
         "measure": "rectifications_on_time", "target_value": "95"},
        {"title": "投诉举报按时办结率100%", "area": Area.SUPERVISION,
         "owner": "admin", "department": "后勤办督查组", "deadline": (year, 12, 31),
         "target": "每件投诉在时限内交办、答复、办结，力争越过中心学校的投诉为零",
         "measure": "complaints_closed_on_time", "target_value": "100"},
        {"title": "每学期开展一次“两个安全”应急演练，资料6月底前报后勤办", "area": Area.BUS,
         "owner": "inspector", "department": "后勤办安全组", "deadline": (year, 6, 30),
         "target": "全县中小学、幼儿园食品安全和校车安全应急演练全覆盖",
         "description": "“两个安全”教育进学校、进课表、进课堂；各学校食品校车安全教育总课表、教案、应急预案及演练图片资料"
                        "每年6月底前报后勤办。",
         "reports": [(3, 25, 40, "各中心学校已上报演练方案。"),
                     (5, 30, 80, "45所学校完成演练，剩余学校6月中旬前完成。"),
                     (6, 29, 100, "全县学校演练全部完成，资料已归档。")]},
        {"title": "推进寄宿制学校“十有八配套”建设：城关镇初级中学学生宿舍改造投入使用", "area": Area.ASSETS,
         "owner": "admin", "department": "后勤办装备组", "deadline": (year, 8, 31),
         "target": "宿舍每室不超过8人，热水洗浴、厕所配套到位，秋季开学投入使用",
         "description": "抢抓“全面改薄”机遇，协调宿舍、澡堂、厕所建设改造与配套标准化建设。",
         "reports": [(3, 10, 20, "项目已立项，完成设计。"),
                     (6, 20, 45, "主体改造完成，正在安装热水设备。"),
                     (9, 5, 70, "热水设备到货安装中，床铺已更换；因供货延误，未能在秋季开学前投入使用。")]},
        {"title": "组织全县学校后勤食品安全、校车安全知识集中培训", "area": Area.OTHER,
         "owner": "inspector", "department": "后勤办食品安全组", "deadline": (year, 12, 20),
         "target": "食堂从业人员、校车驾驶员和随车照管人员培训全覆盖，测试合格",
         "description": "以食堂炊事员、营养指导员、寝室宿管员、校车驾驶员为重点，分级分类培训。",
         "reports": [(9, 18, 20, "培训方案已拟定，正在联系授课专家。"),
                     (11, 2, 35, "城关镇、黄集镇两个片区完成培训，其余片区12月上旬进行。")]},
    ]


@transaction.atomic
def seed(stdout=None) -> list[Goal]:
    """Create what is missing of the demo county's plan for this year; return its goals."""
    county = County.objects.filter(code=COUNTY["code"]).first()
    if county is None:
        return []
    accounts = {user.username: user for user in User.objects.filter(username__in=["admin", "inspector"])}
    admin = accounts.get("admin")
    if admin is None:
        return []
    today = timezone.localdate()
    year = today.year
    from inspections.models import CampaignType

    campaign_types = {t.name: t for t in CampaignType.objects.filter(county=county)}
    goals = []
    for position, data in enumerate(_goals(year), start=1):
        goal = Goal.objects.filter(county=county, year=year, title=data["title"]).first()
        if goal is None:
            goal = _create(county, year, position, data, accounts, campaign_types, today)
        goals.append(goal)
    if stdout is not None:
        measured = sum(1 for goal in goals if goal.measure)
        stdout.write(f"work plan {year}: {len(goals)} goals, {measured} measured from the data")
    return goals


def _create(county, year, position, data, accounts, campaign_types, today) -> Goal:
    admin = accounts["admin"]
    owner = accounts.get(data["owner"], admin)
    measure = data.get("measure", "")
    campaign_type = campaign_types.get(data.get("campaign_type", ""))
    if measure == "titles" and campaign_type is None:
        measure = ""  # the inspections demo has not run: keep the goal, reported by hand
    goal = Goal(county=county, year=year, position=position, title=data["title"], area=data["area"], owner=owner,
                department=data.get("department", ""), deadline=dt.date(*data["deadline"]),
                target=data.get("target", ""), description=data.get("description", ""), measure=measure,
                campaign_type=campaign_type if measure == "titles" else None,
                level=data.get("level", "") if measure == "titles" else "",
                target_value=Decimal(data["target_value"]) if measure else None)
    goal = services.goal_save(goal=goal, acting_user=admin)
    start = min(dt.datetime(year, 1, 6, 9, 0, tzinfo=timezone.get_current_timezone()), timezone.now())
    Goal.objects.filter(pk=goal.pk).update(created_at=start)
    goal.history.filter(history_type="+").update(history_date=start, history_change_reason=REASON)
    for month, day, percent, note in data.get("reports", []):
        when = dt.datetime(year, month, day, 16, 30, tzinfo=timezone.get_current_timezone())
        if when.date() > today:
            break
        goal = services.goal_progress_update(goal=goal, progress=percent, note=note, acting_user=owner)
        Goal.objects.filter(pk=goal.pk).update(progress_updated_at=when)
        latest = goal.history.order_by("-history_id").first()
        goal.history.filter(history_id=latest.history_id).update(history_date=when, progress_updated_at=when)
    goal.refresh_from_db()
    return goal
