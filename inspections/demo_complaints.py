"""Demo complaints of the demo county, built through the real services and then dated back so the
lists show complaints of every stage, on time and overdue: a new one, one the bureau is late to
pass on, one waiting for the demo principal's answer, one sent back and overdue, one waiting for
the bureau to close it, and closed ones (partly substantiated, serious and substantiated, closed at
once as not the bureau's matter). Called from inspections/demo.py."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from houqin.org.choices import Role
from houqin.org.demo import COUNTY
from houqin.org.models import County, School, User
from inspections.choices import ComplaintCategory, ComplaintOutcome, ComplaintStatus
from inspections.models import Complaint
from inspections.services import complaints as services


def _principal(school: School) -> User:
    return User.objects.filter(role=Role.PRINCIPAL, school=school, is_active=True).order_by("pk").first()


def _backdate(complaint: Complaint, days_ago: list[float], **deadlines) -> None:
    """Move each stage of the complaint (its history records, oldest first) `days_ago` into the past,
    with the stage dates and deadlines to match."""
    now = timezone.now()
    complaint = Complaint.objects.get(pk=complaint.pk)
    records = list(complaint.history.order_by("history_date", "history_id"))
    historical = complaint.history.model
    stamps = {}
    stage_fields = {ComplaintStatus.ASSIGNED: "assigned_at", ComplaintStatus.ANSWERED: "answered_at",
                    ComplaintStatus.CLOSED: "closed_at"}
    for record, days in zip(records, days_ago):
        when = now - dt.timedelta(days=days)
        stamps[record.status] = when
        filed = stamps[ComplaintStatus.FILED]
        moved = {"history_date": when, "filed_at": filed,
                 "assign_by": timezone.localdate(filed) + dt.timedelta(days=services.ASSIGN_DAYS)}
        for status, field in stage_fields.items():
            if status in stamps and getattr(record, field):
                moved[field] = stamps[status]
        historical.objects.filter(history_id=record.history_id).update(**moved)
    fields = {"filed_at": stamps[ComplaintStatus.FILED],
              "assign_by": timezone.localdate(stamps[ComplaintStatus.FILED]) + dt.timedelta(days=services.ASSIGN_DAYS)}
    for status, field in stage_fields.items():
        if status in stamps and getattr(complaint, field):
            fields[field] = stamps[status]
    if complaint.answered_at and complaint.status == ComplaintStatus.ANSWERED:
        fields["close_by"] = timezone.localdate(stamps[ComplaintStatus.ANSWERED]) + dt.timedelta(
            days=services.CLOSE_DAYS)
    fields.update(deadlines)
    Complaint.objects.filter(pk=complaint.pk).update(**fields)


@transaction.atomic
def seed(stdout=None):
    county = County.objects.filter(code=COUNTY["code"]).first()
    if county is None or Complaint.objects.filter(school__township__county=county).exists():
        return
    admin = User.objects.filter(username="admin").first()
    inspector = User.objects.filter(username="inspector").first() or admin
    principal = User.objects.filter(username="principal").first()
    principal2 = User.objects.filter(username="principal2").first()
    if admin is None or principal is None or principal2 is None:
        return
    named = {principal.school_id, principal2.school_id}
    others = list(School.objects.filter(township__county=county, is_active=True, users__role=Role.PRINCIPAL,
                                        users__is_active=True).exclude(pk__in=named).distinct().order_by("code"))
    if len(others) < 5:
        return
    today = timezone.localdate()

    def file(school, category, text, name="", phone=""):
        return services.complaint_file(school=school, category=category, text=text, contact_name=name,
                                       contact_phone=phone)

    def assign(complaint, instruction, days=7, serious=False):
        return services.complaint_assign(complaint=complaint, instruction=instruction, serious=serious,
                                         answer_by=today + dt.timedelta(days=days), acting_user=inspector)

    # 1. new, today
    file(others[0], ComplaintCategory.BUS,
         "每天下午放学的校车坐得特别挤，有的孩子只能站着，担心出事故。", "刘女士", "13907101234")

    # 2. new four days ago: the bureau is late passing it on
    late = file(others[1], ComplaintCategory.OTHER, "学校厕所长期没有人打扫，气味很大，孩子不愿意上厕所。")
    _backdate(late, [4])

    # 3. waiting for the demo principal's answer
    waiting = assign(file(principal.school, ComplaintCategory.CANTEEN,
                          "最近午餐的菜量明显变少，孩子说经常吃不饱，希望学校重视。", "王先生", "13872345678"),
                     "请核查近两周午餐的配餐量和留样记录，说明情况并附菜谱。")
    _backdate(waiting, [2, 1], answer_by=today + dt.timedelta(days=6))

    # 4. sent back once, the school is late again
    school4 = others[2]
    returned = assign(file(school4, ComplaintCategory.FEE,
                           "开学时班主任让每人交150元资料费，没有开收据，也没说是自愿的。", "", "0710-2834567"),
                      "请核实资料费收取情况，是否经过审批、是否自愿，并说明退费安排。")
    services.complaint_answer(complaint=returned, answer="经核查，资料费系班级自行收取，已责令停止。",
                              acting_user=_principal(school4))
    services.complaint_send_back(complaint=returned, reason="请说明已收费用的退还情况并附退费名单。",
                                 answer_by=today, acting_user=admin)
    _backdate(returned, [14, 13, 9, 8], answer_by=today - dt.timedelta(days=1))

    # 5. answered by the senior high school, waiting for the bureau to close it
    dormitory = assign(file(principal2.school, ComplaintCategory.DORMITORY,
                            "男生宿舍三楼的热水器坏了一个多星期，晚上没有热水洗漱。"),
                       "请尽快维修并答复维修完成时间。", days=5)
    services.complaint_answer(complaint=dormitory, answer="热水器已于本周二更换，并安排宿管每日检查。",
                              acting_user=principal2)
    _backdate(dormitory, [6, 5, 1])

    # 6. closed: partly substantiated
    fee = assign(file(others[3], ComplaintCategory.FEE, "学校统一订购校服，价格比外面贵很多，而且说是必须买。",
                      "陈女士", "13507109876"),
                 "请说明校服征订是否遵循自愿原则，供应商如何确定。")
    services.complaint_answer(complaint=fee, answer="校服征订已发告家长书，但部分班主任表述不当，已纠正并重申自愿。",
                              acting_user=_principal(others[3]))
    services.complaint_close(complaint=fee, outcome=ComplaintOutcome.PARTLY, serious=False, acting_user=admin,
                             public_reply="经核查，校服征订价格经过公开比选，但个别班级有强制征订的表述，"
                                          "已责令学校纠正，家长可自愿选择是否购买。")
    _backdate(fee, [25, 24, 20, 18])

    # 7. closed: serious and substantiated (bars the school from this year's titles)
    canteen = assign(file(others[4], ComplaintCategory.CANTEEN,
                          "孩子在学校食堂吃午饭后有好几个同学肚子疼、拉肚子，怀疑饭菜不干净。", "赵先生", "13636251234"),
                     "请立即封存当日留样，配合卫生部门调查，并报告处置情况。", days=2, serious=True)
    services.complaint_answer(complaint=canteen, answer="已封存留样并送检，检测显示凉拌菜大肠菌群超标，已停用凉拌菜并处理相关人员。",
                              acting_user=_principal(others[4]))
    services.complaint_close(complaint=canteen, outcome=ComplaintOutcome.SUBSTANTIATED, serious=True,
                             acting_user=admin,
                             public_reply="经调查，投诉属实。学校食堂已整改，相关责任人已被处理，教育局将持续督查。")
    _backdate(canteen, [40, 40, 37, 35])

    # 8. closed at once: not the bureau's matter
    outside = file(others[0], ComplaintCategory.OTHER, "学校门口的小卖部卖三无辣条，请管一管。")
    services.complaint_close(complaint=outside, outcome="", serious=False, acting_user=admin,
                             reason="校外商店属市场监管部门管理。",
                             public_reply="校外商店的食品安全由市场监管部门负责，已将情况转告县市场监督管理局，"
                                          "您也可拨打12315反映。")
    _backdate(outside, [10, 9])
    if stdout is not None:
        stdout.write(f"complaints: {Complaint.objects.filter(school__township__county=county).count()}")
