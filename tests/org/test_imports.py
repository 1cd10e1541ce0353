import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from houqin.org.models import School, User


def filled_template(client, url_name, rows):
    """Download the template through the portal, fill rows under its headers, return the upload."""
    response = client.get(reverse(url_name), {"template": 1})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("import.xlsx", buffer.getvalue())


def school_row(**overrides):
    row = {"学校标识码": "2142700001", "学校名称": "导入小学", "乡镇": "甲镇", "学校类型": "小学", "学生数": 300,
           "寄宿生数": 20, "食堂": "是", "宿舍": "是", "公开电话": "0710-7654321"}
    return {**row, **overrides}


def test_template_explains_every_column(client, bureau_admin, township_a):
    client.force_login(bureau_admin)
    workbook = load_workbook(io.BytesIO(client.get(reverse("org:school_import"), {"template": 1}).content))
    assert [c.value for c in workbook.worksheets[0][1]][:3] == ["学校标识码", "学校名称", "乡镇"]
    assert workbook.worksheets[1].title == "填写说明"


def test_valid_file_imports_every_row_and_updates_existing_codes(client, bureau_admin, school_a, township_a):
    client.force_login(bureau_admin)
    upload = filled_template(client, "org:school_import", [
        school_row(),
        school_row(**{"学校标识码": "2142700002", "学校名称": "导入初中", "学校类型": "junior", "乡镇": "甲镇"}),
        school_row(**{"学校标识码": school_a.code, "学校名称": school_a.name, "学生数": 999, "寄宿生数": 0}),
    ])
    response = client.post(reverse("org:school_import"), {"file": upload})
    assert response.status_code == 200
    assert "已导入 3 行：新增 2 行，更新 1 行。" in response.content.decode()
    assert School.objects.get(code="2142700002").school_type == "junior"
    school_a.refresh_from_db()
    assert school_a.student_count == 999
    assert school_a.history.first().history_change_reason == "Excel 导入"


def test_one_bad_row_imports_nothing_and_reports_row_and_column(client, bureau_admin, township_a):
    client.force_login(bureau_admin)
    upload = filled_template(client, "org:school_import", [
        school_row(),
        school_row(**{"学校标识码": "21427", "乡镇": "不存在镇", "学生数": -3}),
        school_row(**{"学校标识码": "2142700001", "学校名称": "重复行"}),
    ])
    response = client.post(reverse("org:school_import"), {"file": upload})
    assert response.status_code == 422
    errors = [
        [cell.strip() for cell in row.split("</td><td>")]
        for row in response.content.decode().split('<tr><td>')[1:]
    ]
    text = response.content.decode()
    assert "学校标识码必须是 10 位数字。" in text
    assert "您所在县没有这个名称的乡镇。" in text
    assert "与本文件第 2 行重复。" in text, text[text.find("import-errors"):][:2500]
    assert errors and any(row[0] == "3" for row in errors)
    assert not School.objects.filter(code="2142700001").exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not a workbook at all", "文件不是有效的 Excel 工作簿（.xlsx）。"),
        (b"PK\x03\x04broken zip", "文件不是有效的 Excel 工作簿（.xlsx）。"),
    ],
)
def test_files_that_are_not_workbooks_are_refused(client, bureau_admin, content, message):
    client.force_login(bureau_admin)
    response = client.post(reverse("org:school_import"), {"file": SimpleUploadedFile("schools.xlsx", content)})
    assert message in response.content.decode()


def test_users_import_opens_accounts_and_refuses_existing_usernames(client, bureau_admin, school_a, township_a,
                                                                    principal_a):
    client.force_login(bureau_admin)
    rows = [
        {"用户名": "imp_staff", "姓名": "导入员工", "角色": "学校工作人员", "学校标识码": school_a.code,
         "职责": "食堂管理员、财务", "初始密码": "Import-pass-2026"},
        {"用户名": "imp_sup", "姓名": "导入督导", "角色": "乡镇督导", "乡镇": "甲镇", "初始密码": "Import-pass-2026"},
    ]
    response = client.post(reverse("org:user_import"), {"file": filled_template(client, "org:user_import", rows)})
    assert "新增 2 行" in response.content.decode(), response.content.decode()[-3000:]
    staff = User.objects.get(username="imp_staff")
    assert staff.duties == ["canteen_manager", "finance"]
    assert staff.check_password("Import-pass-2026")
    again = [{"用户名": principal_a.username, "姓名": "重名", "角色": "校长", "学校标识码": school_a.code,
              "初始密码": "Import-pass-2026"}]
    response = client.post(reverse("org:user_import"), {"file": filled_template(client, "org:user_import", again)})
    assert "已存在" in response.content.decode()


def test_reimport_without_some_columns_keeps_their_values(client, bureau_admin, school_a):
    client.force_login(bureau_admin)
    school_a.address, school_a.principal_name = "甲镇大街 1 号", "王校长"
    school_a.save()
    row = {"学校标识码": school_a.code, "学校名称": school_a.name, "乡镇": "甲镇", "学校类型": "小学",
           "学生数": 612, "寄宿生数": 0}
    upload = filled_template(client, "org:school_import", [row])
    # drop the optional columns from the sheet altogether
    workbook = load_workbook(io.BytesIO(upload.read()))
    sheet = workbook.worksheets[0]
    for index in reversed(range(1, sheet.max_column + 1)):
        if sheet.cell(row=1, column=index).value in ("地址", "校长", "公开电话", "食堂", "宿舍"):
            sheet.delete_cols(index)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(reverse("org:school_import"), {"file": SimpleUploadedFile("s.xlsx", buffer.getvalue())})
    assert "更新 1 行" in response.content.decode()
    school_a.refresh_from_db()
    assert (school_a.student_count, school_a.address, school_a.principal_name) == (612, "甲镇大街 1 号", "王校长")
    assert school_a.has_canteen and school_a.phone == "0710-1234567"
