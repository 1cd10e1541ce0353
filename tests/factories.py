"""factory_boy factories building the organisation tree and accounts through real models."""

import itertools

import factory

from houqin.org.choices import Role, SchoolType
from houqin.org.models import County, School, Township, User

PASSWORD = "Test-pass-2026"
_codes = itertools.count(1)


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{420600 + n % 99:06d}")
    name = factory.Sequence(lambda n: f"测试县{n}")
    complaint_phone = "0710-2800000"


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"测试镇{n}")
    code = factory.Sequence(lambda n: f"{n:09d}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    township = factory.SubFactory(TownshipFactory)
    code = factory.LazyFunction(lambda: f"21{next(_codes):08d}")
    name = factory.Sequence(lambda n: f"测试第{n}小学")
    school_type = SchoolType.PRIMARY
    phone = "0710-1234567"
    principal_name = "王校长"
    student_count = 500
    boarding_count = 50
    has_canteen = True
    has_dormitory = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.cn")
    role = Role.PRINCIPAL
    school = None
    township = None
    county = factory.LazyAttribute(
        lambda o: (o.school.township.county if o.school else o.township.county if o.township else None)
    )
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def bureau_admin(county, **kwargs):
    return UserFactory(role=Role.BUREAU_ADMIN, county=county, **kwargs)


def bureau_inspector(county, **kwargs):
    return UserFactory(role=Role.BUREAU_INSPECTOR, county=county, **kwargs)


def supervisor(township, **kwargs):
    return UserFactory(role=Role.TOWNSHIP_SUPERVISOR, township=township, **kwargs)


def principal(school, **kwargs):
    return UserFactory(role=Role.PRINCIPAL, school=school, **kwargs)


def staff(school, duties=(), **kwargs):
    return UserFactory(role=Role.SCHOOL_STAFF, school=school, duties=list(duties), **kwargs)
