"""The demo county: 8 townships, ~50 schools of every type with valid codes, and demo accounts.

Deterministic and idempotent: records are found by their natural keys (codes, usernames) and only
created when missing, so running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import zlib
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from houqin.org.choices import Duty, Role, SchoolType
from houqin.org.models import County, School, Term, Township, User

DEMO_PASSWORD = "Houqin@2026"
COUNTY = {
    "code": "420699",
    "name": "汉江县",
    "city": "襄阳市",
    "province": "湖北省",
    "bureau_name": "汉江县教育局学校后勤管理办公室",
    "complaint_phone": "0710-2812345",
}
TERMS = [
    (2025, 1, "2025-09-01", "2026-01-23"),
    (2025, 2, "2026-02-24", "2026-07-10"),
    (2026, 1, "2026-09-01", "2027-01-22"),
    (2026, 2, "2027-02-22", "2027-07-09"),
]
TOWNSHIPS = ["城关镇", "黄集镇", "伙牌镇", "古驿镇", "朱集镇", "程河镇", "双沟镇", "张家集镇"]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
GIVEN = "建国 志强 秀英 丽华 海燕 国庆 红梅 卫东 春华 晓明 永红 德明 桂兰 明辉 文军 玉兰 俊杰 静 磊 敏 勇 芳 军 娟 涛 艳 超 霞 斌 莉".split()


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    describe: str
    township: str | None = None
    school_code: str | None = None
    duties: tuple = ()


def _school_plan(rng: random.Random) -> list[dict]:
    """Schools per township: the central school, a junior school, primaries, a kindergarten, and
    in the county town the senior high school, the complete secondary school and the special school."""
    plan = []
    seq = 0

    def add(township, name, school_type, students, boarding=0, **flags):
        nonlocal seq
        seq += 1
        plan.append(
            {
                "township": township,
                "code": f"2142{699000 + seq:06d}",
                "name": name,
                "school_type": school_type,
                "student_count": students,
                "boarding_count": boarding,
                **flags,
            }
        )

    town = TOWNSHIPS[0]
    add(town, "汉江县第一高级中学", SchoolType.SENIOR, 2860, 2100, has_canteen=True, has_dormitory=True, has_supermarket=True)
    add(town, "汉江县第三中学", SchoolType.COMPLETE_SECONDARY, 1980, 1200, has_canteen=True, has_dormitory=True, has_supermarket=True)
    add(town, "汉江县特殊教育学校", SchoolType.SPECIAL, 126, 80, has_canteen=True, has_dormitory=True, has_bus_service=True)
    add(town, "汉江县实验小学", SchoolType.PRIMARY, 2240, 0, has_canteen=True, is_central=True)
    add(town, "汉江县实验幼儿园", SchoolType.KINDERGARTEN, 420, 0, has_canteen=True, has_bus_service=True)
    add(town, "城关镇第一小学", SchoolType.PRIMARY, 1350, 160, has_canteen=True, has_dormitory=True, has_bus_service=True)
    add(town, "城关镇第二小学", SchoolType.PRIMARY, 980, 0, has_canteen=True)
    add(town, "城关镇初级中学", SchoolType.JUNIOR, 1620, 900, has_canteen=True, has_dormitory=True, has_supermarket=True)
    for township in TOWNSHIPS[1:]:
        short = township.removesuffix("镇")
        add(township, f"{township}中心学校", SchoolType.NINE_YEAR, rng.randint(900, 1600), rng.randint(300, 700),
            has_canteen=True, has_dormitory=True, has_supermarket=rng.random() < 0.5, has_bus_service=True, is_central=True)
        add(township, f"{township}初级中学", SchoolType.JUNIOR, rng.randint(500, 1100), rng.randint(250, 600),
            has_canteen=True, has_dormitory=True, has_supermarket=rng.random() < 0.6)
        villages = rng.sample(["东风", "红旗", "新集", "王岗", "刘集", "白庙", "前进", "柳树", "杨湾", "马河", "石桥", "龙王"], 3)
        for village in villages[: rng.choice([2, 3])]:
            boarding = rng.choice([0, 0, rng.randint(40, 150)])
            add(township, f"{short}镇{village}小学", SchoolType.PRIMARY, rng.randint(180, 650), boarding,
                has_canteen=True, has_dormitory=boarding > 0, has_bus_service=rng.random() < 0.4)
        add(township, f"{township}中心幼儿园", SchoolType.KINDERGARTEN, rng.randint(150, 380), 0,
            has_canteen=True, has_bus_service=rng.random() < 0.5)
        if rng.random() < 0.6:
            add(township, f"{short}镇{rng.choice(['高庄', '李楼', '杜湾', '孙岗'])}教学点", SchoolType.TEACHING_POINT,
                rng.randint(18, 60), 0)
    return plan


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def demo_accounts(schools: list[dict]) -> list[DemoAccount]:
    first_primary = next(s for s in schools if s["name"] == "城关镇第一小学")["code"]
    senior = schools[0]["code"]
    return [
        DemoAccount("admin", "李红梅", Role.BUREAU_ADMIN, "后勤办管理员"),
        DemoAccount("inspector", "周文军", Role.BUREAU_INSPECTOR, "后勤办督查员"),
        DemoAccount("supervisor", "陈德明", Role.TOWNSHIP_SUPERVISOR, "城关镇中心学校督导", township=TOWNSHIPS[0]),
        DemoAccount("supervisor2", "徐海燕", Role.TOWNSHIP_SUPERVISOR, "黄集镇中心学校督导", township=TOWNSHIPS[1]),
        DemoAccount("principal", "王建国", Role.PRINCIPAL, "城关镇第一小学校长", school_code=first_primary),
        DemoAccount("principal2", "赵秀英", Role.PRINCIPAL, "汉江县第一高级中学校长", school_code=senior),
        DemoAccount(
            "canteen", "刘春华", Role.SCHOOL_STAFF, "城关镇第一小学 食堂管理员、食品安全管理员",
            school_code=first_primary, duties=(Duty.CANTEEN_MANAGER, Duty.FOOD_SAFETY_OFFICER),
        ),
        DemoAccount(
            "staff", "孙志强", Role.SCHOOL_STAFF, "城关镇第一小学 资产管理员、校车管理员、财务",
            school_code=first_primary, duties=(Duty.ASSET_MANAGER, Duty.BUS_MANAGER, Duty.FINANCE),
        ),
    ]


def _save(instance):
    instance._change_reason = "演示数据"
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def seed(stdout=None) -> tuple[County, list[DemoAccount]]:
    """Create what is missing of the demo county; return it and the named demo accounts."""
    rng = random.Random(20261122)
    county = County.objects.filter(code=COUNTY["code"]).first() or _save(County(**COUNTY))
    for year, semester, start, end in TERMS:
        if not Term.objects.filter(school_year=year, semester=semester).exists():
            _save(Term(school_year=year, semester=semester, start_date=dt.date.fromisoformat(start),
                       end_date=dt.date.fromisoformat(end)))
    townships = {}
    for index, name in enumerate(TOWNSHIPS, start=1):
        townships[name] = Township.objects.filter(county=county, name=name).first() or _save(
            Township(county=county, name=name, code=f"{COUNTY['code']}{index:03d}")
        )
    plan = _school_plan(rng)
    existing = set(School.objects.filter(code__in=[s["code"] for s in plan]).values_list("code", flat=True))
    named = {a.school_code: a.full_name for a in demo_accounts(plan) if a.role == Role.PRINCIPAL}
    for index, row in enumerate(plan):
        principal_name = named.get(row["code"]) or _person(rng)
        if row["code"] in existing:
            continue
        township = townships[row.pop("township")]
        _save(School(
            township=township,
            address=f"{township.name}{rng.choice(['人民路', '建设路', '学府路', '文化街', '解放路'])}{rng.randint(1, 199)}号",
            # a few schools have not completed their profile yet: the reminders and to-do lists show it
            phone="" if index % 11 == 5 else f"0710-{rng.randint(2200000, 2899999)}",
            principal_name=principal_name,
            **row,
        ))
    accounts = demo_accounts(plan)
    named_schools = {a.school_code for a in accounts if a.school_code}
    schools = {s.code: s for s in School.objects.filter(code__in=[s["code"] for s in plan])}
    for account in accounts:
        _ensure_user(account, county, townships, schools)
    # every other school gets its principal's account, except a few the bureau has not opened yet
    for index, row in enumerate(plan):
        if row["code"] in named_schools or index % 9 == 4:
            continue
        school = schools[row["code"]]
        _ensure_user(
            DemoAccount(f"p{row['code']}", school.principal_name or _person(rng), Role.PRINCIPAL, "校长",
                        school_code=row["code"]),
            county, townships, schools,
        )
    if stdout is not None:
        stdout.write(f"demo county {county.name}: {len(townships)} townships, {len(schools)} schools")
    return county, accounts


def _ensure_user(account: DemoAccount, county, townships, schools) -> User:
    user = User.objects.filter(username=account.username).first()
    if user is not None:
        return user
    user = User(
        username=account.username,
        full_name=account.full_name,
        role=account.role,
        county=county,
        township=townships.get(account.township) if account.township else None,
        school=schools.get(account.school_code) if account.school_code else None,
        duties=list(account.duties),
        phone=f"139{zlib.crc32(account.username.encode()) % 10**8:08d}",
    )
    user.password = _demo_password_hash()
    return _save(user)


@functools.cache
def _demo_password_hash() -> str:
    # hashing is deliberately slow; the demo accounts share one hash instead of paying it 50 times
    return make_password(DEMO_PASSWORD)
