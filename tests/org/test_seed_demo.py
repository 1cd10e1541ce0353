import io

from django.core.management import call_command

from houqin.org.choices import Role, SchoolType
from houqin.org.models import County, School, Township, User


def seed():
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_a_realistic_county_and_is_idempotent(db):
    output = seed()
    county = County.objects.get()
    assert county.name == "汉江县"
    assert Township.objects.filter(county=county).count() == 8
    schools = School.objects.all()
    assert 45 <= schools.count() <= 60
    assert set(schools.values_list("school_type", flat=True)) == set(SchoolType.values)
    for school in schools:
        school.full_clean()
    assert Township.objects.filter(schools__is_central=True).distinct().count() == 8
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for username in ("admin", "inspector", "supervisor", "principal", "canteen", "staff"):
        assert username in output
    assert "Houqin@2026" in output
    assert User.objects.get(username="principal").check_password("Houqin@2026")
    counts = (School.objects.count(), User.objects.count(), School.history.count(), User.history.count())
    seed()
    assert (School.objects.count(), User.objects.count(), School.history.count(), User.history.count()) == counts


def test_seed_demo_if_empty_leaves_an_existing_county_alone(school_a):
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", "--force", stdout=out)
    assert School.objects.count() == 1
    assert "demo data not loaded" in out.getvalue()


def test_create_county_starts_a_real_deployment(db):
    out = io.StringIO()
    call_command("create_county", "--code", "420700", "--name", "新县", "--admin", "chief", "--admin-name", "张主任",
                 "--password", "Chief-admin-2026", stdout=out)
    chief = User.objects.get(username="chief")
    assert (chief.role, chief.county.name) == (Role.BUREAU_ADMIN, "新县")
    assert chief.check_password("Chief-admin-2026")
    call_command("create_county", "--code", "420700", "--name", "新县", "--admin", "chief", "--password", "x",
                 stdout=out)
    assert County.objects.filter(code="420700").count() == 1


def test_create_county_refuses_a_bad_code_or_weak_password(db):
    import pytest
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("create_county", "--code", "42", "--name", "坏县", "--admin", "a1", "--password", "Good-pass-2026")
    with pytest.raises(CommandError):
        call_command("create_county", "--code", "420701", "--name", "好县", "--admin", "a2", "--password", "123")
    assert not User.objects.filter(username__in=["a1", "a2"]).exists()
    assert not County.objects.filter(code="420701").exists()
