"""How the bad-input tests (issue 10) drive the portal: the forms of the project, the world they are
built around, and posting hostile values to a page with the checks every answer must pass (never a
500; a refusal is a message in Chinese and writes nothing)."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import re
import time
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from hypothesis import HealthCheck

from tests import factories
from tests.security import hostile


FORM_MODULES = [
    "houqin.core.forms", "houqin.org.forms", "houqin.notify.forms", "houqin.workplan.forms", "fees.forms",
    "canteens.forms", "schoolbus.forms", "assets.forms", "inspections.forms", "inspections.forms_complaints",
    "inspections.forms_inspections",
]


PROJECT_APPS = ("org", "notify", "workplan", "fees", "canteens", "schoolbus", "assets", "inspections")


CJK = re.compile(r"[\u4e00-\u9fff]")


HYPOTHESIS = dict(deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                         HealthCheck.data_too_large, HealthCheck.filter_too_much])


def all_form_classes() -> dict[str, type]:
    found = {}
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, forms.BaseForm) and value.__module__ == module_name:
                found[f"{module_name}.{name}"] = value
    return found


@pytest.fixture(autouse=True)
def _fresh_throttles_and_media(settings, tmp_path):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db, county, township_a, school_a, school_b, bureau_admin, bureau_inspector, supervisor_a, principal_a):
    """One of everything a form needs to be built around (a canteen, a term, a notice, a rubric, a room,
    an asset, a route, a purchase request, a goal)."""
    from assets import services as asset_services
    from assets.models import Asset, PurchaseRequest, Room
    from canteens.models import Canteen
    from fees import services as fee_services
    from fees.models import FeeCategory, PolicyDocument
    from houqin.org.models import Term
    from houqin.workplan import services as plan_services
    from houqin.workplan.models import Goal
    from inspections.choices import CampaignArea
    from inspections.models import CampaignType, Rubric
    from inspections.services import rubrics
    from schoolbus.models import Driver, Escort, Route, Vehicle

    today = timezone.localdate()
    keeper = factories.staff(school_a, duties=["asset_manager", "canteen_manager", "bus_manager", "finance"],
                             username="keeper_x", full_name="钱多岗")
    term = Term.objects.create(school_year=today.year if today.month >= 8 else today.year - 1,
                               semester=1 if today.month >= 8 or today.month == 1 else 2,
                               start_date=today - dt.timedelta(days=10), end_date=today + dt.timedelta(days=120))
    policy = PolicyDocument.objects.create(county=county, number="鄂价费〔2017〕5号", title="收费管理通知")
    category = FeeCategory.objects.create(county=county, name="学生饮用奶", kind="pass_through", policy=policy)
    notice = fee_services.fee_notice_start(school=school_a, term=term, acting_user=principal_a)
    canteen = Canteen.objects.create(school=school_a, name="学生食堂", licence_number="JY1",
                                     licence_expiry=today + dt.timedelta(days=300))
    campaign_type = CampaignType.objects.create(county=county, name="放心食堂", area=CampaignArea.CANTEEN)
    rubric = rubrics.rubric_create(rubric=Rubric(county=county, campaign_type=campaign_type, year=today.year,
                                                 title="放心食堂评分细则"), acting_user=bureau_admin)
    room = asset_services.room_save(room=Room(school=school_a, name="微机室", building="教学楼", kind="lab"),
                                    acting_user=principal_a)
    asset = asset_services.asset_register(asset=Asset(
        school=school_a, name="台式计算机", category="computer", purchase_date=today - dt.timedelta(days=400),
        original_value=Decimal("4800.00"), room=room), acting_user=principal_a)
    vehicle = Vehicle.objects.create(school=school_a, plate="鄂F12345", seats=35, model_name="宇通",
                                     permit_number="许可001", permit_expiry=today + dt.timedelta(days=200),
                                     inspection_expiry=today + dt.timedelta(days=200),
                                     compulsory_insurance_expiry=today + dt.timedelta(days=200))
    driver = Driver.objects.create(school=school_a, name="张师傅", date_of_birth=dt.date(1980, 1, 1),
                                   licence_class="A1", licence_number="420601198001010011",
                                   licence_first_issued=dt.date(2005, 1, 1),
                                   licence_expiry=today + dt.timedelta(days=800),
                                   qualification_approved_on=today - dt.timedelta(days=700))
    escort = Escort.objects.create(school=school_a, name="周照管", trained_on=today - dt.timedelta(days=30))
    route = Route.objects.create(school=school_a, name="一号线", vehicle=vehicle, driver=driver, escort=escort,
                                 students=30, morning_departure=dt.time(7, 0), afternoon_departure=dt.time(16, 30),
                                 weekdays=[1, 2, 3, 4, 5])
    request_obj = PurchaseRequest(school=school_a, item="投影仪", category="audiovisual", quantity=1,
                                  unit_price=Decimal("3000"), department="教务处", requested_by=principal_a)
    goal = plan_services.goal_save(goal=Goal(title="全面落实收费公示制度", area="fees", owner=bureau_admin,
                                             year=today.year, deadline=dt.date(today.year, 12, 31)),
                                   acting_user=bureau_admin)
    return {
        "county": county, "school": school_a, "school_b": school_b, "bureau_admin": bureau_admin,
        "bureau_inspector": bureau_inspector, "supervisor": supervisor_a, "principal": principal_a,
        "keeper": keeper, "term": term, "notice": notice, "category": category, "canteen": canteen,
        "rubric": rubric, "room": room, "asset": asset, "route": route, "request_obj": request_obj,
        "goal": goal, "categories": [category], "year": today.year, "from_filed": False, "used": False,
    }


# Forms that are only bases of other forms (never shown on their own).
ABSTRACT_FORMS = {"houqin.org.forms.InitialPasswordMixin", "schoolbus.forms.SchoolOwnedForm"}


# Who fills each form in: the user passed as `user=` (bureau forms get the bureau administrator,
# school forms the school's principal / keeper).
BUREAU_FORMS = {
    "houqin.org.forms.TownshipForm", "houqin.org.forms.SchoolForm", "houqin.org.forms.UserForm",
    "houqin.org.forms.UserCreateForm", "houqin.notify.forms.NoticeForm", "houqin.notify.forms.ScheduleForm",
    "houqin.workplan.forms.GoalForm", "fees.forms.FeeCategoryForm", "fees.forms.PolicyDocumentForm",
    "fees.forms.ForbiddenItemForm", "fees.forms.FeeCapForm", "canteens.forms.CountyRuleForm",
    "assets.forms.AssetRuleForm", "inspections.forms.CampaignForm", "inspections.forms.CampaignTypeForm",
    "inspections.forms.RubricForm", "inspections.forms.SectionForm", "inspections.forms.ItemForm",
    "inspections.forms.VetoFactForm", "inspections.forms.PlanForm", "inspections.forms_inspections.ChecklistForm",
    "inspections.forms_inspections.InspectionStartForm", "inspections.forms_inspections.OrderIssueForm",
    "inspections.forms_inspections.DutyVisitForm", "inspections.forms.RecheckForm",
}


def build_form(name: str, cls: type, world: dict, data=None, files=None):
    """Build the form the way its view does: with the acting user and the object it belongs to."""
    user = world["bureau_admin"] if name in BUREAU_FORMS else world["keeper"]
    parameters = inspect.signature(cls.__init__).parameters
    kwargs = {}
    for parameter in parameters.values():
        if parameter.kind == parameter.KEYWORD_ONLY and parameter.name in world:
            kwargs[parameter.name] = world[parameter.name]
    if "user" in parameters or _takes_user(cls):
        kwargs["user"] = user
    try:
        return cls(data=data, files=files, **kwargs)
    except TypeError as error:
        if "user" in kwargs and "user" in str(error):
            del kwargs["user"]
            return cls(data=data, files=files, **kwargs)
        raise


def _takes_user(cls) -> bool:
    for klass in cls.__mro__:
        init = vars(klass).get("__init__")
        if init is not None and "user" in inspect.signature(init).parameters:
            return True
    return False


def walk_patterns(resolver=None, prefix="", namespace=""):
    """(route, 'namespace:name', pattern) of every URL pattern of the project."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk_patterns(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}" if namespace else pattern.name, pattern


def draft_notice(world):
    from houqin.notify.choices import Audience
    from houqin.notify.models import Notice
    from houqin.notify.services.notices import notice_save

    notice = Notice(county=world["county"], title="关于开展秋季食品安全自查的通知", body="各学校：请自查。",
                    audience=Audience.COUNTY)
    return notice_save(notice=notice, acting_user=world["bureau_admin"])


def table_counts(app_labels=PROJECT_APPS) -> tuple:
    """Row counts of every table of these apps (history tables included), in one query."""
    tables = sorted({model._meta.db_table for model in apps.get_models()
                     if model._meta.app_label in app_labels and model._meta.managed})
    sql = "SELECT " + ", ".join(f'(SELECT count(*) FROM "{t}")' for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(zip(tables, cursor.fetchone()))


class Snapshot:
    """The row counts of the page's app (and of the organisation), taken again only after a POST saved."""

    def __init__(self, page: str):
        namespace = page.split(":")[0]
        self.apps = ("org", "notify", {"workplan": "workplan"}.get(namespace, namespace))
        self.counts = table_counts(self.apps)

    def unchanged(self) -> list:
        after = table_counts(self.apps)
        return [(a, b) for a, b in zip(self.counts, after) if a != b]

    def refresh(self):
        self.counts = table_counts(self.apps)


ERROR_ELEMENT = re.compile(
    r'class="[^"]*\b(invalid-feedback|alert-danger|alert-warning|errorlist|text-danger)\b[^"]*"[^>]*>'
    r"(.*?)</(?:div|ul|span|p|li)>", re.S)


def error_texts(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", match.group(2)).strip() for match in ERROR_ELEMENT.finditer(html)]


def baseline_value(name: str, field: forms.Field):
    """A plausible value for a field, so that one hostile field at a time reaches the services."""
    today = timezone.localdate()
    if isinstance(field, forms.ModelMultipleChoiceField):
        first = field.queryset.first()
        return [str(first.pk)] if first is not None else []
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.first()
        return str(first.pk) if first is not None else ""
    if isinstance(field, (forms.MultipleChoiceField,)):
        values = [str(v) for v, _ in field.choices if v not in ("", None) and not isinstance(_, (list, tuple))]
        return values[:1]
    if isinstance(field, forms.ChoiceField):
        values = [str(v) for v, _ in field.choices if v not in ("", None) and not isinstance(_, (list, tuple))]
        return values[0] if values else ""
    if isinstance(field, forms.BooleanField):
        return ""
    if isinstance(field, forms.DateTimeField):
        return f"{today:%Y-%m-%d} 08:00"
    if isinstance(field, forms.DateField):
        return today.isoformat()
    if isinstance(field, forms.TimeField):
        return "07:30"
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        low = getattr(field, "min_value", None)
        return str(max(1, int(low) if low is not None else 1))
    if isinstance(field, forms.EmailField):
        return "test@example.com"
    if "phone" in name:
        return "13812345678"
    if name in ("code", "school_code"):
        return "2142000100"
    if "password" in name:
        return "Kq7!vRz2#pL9wX"
    return "测试" + name[:8]


def post_data(form, overrides: dict) -> dict:
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        value = overrides.get(name, baseline_value(name, field))
        if value is not None:
            data[form.add_prefix(name)] = value
    return data


def check_post(client, url, data, *, label: str, snapshot: Snapshot, script_posted: bool = False,
               preview: bool = False):
    """POST and judge the answer: no 500, a refusal explains itself in Chinese and writes nothing."""
    try:
        response = client.post(url, data)
    except Exception as error:  # noqa: BLE001 - the test client re-raises what would be a 500
        pytest.fail(f"{label}: 500 ({error!r})")
    assert response.status_code != 500, label
    if response.status_code in (302, 303):
        snapshot.refresh()
        if script_posted:
            page = client.get(response["Location"])
            assert page.status_code < 500, label
            assert hostile.SCRIPT not in page.content.decode(), f"{label}: a posted script is shown unescaped"
        return response
    assert response.status_code in (200, 400, 403, 404, 409, 422), f"{label}: {response.status_code}"
    changed = snapshot.unchanged()
    assert not changed, f"{label}: a refused POST wrote rows {changed}"
    if response.status_code in (200, 422):
        html = response.content.decode()
        assert hostile.SCRIPT not in html, f"{label}: a posted script is echoed unescaped"
        texts = error_texts(html)
        if preview:
            return response  # a live check of what is typed: it saves nothing and may find nothing wrong
        assert texts, f"{label}: refused without an error shown"
        assert any(CJK.search(t) or t in UNTRANSLATED for t in texts), f"{label}: errors not in Chinese: {texts[:3]}"
    return response


# Django 5.2 changed this msgid ("%d" for "%(min_length)d") and its own zh_Hans catalogue has not caught up:
# the project catalogue has to translate it (reported to the lead; locale/ is not edited here).
UNTRANSLATED: set[str] = set()  # error messages allowed in English (none)
