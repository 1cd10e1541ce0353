import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from houqin.org.choices import Role
from houqin.org.models import School, User
from tests import factories
from tests.scoping import assert_cannot_move, assert_found, assert_list_excludes, assert_not_found, export_rows


def school_urls(school):
    return [reverse("org:school_detail", args=[school.pk]), reverse("org:school_update", args=[school.pk])]


# --- the scope contract --------------------------------------------------------------------------


def test_principal_gets_404_for_another_schools_pages(client, principal_a, school_b):
    assert_not_found(client, principal_a, school_urls(school_b))


def test_principal_who_types_another_schools_url_gets_404_not_403(client, principal_a, school_b):
    client.force_login(principal_a)
    response = client.get(f"/org/schools/{school_b.pk}/")
    assert response.status_code == 404
    assert school_b.name not in response.content.decode()


def test_bureau_admin_gets_404_for_another_countys_school(client, bureau_admin, school_far):
    assert_not_found(client, bureau_admin, school_urls(school_far))


def test_supervisor_sees_its_township_and_not_the_other(client, supervisor_a, school_a, school_b):
    assert_found(client, supervisor_a, [reverse("org:school_detail", args=[school_a.pk])])
    assert_not_found(client, supervisor_a, [reverse("org:school_detail", args=[school_b.pk])], methods=("get",))


def test_school_list_and_export_exclude_other_schools(client, principal_a, school_a, school_b, school_far):
    assert_list_excludes(
        client, principal_a, reverse("org:school_list"), present=[school_a.name], absent=[school_b.name, school_far.name]
    )


def test_bureau_list_excludes_another_county(client, bureau_admin, school_a, school_b, school_far):
    assert_list_excludes(
        client, bureau_admin, reverse("org:school_list"), present=[school_a.name, school_b.name], absent=[school_far.name]
    )


def test_user_list_excludes_accounts_out_of_scope(client, principal_a, staff_a, principal_b, far_admin):
    assert_list_excludes(
        client, principal_a, reverse("org:user_list"), present=[staff_a.username],
        absent=[principal_b.username, far_admin.username],
    )


def test_principal_pages_of_another_schools_account_are_404(client, principal_a, principal_b):
    urls = [reverse(f"org:user_{page}", args=[principal_b.pk]) for page in ("detail", "update", "password")]
    assert_not_found(client, principal_a, urls)


def test_a_post_cannot_move_a_school_into_another_county(client, bureau_admin, school_a, school_far):
    data = school_form_data(school_a)
    response = assert_cannot_move(
        client, bureau_admin, reverse("org:school_update", args=[school_a.pk]), data,
        field="township", foreign_value=school_far.township_id,
        reload=lambda: School.objects.get(pk=school_a.pk).township_id, expected=school_a.township_id,
    )
    assert "选择一个有效的选项" in response.content.decode()


def test_a_post_cannot_move_a_staff_account_into_another_school(client, principal_a, staff_a, school_b):
    data = {"username": staff_a.username, "full_name": staff_a.full_name, "duties": ["finance"], "is_active": "on"}
    assert_cannot_move(
        client, principal_a, reverse("org:user_update", args=[staff_a.pk]), data,
        field="school", foreign_value=school_b.pk,
        reload=lambda: User.objects.get(pk=staff_a.pk).school_id, expected=staff_a.school_id,
    )
    assert User.objects.get(pk=staff_a.pk).duties == ["finance"]


def test_principal_cannot_change_the_school_code_through_the_form(client, principal_a, school_a):
    data = {**school_form_data(school_a), "code": "2142888888", "student_count": 640}
    client.force_login(principal_a)
    response = client.post(reverse("org:school_update", args=[school_a.pk]), data)
    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.code == "2142000001"
    assert school_a.student_count == 640


@pytest.mark.parametrize("who", ["supervisor_a", "staff_a", "bureau_inspector"])
def test_roles_without_the_right_get_403_on_management_pages(client, request, who, school_a):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for name in ("org:school_create", "org:school_import", "org:user_import"):
        assert client.get(reverse(name)).status_code == 403, name


def test_anonymous_is_sent_to_sign_in(client, school_a):
    for url in (reverse("home"), reverse("org:school_list"), reverse("org:school_detail", args=[school_a.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# --- list pages: filter, sort, paginate, export, constant queries ---------------------------------


def school_form_data(school, **overrides):
    data = {
        "township": school.township_id, "code": school.code, "name": school.name, "school_type": school.school_type,
        "address": school.address, "phone": school.phone, "principal_name": school.principal_name,
        "student_count": school.student_count, "boarding_count": school.boarding_count,
        "has_canteen": "on", "has_dormitory": "on", "is_active": "on",
    }
    return {**data, **overrides}


def test_filter_and_export_give_exactly_the_same_schools(client, bureau_admin, township_a, township_b):
    factories.SchoolFactory(township=township_a, name="甲镇幼儿园", school_type="kindergarten")
    factories.SchoolFactory(township=township_a, name="甲镇初中", school_type="junior")
    factories.SchoolFactory(township=township_b, name="乙镇幼儿园", school_type="kindergarten")
    client.force_login(bureau_admin)
    query = {"township": township_a.pk, "school_type": "kindergarten"}
    page = client.get(reverse("org:school_list"), query).content.decode()
    assert "甲镇幼儿园" in page and "甲镇初中" not in page and "乙镇幼儿园" not in page
    rows = export_rows(client.get(reverse("org:school_list"), {**query, "_export": "xlsx"}))
    assert rows[0][:2] == ["学校标识码", "名称"]
    assert [row[1] for row in rows[1:]] == ["甲镇幼儿园"]


def test_search_by_name_or_code_prefix(client, bureau_admin, school_a, school_b):
    client.force_login(bureau_admin)
    assert school_b.name not in client.get(reverse("org:school_list"), {"q": "甲镇第一"}).content.decode()
    page = client.get(reverse("org:school_list"), {"q": school_b.code[:8]}).content.decode()
    assert school_b.name in page


def test_schools_without_a_principal_account(client, bureau_admin, principal_a, school_a, school_b):
    client.force_login(bureau_admin)
    page = client.get(reverse("org:school_list"), {"has_principal": "false"}).content.decode()
    assert school_b.name in page and school_a.name not in page


def test_pagination_splits_the_list(client, bureau_admin, township_a):
    factories.SchoolFactory.create_batch(30, township=township_a)
    client.force_login(bureau_admin)
    first = client.get(reverse("org:school_list"))
    second = client.get(reverse("org:school_list"), {"page": 2})
    assert first.context["table"].page.object_list.__len__() == 25
    assert len(second.context["table"].page.object_list) == 5
    assert "共 30 条" in first.content.decode()


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url_name, params",
    [
        ("org:school_list", {}),
        ("org:school_list", {"township": "", "q": "小学", "has_principal": "false"}),
        ("org:user_list", {}),
        ("org:township_list", {}),
        ("home", {}),
        ("notify:inbox", {}),
    ],
)
def test_list_query_count_does_not_grow_with_the_data(client, bureau_admin, township_a, url_name, params):
    client.force_login(bureau_admin)
    factories.SchoolFactory.create_batch(3, township=township_a)
    small = count_queries(client, reverse(url_name), params)
    for school in factories.SchoolFactory.create_batch(40, township=township_a):
        factories.principal(school)
    large = count_queries(client, reverse(url_name), params)
    assert small == large
    assert large <= (40 if url_name == "home" else 12)  # the dashboard: one query per figure of every app, fixed


def test_school_list_query_count_for_a_principal(client, principal_a, school_a):
    client.force_login(principal_a)
    assert count_queries(client, reverse("org:school_list")) <= 10


# --- detail, create, edit ------------------------------------------------------------------------


def test_detail_shows_the_change_history(client, bureau_admin, school_a):
    client.force_login(bureau_admin)
    data = school_form_data(school_a, student_count=1234)
    assert client.post(reverse("org:school_update", args=[school_a.pk]), data).status_code == 302
    page = client.get(reverse("org:school_detail", args=[school_a.pk])).content.decode()
    assert "变更记录" in page
    assert "李管理" in page
    assert "500</del> → 1234" in page


def test_bureau_admin_creates_a_school_through_the_form(client, bureau_admin, township_a):
    client.force_login(bureau_admin)
    data = school_form_data(School(township=township_a, code="2142555555", name="新开小学", school_type="primary",
                                   student_count=300, boarding_count=0))
    response = client.post(reverse("org:school_create"), data)
    school = School.objects.get(code="2142555555")
    assert response["Location"] == school.get_absolute_url()
    assert school.history.get().history_user == bureau_admin


def test_bad_input_is_shown_in_chinese_and_nothing_is_saved(client, bureau_admin, township_a):
    client.force_login(bureau_admin)
    data = school_form_data(School(township=township_a, code="21425", name="", school_type="primary",
                                   student_count=10, boarding_count=20))
    response = client.post(reverse("org:school_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "学校标识码必须是 10 位数字。" in page
    assert "这个字段是必填项。" in page
    assert not School.objects.filter(code="21425").exists()


def test_duplicate_school_code_gets_a_clear_message(client, bureau_admin, school_a, township_a):
    client.force_login(bureau_admin)
    data = school_form_data(School(township=township_a, code=school_a.code, name="重复", school_type="primary",
                                   student_count=1, boarding_count=0))
    page = client.post(reverse("org:school_create"), data).content.decode()
    assert "已存在" in page


def test_bureau_admin_opens_a_principal_account(client, bureau_admin, school_b):
    client.force_login(bureau_admin)
    data = {"username": "newhead", "full_name": "新校长", "role": Role.PRINCIPAL, "school": school_b.pk,
            "is_active": "on", "password1": "Head-master-2026", "password2": "Head-master-2026"}
    response = client.post(reverse("org:user_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="newhead")
    assert (user.role, user.school_id, user.county_id) == (Role.PRINCIPAL, school_b.pk, bureau_admin.county_id)


def test_account_form_requires_the_organisation_of_the_role(client, bureau_admin):
    client.force_login(bureau_admin)
    data = {"username": "nohome", "full_name": "无校", "role": Role.PRINCIPAL, "is_active": "on",
            "password1": "Head-master-2026", "password2": "Head-master-2026"}
    page = client.post(reverse("org:user_create"), data).content.decode()
    assert "校长或学校工作人员账号必须属于一所学校。" in page
    assert not User.objects.filter(username="nohome").exists()


def test_manager_sets_a_new_password(client, principal_a, staff_a):
    client.force_login(principal_a)
    url = reverse("org:user_password", args=[staff_a.pk])
    response = client.post(url, {"password1": "Fresh-start-2026", "password2": "Fresh-start-2026"})
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.check_password("Fresh-start-2026")


# --- review follow-ups -----------------------------------------------------------------------------


def test_export_never_writes_a_formula_and_only_offers_xlsx(client, principal_a, staff_a):
    staff_a.full_name = "=HYPERLINK(\"http://evil\",\"x\")"
    staff_a.save()
    client.force_login(principal_a)
    response = client.get(reverse("org:user_list"), {"_export": "xlsx"})
    assert "filename*=utf-8''" in response["Content-Disposition"]
    import io
    import zipfile

    sheet = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    assert [row[1] for row in export_rows(response)][1:] == ["王校长", staff_a.full_name] or staff_a.full_name in [
        row[1] for row in export_rows(response)
    ]
    other = client.get(reverse("org:user_list"), {"_export": "csv"})
    assert other["Content-Type"].startswith("text/html")


def test_a_bad_page_number_shows_a_page_not_an_error(client, bureau_admin, school_a):
    client.force_login(bureau_admin)
    for page in ("abc", "99999", "-1"):
        assert client.get(reverse("org:school_list"), {"page": page}).status_code == 200


def test_signing_in_adds_nothing_to_the_accounts_history(client, principal_a):
    from tests.factories import PASSWORD

    before = principal_a.history.count()
    client.post(reverse("login"), {"username": principal_a.username, "password": PASSWORD})
    principal_a.refresh_from_db()
    assert principal_a.last_login is not None
    assert principal_a.history.count() == before


def test_manager_unlocks_a_locked_account(client, principal_a, staff_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": staff_a.username, "password": "wrong-password"})
    from tests.factories import PASSWORD

    assert client.post(reverse("login"), {"username": staff_a.username, "password": PASSWORD}).status_code == 429
    client.force_login(principal_a)
    assert client.post(reverse("org:user_unlock", args=[staff_a.pk])).status_code == 302
    client.logout()
    assert client.post(reverse("login"), {"username": staff_a.username, "password": PASSWORD}).status_code == 302


def test_township_pages_follow_the_scope(client, bureau_admin, supervisor_a, township_a, township_b, other_county):
    far = factories.TownshipFactory(county=other_county)
    assert_not_found(client, supervisor_a, [reverse("org:township_detail", args=[township_b.pk])], methods=("get",))
    assert_not_found(client, bureau_admin, [reverse("org:township_detail", args=[far.pk]),
                                            reverse("org:township_update", args=[far.pk])])
    assert_found(client, supervisor_a, [reverse("org:township_detail", args=[township_a.pk])])


def test_superuser_without_county_creates_a_township_by_choosing_the_county(client, county):
    root = User.objects.create_superuser("root", "r@example.cn", "Root-pass-2026")
    client.force_login(root)
    response = client.post(reverse("org:township_create"), {"county": county.pk, "name": "新镇", "code": "9"})
    assert response.status_code == 302
    assert county.townships.filter(name="新镇").exists()
