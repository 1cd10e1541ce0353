import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from houqin.org.choices import Role
from houqin.org.models import School, User
from tests import factories


@pytest.mark.parametrize("code", ["214200001", "21420000011", "21420000a1", "٢١٤٢٠٠٠٠٠١", ""])
def test_school_code_must_be_ten_ascii_digits(school_a, code):
    school_a.code = code
    with pytest.raises(ValidationError) as error:
        school_a.full_clean()
    assert "code" in error.value.message_dict


def test_full_width_digits_of_a_chinese_input_method_are_normalised(school_a):
    school_a.code = " ２１４２９９９９９９ "
    school_a.full_clean()
    assert school_a.code == "2142999999"


def test_school_code_is_enforced_by_the_database_too(school_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        School.objects.filter(pk=school_a.pk).update(code="12345")


def test_boarders_cannot_outnumber_students(school_a):
    school_a.student_count, school_a.boarding_count = 10, 11
    with pytest.raises(ValidationError) as error:
        school_a.full_clean()
    assert error.value.messages == ["寄宿生人数不能多于学生人数。"]


def test_one_central_school_per_township(school_a, school_a2):
    school_a.is_central = True
    school_a.save()
    school_a2.is_central = True
    with pytest.raises(ValidationError):
        school_a2.full_clean()


@pytest.mark.parametrize(
    "role, link",
    [
        (Role.BUREAU_ADMIN, {}),
        (Role.TOWNSHIP_SUPERVISOR, {}),
        (Role.PRINCIPAL, {}),
        (Role.SCHOOL_STAFF, {}),
        (Role.TOWNSHIP_SUPERVISOR, {"school": "school"}),
    ],
)
def test_database_refuses_a_role_without_its_organisation(county, school_a, role, link):
    kwargs = {"school": school_a} if link else {}
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username=f"x-{role}", full_name="某人", role=role, **kwargs)


def test_duties_only_for_school_staff(principal_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=principal_a.pk).update(duties=["finance"])


def test_clean_keeps_only_the_link_the_role_needs_and_derives_the_county(school_a, township_b):
    user = User(username="u1", full_name="某人", role=Role.PRINCIPAL, school=school_a, township=township_b,
                duties=["finance"])
    user.clean()
    assert user.township is None
    assert user.county_id == school_a.township.county_id
    assert user.duties == []


def test_clean_names_the_missing_organisation(county):
    user = User(username="u2", full_name="某人", role=Role.SCHOOL_STAFF)
    with pytest.raises(ValidationError) as error:
        user.clean()
    assert "school" in error.value.message_dict


def test_a_superuser_needs_no_role(db):
    user = User.objects.create_superuser("root", "root@example.cn", "Root-pass-2026")
    assert user.role == ""


def test_every_change_is_recorded_with_its_author(school_a, bureau_admin):
    school_a._history_user = bureau_admin
    school_a.student_count = 777
    school_a.save()
    latest = school_a.history.first()
    assert latest.history_user == bureau_admin
    assert latest.student_count == 777
    assert school_a.history.count() == 2
