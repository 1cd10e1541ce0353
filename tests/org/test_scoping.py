import pytest
from django.contrib.auth.models import AnonymousUser

from houqin.core.scoping import schools_visible_to
from houqin.org.models import School, Township, User


@pytest.fixture
def tree(school_a, school_a2, school_b, school_far):
    return school_a, school_a2, school_b, school_far


def names(queryset):
    return set(queryset.values_list("name", flat=True))


def test_bureau_sees_its_county_only(tree, bureau_admin, bureau_inspector):
    for user in (bureau_admin, bureau_inspector):
        assert names(schools_visible_to(user)) == {"甲镇第一小学", "甲镇第二小学", "乙镇中心学校"}


def test_township_supervisor_sees_its_township(tree, supervisor_a):
    assert names(schools_visible_to(supervisor_a)) == {"甲镇第一小学", "甲镇第二小学"}
    assert names(Township.objects.visible_to(supervisor_a)) == {"甲镇"}


def test_school_roles_see_their_school(tree, principal_a, staff_a):
    for user in (principal_a, staff_a):
        assert names(schools_visible_to(user)) == {"甲镇第一小学"}
        assert list(School.objects.visible_to(user)) == list(schools_visible_to(user))


def test_anonymous_and_inactive_see_nothing(tree, principal_a):
    assert not schools_visible_to(AnonymousUser()).exists()
    principal_a.is_active = False
    assert not schools_visible_to(principal_a).exists()


def test_superuser_sees_every_county(tree, db):
    root = User.objects.create_superuser("root", "r@example.cn", "Root-pass-2026")
    assert len(names(schools_visible_to(root))) == 4


def test_accounts_follow_the_same_scope(principal_a, staff_a, principal_b, supervisor_a, bureau_admin, far_admin):
    assert set(User.objects.visible_to(principal_a)) == {principal_a, staff_a}
    assert set(User.objects.visible_to(supervisor_a)) == {supervisor_a, principal_a, staff_a}
    assert far_admin not in User.objects.visible_to(bureau_admin)
    assert principal_b in User.objects.visible_to(bureau_admin)
