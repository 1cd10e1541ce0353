"""Catalogue and roster imports from Excel; what the fees app reports as due."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from fees.models import FeeCap, FeeCategory, ForbiddenItem, PolicyDocument, Settlement, Student
from houqin.notify import services as notify
from houqin.notify.models import Notification


def upload(client, url_name, rows):
    workbook = load_workbook(io.BytesIO(client.get(reverse(url_name), {"template": 1}).content))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return client.post(reverse(url_name), {"file": SimpleUploadedFile("x.xlsx", buffer.getvalue())})


def test_catalogue_imports_policies_categories_with_caps_and_forbidden_items(client, bureau_admin):
    client.force_login(bureau_admin)
    response = upload(client, "fees:policy_import", [{"文号": "鄂价费〔2017〕5号", "标题": "通知", "发文日期": "2017-03-10"}])
    assert "新增 1 行" in response.content.decode()
    rows = [
        {"类别": "学生饮用奶", "性质": "代收费", "须自愿选择": "是", "政策依据文号": "鄂价费〔2017〕5号",
         "计价单位": "元/生/学期", "最高限价（元）": "200"},
        {"类别": "学生饮用奶", "性质": "代收费", "学校类型": "高中", "计价单位": "元/生/学期", "最高限价（元）": "240"},
        {"类别": "课后服务费", "性质": "服务性收费", "须自愿选择": "是"},
    ]
    response = upload(client, "fees:category_import", rows)
    assert "新增 2 行" in response.content.decode(), response.content.decode()[-2000:]
    milk = FeeCategory.objects.get(name="学生饮用奶")
    assert milk.policy.number == "鄂价费〔2017〕5号"
    assert sorted(FeeCap.objects.filter(category=milk).values_list("school_type", "max_amount")) == [
        ("", 200), ("senior", 240)]
    response = upload(client, "fees:forbidden_import", [{"名称": "补课费", "其他叫法": "补习费", "禁止依据（文号）": "鄂价费〔2017〕5号"}])
    assert ForbiddenItem.objects.get(name="补课费").terms() == ["补课费", "补习费"]


def test_a_bad_catalogue_row_imports_nothing(client, bureau_admin):
    client.force_login(bureau_admin)
    rows = [{"类别": "饮用水", "性质": "服务性收费"},
            {"类别": "坏行", "性质": "不知道", "计价单位": "元/周", "最高限价（元）": "-5", "政策依据文号": "不存在"}]
    response = upload(client, "fees:category_import", rows)
    body = response.content.decode()
    assert response.status_code == 422
    assert "全县政策库中没有这个文号的文件" in body and "选择一个有效的选项" in body
    assert not FeeCategory.objects.exists() and not PolicyDocument.objects.exists()


def test_a_school_imports_its_rosters_and_every_student_gets_a_unique_code(client, principal_a, term):
    client.force_login(principal_a)
    rows = [{"班级": "一年级（1）班", "学生姓名": f"学生{n}", "寄宿生": "是" if n % 2 else ""} for n in range(12)]
    rows += [{"班级": "二年级（1）班", "学生姓名": "赵六"}]
    response = upload(client, "fees:student_import", rows)
    assert "新增 13 行" in response.content.decode()
    codes = list(Student.objects.values_list("code", flat=True))
    assert len(set(codes)) == 13 and all(len(c) == 8 and c.isalnum() and "0" not in c and "O" not in c for c in codes)
    assert Student.objects.filter(school_class__school_year=2026, school_class__name="一年级（1）班").count() == 12


def test_settlement_reminders_reach_the_principal_and_the_bureau_once(published, principal_a, bureau_admin, catalogue):
    Settlement.objects.filter(category=catalogue["milk"]).update(due_date=dt.date(2027, 2, 1))
    today = dt.date(2027, 2, 5)
    notify.reminders_run(today=today)
    notify.reminders_run(today=today)
    mine = Notification.objects.filter(recipient=principal_a, rule="fees.settlement_due")
    assert mine.count() == 2  # milk overdue, meals due soon (2027-02-06)
    assert any("已逾期" in n.title for n in mine) and any("即将到期" in n.title for n in mine)
    bureau = Notification.objects.get(recipient=bureau_admin, rule="fees.settlement_due")
    assert "1 份学期结算逾期" in bureau.title


def test_missing_notice_reminder(school_b, principal_b, published, term):
    notify.reminders_run(today=term.start_date + dt.timedelta(days=20))
    assert Notification.objects.filter(recipient=principal_b, rule="fees.notice_missing").count() == 1
    assert not Notification.objects.filter(rule="fees.notice_missing", recipient__school=published.school).exists()
