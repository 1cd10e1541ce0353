import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from houqin.org import services
from houqin.org.choices import Role, SchoolType
from houqin.org.models import School, Township, User
from tests import factories


def new_school(township, **kwargs):
    return School(township=township, code=kwargs.pop("code", "2142999001"), name="新建小学",
                  school_type=SchoolType.PRIMARY, student_count=100, **kwargs)


def test_bureau_admin_registers_a_school_with_history(bureau_admin, township_a):
    school = services.school_create(school=new_school(township_a), acting_user=bureau_admin)
    record = school.history.get()
    assert record.history_user == bureau_admin
    assert record.history_change_reason == "登记学校"
    assert record.history_type == "+"


@pytest.mark.parametrize("who", ["bureau_inspector", "supervisor_a", "principal_a", "staff_a"])
def test_other_roles_cannot_register_a_school(request, township_a, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.school_create(school=new_school(township_a), acting_user=user)
    assert not School.objects.filter(code="2142999001").exists()


def test_bureau_admin_cannot_register_into_another_county(bureau_admin, other_county):
    township = factories.TownshipFactory(county=other_county)
    with pytest.raises(Http404):
        services.school_create(school=new_school(township), acting_user=bureau_admin)


def test_invalid_school_is_refused_and_nothing_saved(bureau_admin, township_a):
    with pytest.raises(ValidationError):
        services.school_create(school=new_school(township_a, code="12"), acting_user=bureau_admin)
    assert not School.objects.filter(name="新建小学").exists()


def test_principal_updates_the_profile_of_the_own_school(principal_a, school_a):
    school_a.student_count = 901
    services.school_update(school=school_a, acting_user=principal_a, reason="新学期人数")
    school_a.refresh_from_db()
    assert school_a.student_count == 901
    assert school_a.history.first().history_change_reason == "新学期人数"


@pytest.mark.parametrize("field, value", [("code", "2142999999"), ("name", "改名小学"), ("is_active", False)])
def test_principal_cannot_change_what_the_bureau_owns(principal_a, school_a, field, value):
    setattr(school_a, field, value)
    with pytest.raises(PermissionDenied):
        services.school_update(school=school_a, acting_user=principal_a)
    school_a.refresh_from_db()
    assert getattr(school_a, field) != value


def test_principal_cannot_touch_another_school(principal_a, school_b):
    school_b.student_count = 1
    with pytest.raises(Http404):
        services.school_update(school=school_b, acting_user=principal_a)


def test_supervisor_is_read_only(supervisor_a, school_a):
    school_a.student_count = 1
    with pytest.raises(PermissionDenied):
        services.school_update(school=school_a, acting_user=supervisor_a)


def test_township_is_created_in_the_admins_county(bureau_admin):
    township = services.township_save(township=Township(name="新镇"), acting_user=bureau_admin)
    assert township.county_id == bureau_admin.county_id


def test_principal_opens_staff_accounts_of_the_own_school_only(principal_a, school_a, school_b):
    user = User(username="newstaff", full_name="新员工", role=Role.BUREAU_ADMIN, school=school_b,
                duties=["finance"])
    created = services.user_create(user=user, password="Canteen-2026-x", acting_user=principal_a)
    assert created.role == Role.SCHOOL_STAFF
    assert created.school_id == school_a.pk
    assert created.check_password("Canteen-2026-x")


def test_password_policy_applies(principal_a):
    user = User(username="weak", full_name="弱密码")
    with pytest.raises(ValidationError):
        services.user_create(user=user, password="12345678", acting_user=principal_a)
    assert not User.objects.filter(username="weak").exists()


def test_bureau_admin_cannot_open_accounts_in_another_county(bureau_admin, school_far):
    user = User(username="far", full_name="远方", role=Role.PRINCIPAL, school=school_far)
    with pytest.raises(Http404):
        services.user_create(user=user, password="Faraway-2026-x", acting_user=bureau_admin)


def test_nobody_deactivates_or_demotes_themselves(bureau_admin):
    for change in ({"is_active": False}, {"role": Role.BUREAU_INSPECTOR}):
        target = User.objects.get(pk=bureau_admin.pk)
        for field, value in change.items():
            setattr(target, field, value)
        with pytest.raises(ValidationError):
            services.user_update(user=target, acting_user=bureau_admin)
    assert User.objects.get(pk=bureau_admin.pk).role == Role.BUREAU_ADMIN


def test_principal_manages_staff_but_not_other_principals(principal_a, staff_a, principal_b):
    assert services.can_manage_user(principal_a, staff_a)
    assert not services.can_manage_user(principal_a, principal_b)
    staff_a.full_name = "刘师傅"
    services.user_update(user=staff_a, acting_user=principal_a)
    with pytest.raises(Http404):
        services.user_set_password(user=principal_b, password="Another-2026-x", acting_user=principal_a)


def test_password_reset_is_in_the_history_without_the_hash(bureau_admin, principal_a):
    services.user_set_password(user=principal_a, password="Brand-new-2026", acting_user=bureau_admin)
    principal_a.refresh_from_db()
    assert principal_a.check_password("Brand-new-2026")
    record = principal_a.history.first()
    assert record.history_user == bureau_admin
    assert not hasattr(record, "password")
