"""Bad input (issue 10): every form, every import, every upload field and every public form is fed
empty, huge, wrong-typed, full-width, emoji, control-character, SQL, script, far-dated values and
files that lie about their type. Whatever comes in, the answer is a clear message (in Chinese), never
a 500, and a refused request writes nothing."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import io
import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

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


# --- the world the forms and views are driven in ---------------------------------------------------


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


def test_every_form_class_is_covered(world):
    """A new form class fails this test until it can be built here (and so is swept below)."""
    found = all_form_classes()
    assert len(found) > 100
    unbuildable = []
    for name, cls in found.items():
        if name in ABSTRACT_FORMS:
            continue
        try:
            build_form(name, cls, world)
        except Exception as error:  # noqa: BLE001
            unbuildable.append(f"{name}: {error!r}")
    assert not unbuildable, "forms the bad-input sweep cannot build:\n" + "\n".join(unbuildable)
    assert ABSTRACT_FORMS <= set(found), "an abstract form was renamed: update ABSTRACT_FORMS"


def _form_names():
    return sorted(n for n in all_form_classes() if n not in ABSTRACT_FORMS)


def assert_clean_errors(form):
    """A refused form explains itself with text, never an exception."""
    for field, errors in form.errors.items():
        for error in errors:
            assert isinstance(str(error), str) and str(error).strip(), (field, error)


@pytest.mark.parametrize("name", _form_names())
def test_every_form_refuses_named_hostile_values(name, world):
    """Each named hostile value in every field at once, then in each field alone: validation never raises."""
    cls = all_form_classes()[name]
    fields = build_form(name, cls, world).fields
    for value_name in hostile.NAMES:
        data = {f: hostile.named_value(field, value_name) for f, field in fields.items()
                if not isinstance(field, forms.FileField)}
        form = build_form(name, cls, world, data=data)
        try:
            form.is_valid()
        except Exception as error:  # noqa: BLE001
            pytest.fail(f"{name} with {value_name!r}: {error!r}")
        assert_clean_errors(form)


@pytest.mark.parametrize("name", _form_names())
def test_every_form_survives_random_values(name, world):
    cls = all_form_classes()[name]
    fields = build_form(name, cls, world).fields

    @hsettings(max_examples=15, **HYPOTHESIS)
    @given(data=hostile.form_data(fields))
    def check(data):
        form = build_form(name, cls, world, data=data)
        form.is_valid()
        assert_clean_errors(form)

    check()


# --- every form through its real view ------------------------------------------------------------


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


def form_views() -> dict[str, tuple[str, type]]:
    """url name -> (route, form class) of every page built on a form class (the admin and the
    account pages of django.contrib.auth excepted)."""
    found = {}
    for route, name, pattern in walk_patterns():
        if route.startswith("django-admin/") or route.startswith("accounts/"):
            continue
        view_class = getattr(pattern.callback, "view_class", None)
        form_class = getattr(view_class, "form_class", None)
        chooses_form = any("get_form_class" in vars(k) and not k.__module__.startswith("django.")
                           for k in getattr(view_class, "__mro__", ()))
        if form_class is not None or chooses_form:
            found[name] = (route, form_class)
    return found


# url name -> the world's object whose pk the URL takes (pages about one record)
VIEW_OBJECTS = {
    "org:township_update": "township", "org:school_update": "school", "org:user_password": "keeper",
    "org:user_update": "keeper",
    "fees:notice_update": "notice", "fees:item_create": "notice", "fees:item_check_new": "notice",
    "fees:notice_return": "notice", "fees:notice_correct": "notice", "fees:category_update": "category",
    "canteens:canteen_update": "canteen",
    "inspections:rubric_update": "rubric", "inspections:rubric_section_create": "rubric",
    "inspections:rubric_item_create": "rubric",
    "schoolbus:vehicle_update": "vehicle", "schoolbus:driver_update": "driver", "schoolbus:escort_update": "escort",
    "assets:asset_update": "asset", "assets:asset_transfer": "asset", "assets:disposal_request": "asset",
    "assets:room_update": "room", "assets:custody_create": "room",
    "workplan:goal_update": "goal", "workplan:goal_progress": "goal", "workplan:goal_cancel": "goal",
    "notify:attachment_add": "notify_notice", "notify:notice_update": "notify_notice",
}
# pages of records in a state or of a kind the world does not hold; their forms are swept at the form level
NOT_DRIVEN = {
    "fees:item_update", "fees:item_check", "fees:policy_update", "fees:forbidden_update", "fees:class_update",
    "fees:student_update", "canteens:staff_update", "canteens:supplier_update",
    "inspections:campaign_update", "inspections:campaign_type_update", "inspections:rubric_item_update",
    "inspections:title_recheck", "inspections:order_answer", "inspections:order_verify", "inspections:order_reopen",
    "inspections:complaint_assign", "inspections:complaint_answer", "inspections:complaint_send_back",
    "inspections:complaint_close", "schoolbus:hazard_update", "schoolbus:accident_update",
    "schoolbus:activity_update", "assets:request_update", "assets:request_decide", "assets:acceptance_create",
    "assets:stocktake_surplus", "assets:stocktake_submit", "assets:stocktake_decide", "assets:disposal_appraise",
    "assets:disposal_decide", "assets:compensation_void", "assets:repair_dispatch", "assets:repair_postpone",
    "assets:repair_complete", "assets:repair_rate", "assets:deposit_return", "notify:schedule_update",
}


def draft_notice(world):
    from houqin.notify.choices import Audience
    from houqin.notify.models import Notice
    from houqin.notify.services.notices import notice_save

    notice = Notice(county=world["county"], title="关于开展秋季食品安全自查的通知", body="各学校：请自查。",
                    audience=Audience.COUNTY)
    return notice_save(notice=notice, acting_user=world["bureau_admin"])


@pytest.fixture
def view_world(world, township_a):
    notify_notice = draft_notice(world)
    route = world["route"]
    return {**world, "township": township_a, "vehicle": route.vehicle, "driver": route.driver,
            "escort": route.escort, "notify_notice": notify_notice}


def test_every_form_page_is_driven_or_named():
    """A new page with a form fails here until it is driven below (or said why not)."""
    pages = form_views()
    undriven = [name for name, (route, _) in pages.items()
                if "<" in route and name not in VIEW_OBJECTS and name not in NOT_DRIVEN]
    assert not undriven, f"pages with a form the bad-input sweep does not drive: {undriven}"
    assert not (set(VIEW_OBJECTS) | NOT_DRIVEN) - set(pages), "a page was renamed: update the lists"


def _driven_pages():
    return sorted(name for name, (route, _) in form_views().items() if "<" not in route or name in VIEW_OBJECTS)


def page_url(name: str, world: dict) -> str:
    if name in VIEW_OBJECTS:
        obj = world[VIEW_OBJECTS[name]]
        if obj is None:
            pytest.skip(f"no {VIEW_OBJECTS[name]} in this world")
        return reverse(name, args=[obj.pk])
    return reverse(name)


def open_as_someone(client, url, world):
    """Sign in as the first user who may open the page and return (user, GET response)."""
    tried = []
    for key in ("bureau_admin", "keeper", "principal", "bureau_inspector", "supervisor"):
        client.force_login(world[key])
        response = client.get(url)
        if response.status_code == 200:
            return world[key], response
        tried.append((key, response.status_code))
    for key, status in tried:  # a page that only takes POST (an htmx check): the first user let past the role check
        if status == 405:
            client.force_login(world[key])
            return world[key], None
    pytest.fail(f"nobody could open {url}: {tried}")


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


PREVIEW_PAGES = {"fees:item_check_new"}


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


def one_field_values(field) -> tuple[str, ...]:
    """The values most likely to get past the form and trouble a service, by kind of field."""
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        return ("far_past", "far_future")
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return ("huge", "negative")
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        return ()
    if isinstance(field, forms.BooleanField):
        return ()
    return ("script", "huge", "nul")


# Django 5.2 changed this msgid ("%d" for "%(min_length)d") and its own zh_Hans catalogue has not caught up:
# the project catalogue has to translate it (reported to the lead; locale/ is not edited here).
UNTRANSLATED: set[str] = set()  # error messages allowed in English (none)

VIEW_NAMES = ["empty", "huge", "full_width_digits", "emoji", "nul", "sql", "script", "far_future"]


@pytest.mark.parametrize("page", _driven_pages())
def test_every_form_page_answers_hostile_posts(page, view_world, client):
    url = page_url(page, view_world)
    user, response = open_as_someone(client, url, view_world)
    form = response.context.get("form") if response is not None and response.context else None
    if form is None:
        form = build_form("", form_views()[page][1], {**view_world, "bureau_admin": user, "keeper": user})
    fields = {n: f for n, f in form.fields.items() if not isinstance(f, forms.FileField)}
    snapshot = Snapshot(page)
    # every field hostile at once
    for value_name in VIEW_NAMES:
        data = post_data(form, {n: hostile.named_value(f, value_name) for n, f in fields.items()})
        check_post(client, url, data, label=f"{page} all={value_name}", snapshot=snapshot,
                   preview=page in PREVIEW_PAGES, script_posted=value_name == "script")
    # one field hostile, the others plausible: far dates and huge numbers reach the services
    for name, field in fields.items():
        for value_name in one_field_values(field):
            value = hostile.named_value(field, value_name)
            check_post(client, url, post_data(form, {name: value}), label=f"{page} {name}={value_name}",
                       snapshot=snapshot, preview=page in PREVIEW_PAGES, script_posted=value_name == "script")

    @hsettings(max_examples=5, **HYPOTHESIS)
    @given(choice=st.data())
    def sweep(choice):
        name = choice.draw(st.sampled_from(sorted(fields)))
        value = choice.draw(hostile.field_strategy(fields[name]))
        check_post(client, url, post_data(form, {name: value}), label=f"{page} {name}={value!r:.80}",
                   snapshot=snapshot, preview=page in PREVIEW_PAGES)

    if fields:
        sweep()


# --- every Excel import --------------------------------------------------------------------------


def import_views() -> dict[str, tuple[str, type]]:
    """url name -> (route, view class) of every Excel import page."""
    from houqin.org.views import ImportView

    found = {}
    for route, name, pattern in walk_patterns():
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None and issubclass(view_class, ImportView):
            found[name] = (route, view_class)
    return found


IMPORT_USERS = {
    "org:school_import": "bureau_admin", "org:user_import": "bureau_admin", "fees:category_import": "bureau_admin",
    "fees:policy_import": "bureau_admin", "fees:forbidden_import": "bureau_admin", "fees:student_import": "keeper",
    "canteens:purchase_import": "keeper", "assets:asset_import": "keeper", "inspections:rubric_import": "bureau_admin",
}


def test_every_import_is_covered():
    assert set(import_views()) == set(IMPORT_USERS), "an import was added or renamed: give it a user here"


def import_url(name, world):
    route, _ = import_views()[name]
    return reverse(name, args=[world["rubric"].pk]) if "<" in route else reverse(name)


def upload_workbook(client, url, content: bytes, filename="导入.xlsx"):
    return client.post(url, {"file": hostile.upload(filename, content, hostile.XLSX_TYPE)})


def report_texts(html: str) -> list[str]:
    table = re.search(r'data-testid="import-errors".*?</table>', html, re.S)
    texts = error_texts(html)
    if table:
        texts += [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", table.group(0), re.S)]
    return [t for t in texts if t and t != "—"]


def check_refused_import(client, url, content, *, label, filename="导入.xlsx"):
    before = table_counts()
    started = time.monotonic()
    try:
        response = upload_workbook(client, url, content, filename)
    except Exception as error:  # noqa: BLE001
        pytest.fail(f"{label}: 500 ({error!r})")
    elapsed = time.monotonic() - started
    assert response.status_code in (200, 422), f"{label}: {response.status_code}"
    assert table_counts() == before, f"{label}: a refused import wrote rows"
    html = response.content.decode()
    assert "alert-success" not in html or response.status_code == 422, label
    texts = report_texts(html)
    assert texts and any(CJK.search(t) for t in texts), f"{label}: no Chinese explanation: {texts[:3]}"
    assert hostile.SCRIPT not in html, f"{label}: a cell's script is echoed unescaped"
    return response, elapsed


@pytest.mark.parametrize("kind", sorted(hostile.hostile_workbooks()))
@pytest.mark.parametrize("page", sorted(IMPORT_USERS))
def test_every_import_refuses_files_that_are_not_workbooks(page, kind, world, client):
    client.force_login(world[IMPORT_USERS[page]])
    check_refused_import(client, import_url(page, world), hostile.hostile_workbooks()[kind], label=f"{page} {kind}")


@pytest.mark.parametrize("bomb", ["zip_bomb", "lying_zip_bomb", "many_members_zip", "rows_bomb_under_size_limit",
                                  "row_gap_workbook"])
def test_imports_refuse_zip_bombs_quickly(bomb, world, client):
    """A .xlsx that expands to hundreds of MB (or hides it behind lying headers, or holds tens of thousands of
    members) is refused before it is expanded."""
    content = getattr(hostile, bomb)()
    assert len(content) < 10 * 1024 * 1024
    client.force_login(world["bureau_admin"])
    _, elapsed = check_refused_import(client, reverse("org:school_import"), content, label=bomb)
    assert elapsed < 10, f"{bomb} took {elapsed:.1f}s to refuse"


def template_headers(client, url) -> list[str]:
    from openpyxl import load_workbook

    response = client.get(url, {"template": "1"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [str(v) for v in next(sheet.iter_rows(values_only=True)) if v is not None]


cell_value = st.one_of(
    st.sampled_from(sorted(set(hostile.HOSTILE_TEXT.values()) | set(hostile.HOSTILE_NUMBERS.values())
                           | set(hostile.HOSTILE_DATES.values()))).map(lambda v: v[:32000]),
    hostile.any_text, st.integers(-(10**30), 10**30), st.floats(allow_nan=True, allow_infinity=True),
    st.dates(), st.datetimes(), st.booleans(), st.none(),
)


@pytest.mark.parametrize("page", sorted(IMPORT_USERS))
def test_every_import_refuses_hostile_cells_all_or_nothing(page, world, client):
    """A file whose first row is the template's example and whose other row is hostile: either every row
    is stored or none (the import's rule), never a 500, and the report explains in Chinese."""
    client.force_login(world[IMPORT_USERS[page]])
    url = import_url(page, world)
    view_class = import_views()[page][1]
    headers = template_headers(client, url)
    by_header = {str(c.header): c for c in view_class.importer_class.columns}
    example = [str(by_header[h].example) if h in by_header else "" for h in headers]

    @hsettings(max_examples=10, **HYPOTHESIS)
    @given(row=st.lists(cell_value, min_size=len(headers), max_size=len(headers)))
    def sweep(row):
        before = table_counts()
        content = hostile.xlsx_bytes([headers, example, row])
        try:
            response = upload_workbook(client, url, content)
        except Exception as error:  # noqa: BLE001
            pytest.fail(f"{page} {row!r:.200}: 500 ({error!r})")
        assert response.status_code in (200, 422), response.status_code
        if response.status_code == 422:
            assert table_counts() == before, f"{page}: a refused import wrote rows ({row!r:.200})"
            texts = report_texts(response.content.decode())
            assert any(CJK.search(t) for t in texts), f"{page}: {texts[:3]}"
        assert hostile.SCRIPT not in response.content.decode()

    sweep()
    # the named hostile values, one column at a time, after the example row
    named = (hostile.SCRIPT, hostile.HOSTILE_TEXT["formula"], hostile.HOSTILE_TEXT["huge"][:5000],
             hostile.HOSTILE_DATES["far_past"], hostile.HOSTILE_NUMBERS["huge"], "\x01\x02", "１２３", "😀")
    for index, header in enumerate(headers):
        for value in (named[index % len(named)],):
            row = list(example)
            row[index] = value
            before = table_counts()
            response = upload_workbook(client, url, hostile.xlsx_bytes([headers, example, row]))
            assert response.status_code in (200, 422), f"{page} {header}={value!r:.40}"
            if response.status_code == 422:
                assert table_counts() == before, f"{page} {header}={value!r:.40}: partial write"


@pytest.mark.parametrize("kind", [*sorted(hostile.hostile_workbooks()), "zip_bomb", "lying_zip_bomb",
                                  "many_members_zip"])
def test_asset_reconciliation_refuses_files_that_are_not_workbooks(kind, world, client):
    """The other spreadsheet upload (the finance system's asset export) goes through the same guard."""
    workbooks = hostile.hostile_workbooks()
    content = workbooks[kind] if kind in workbooks else getattr(hostile, kind)()
    client.force_login(world["keeper"])
    snapshot = Snapshot("assets:reconciliation_create")
    check_post(client, reverse("assets:reconciliation_create"),
               {"period": "2026-H1", "file": hostile.upload("财务导出.xlsx", content, hostile.XLSX_TYPE)},
               label=f"reconciliation {kind}", snapshot=snapshot)


# --- every upload field --------------------------------------------------------------------------

GENERATED_FILES = {("fees", "feenotice", "board_a4"), ("fees", "feenotice", "board_a3")}  # PDFs we render ourselves
SPREADSHEET_FIELDS = {("houqin.org.forms.ImportForm", "file"), ("assets.forms.ReconciliationForm", "file")}


def test_every_stored_upload_is_checked_by_content():
    """Every file a user can upload is an EvidenceFileField (checked by its bytes, renamed after them)."""
    from django.db import models

    from houqin.core.uploads import EvidenceFileField, EvidenceFileValidator

    unchecked = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                key = (model._meta.app_label, model._meta.model_name, field.name)
                checked = isinstance(field, EvidenceFileField) and any(
                    isinstance(v, EvidenceFileValidator) for v in field.validators)
                if not checked and key not in GENERATED_FILES:
                    unchecked.append(key)
    assert not unchecked, f"uploads not checked by content: {unchecked}"


def upload_fields():
    for name, cls in sorted(all_form_classes().items()):
        if name in ABSTRACT_FORMS:
            continue
        for field_name, field in cls.base_fields.items():
            if isinstance(field, forms.FileField) and (name, field_name) not in SPREADSHEET_FIELDS:
                yield name, field_name


def media_files() -> set[str]:
    root = Path(django_settings.MEDIA_ROOT)
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.mark.parametrize("kind", sorted(hostile.hostile_files()) + ["oversize"])
def test_every_upload_field_refuses_files_that_lie(kind, world, settings):
    """Each form's file field, given a script named .jpg, HTML named .png, an SVG with a script, a PDF
    with the wrong magic, a polyglot, an empty or an oversize file: refused with a Chinese message."""
    settings.EVIDENCE_MAX_MB = 1
    if kind == "oversize":
        name, content, content_type = "big.png", hostile.TINY_PNG + b"\0" * (1024 * 1024 + 1), "image/png"
    else:
        name, content, content_type = hostile.hostile_files()[kind]
    checked = 0
    for form_name, field_name in upload_fields():
        cls = all_form_classes()[form_name]
        form = build_form(form_name, cls, world)
        data = {n: baseline_value(n, f) for n, f in form.fields.items() if not isinstance(f, forms.FileField)}
        form = build_form(form_name, cls, world, data=data,
                          files={field_name: hostile.upload(name, content, content_type)})
        form.is_valid()
        errors = form.errors.get(field_name)
        if errors is None and not isinstance(form, forms.ModelForm):
            # a plain form hands the file to a service, whose model field checks it (full_clean)
            from django.core.exceptions import ValidationError

            from houqin.core.uploads import EvidenceFileValidator

            from django.db.models.fields.files import FieldFile

            from houqin.core.uploads import EvidenceFileField

            pending = FieldFile(None, EvidenceFileField(), name)
            pending.file, pending._committed = hostile.upload(name, content, content_type), False
            with pytest.raises(ValidationError) as refused:
                EvidenceFileValidator()(pending)
            errors = refused.value.messages
        assert errors, f"{form_name}.{field_name} accepted {kind}"
        assert any(CJK.search(str(e)) for e in errors), f"{form_name}.{field_name} {kind}: {errors}"
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize("kind", sorted(hostile.hostile_files()))
def test_uploads_through_real_views_store_nothing(kind, world, client):
    """A repair photo, a canteen worker's health certificate and a bureau notice's attachment: each
    hostile file is refused on the page, no row is written and no file is left in MEDIA_ROOT."""
    name, content, content_type = hostile.hostile_files()[kind]
    cases = [
        ("keeper", "assets:repair_create", "photo"),
        ("keeper", "canteens:staff_create", "health_scan"),
        ("bureau_admin", "notify:attachment_add", "file"),
    ]
    view_world_objects = {}
    for user_key, page, field_name in cases:
        client.force_login(world[user_key])
        if page == "notify:attachment_add":
            url = reverse(page, args=[view_world_objects.setdefault("notice", draft_notice(world)).pk])
        else:
            url = reverse(page)
        response = client.get(url)
        assert response.status_code == 200, (page, response.status_code)
        form = response.context["form"]
        data = post_data(form, {})
        data[form.add_prefix(field_name)] = hostile.upload(name, content, content_type)
        before_files = media_files()
        response = check_post(client, url, data, label=f"{page} {kind}", snapshot=Snapshot(page))
        assert response.status_code == 200, f"{page} accepted {kind}"
        assert media_files() == before_files, f"{page} {kind}: a file was left in MEDIA_ROOT"


def test_a_pdf_html_polyglot_is_only_ever_served_as_a_sandboxed_attachment_type(world, client):
    """A file that is a PDF by its bytes but holds HTML passes the content check as a PDF; it is stored
    under a .pdf name and served as application/pdf in a sandbox, never as a page."""
    from assets.models import RepairTicket

    polyglot = b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n%%EOF\n"
    client.force_login(world["keeper"])
    url = reverse("assets:repair_create")
    form = client.get(url).context["form"]
    data = post_data(form, {"asset_tag": ""})
    data[form.add_prefix("photo")] = hostile.upload("x.html", polyglot, "text/html")
    response = client.post(url, data)
    if response.status_code != 302:
        pytest.skip("the repair form refused the baseline values; the polyglot is covered by the field sweep")
    ticket = RepairTicket.objects.latest("pk")
    assert ticket.photo.name.endswith(".pdf")
    served = client.get(reverse("core:protected_file", args=["assets", "repairticket", ticket.pk, "photo"]))
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert "sandbox" in served["Content-Security-Policy"]
    assert served.get("X-Content-Type-Options") == "nosniff"


# --- public forms: hostile values, and every one that takes a POST is throttled -------------------

# The public pages whose forms are sent by POST; every other public page answers a POST with 405.
PUBLIC_POST_FORMS = {"public:consent", "public:complaint_new"}


def public_urls(world) -> dict[str, str]:
    """url name -> a URL of every public page (pages of one school: school A's)."""
    code = world["school"].code
    args = {"code": code, "term_id": world["term"].pk, "version": 1, "size": "a4", "language": "en"}
    urls = {}
    for route, name, pattern in walk_patterns():
        if not name.startswith("public:"):
            continue
        kwargs = {key: args[key] for key in pattern.pattern.converters}
        if name == "public:complaint_status":
            kwargs = {"code": "ABCD2345"}
        urls[name] = reverse(name, kwargs=kwargs)
    return urls


def test_public_pages_take_a_post_only_where_a_form_is_sent(world, client):
    urls = public_urls(world)
    assert PUBLIC_POST_FORMS <= set(urls)
    for name, url in urls.items():
        if name in PUBLIC_POST_FORMS:
            continue
        response = client.post(url, {"code": "ABCD2345"})
        assert response.status_code == 405, f"{name} answers a POST with {response.status_code}"


def _hammer(client, url, data_for, *, attempts: int) -> list[int]:
    statuses = []
    for index in range(attempts):
        data = data_for(index)
        response = client.post(url, data, REMOTE_ADDR="203.0.113.9") if data is not None else \
            client.get(url, REMOTE_ADDR="203.0.113.9")
        statuses.append(response.status_code)
    return statuses


@pytest.fixture
def tight_rates(settings):
    settings.PUBLIC_FAILURE_RATE = "3/h"
    settings.PUBLIC_SUBMIT_RATE = "4/h"
    settings.COMPLAINT_FILE_RATE = "2/h"
    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    cache.clear()
    yield settings
    cache.clear()


def public_post_attempts(world):
    """Per POST form, the kinds of attempt a script would repeat: each must run into the throttle."""
    from inspections.forms_complaints import form_token

    school = world["school"]
    def filing(i, **extra):
        return {"school": school.code, "category": "fee", "text": f"学校乱收资料费，第{i}次反映。", "contact_name": "",
                "contact_phone": "", "website": "", "ts": form_token(time.time() - 60), **extra}

    return {
        "public:consent": {
            "malformed code": (reverse("public:consent"), lambda i: {"code": ""}),
            "unknown code": (reverse("public:consent"), lambda i: {"code": f"ZZZZ{i:04d}"}),
            "hostile code": (reverse("public:consent"), lambda i: {"code": hostile.SCRIPT}),
        },
        "public:complaint_new": {
            "valid filings": (reverse("public:complaint_new") + f"?school={school.code}", filing),
            "invalid filings": (reverse("public:complaint_new") + f"?school={school.code}",
                                lambda i: filing(i, text="")),
            "honeypot": (reverse("public:complaint_new") + f"?school={school.code}",
                         lambda i: filing(i, website="http://spam.example")),
        },
    }


def test_every_public_post_form_is_throttled(world, client, tight_rates):
    """From one address, each kind of repeated POST answers the throttled page (429) once the
    configured allowance is used up (the largest allowance here is 4 per hour)."""
    attempts = public_post_attempts(world)
    assert set(attempts) == PUBLIC_POST_FORMS, "a public POST form was added: say how a script would repeat it"
    for name, kinds in attempts.items():
        for kind, (url, data_for) in kinds.items():
            cache.clear()
            statuses = _hammer(client, url, data_for, attempts=8)
            assert 500 not in statuses, (name, kind, statuses)
            assert statuses[-1] == 429, f"{name} {kind}: never throttled: {statuses}"
            page = client.post(url, data_for(99), REMOTE_ADDR="203.0.113.9")
            assert page.status_code == 429 and CJK.search(page.content.decode())
            # another address is not affected
            other = client.post(url, data_for(100), REMOTE_ADDR="198.51.100.7")
            assert other.status_code != 429, f"{name} {kind}: throttles every address"


public_text = st.one_of(st.sampled_from(sorted(hostile.HOSTILE_TEXT.values())).map(lambda v: v[:3000]),
                        hostile.any_text, hostile.full_width)


@hsettings(max_examples=20, **HYPOTHESIS)
@given(value=public_text, other=public_text)
def test_public_forms_answer_hostile_values(value, other, world, client, settings):
    """Every public form (GET lookups and the POST forms) given hostile values: no 500, nothing but a
    complaint written, and what was typed is shown escaped."""
    from inspections.forms_complaints import form_token
    from inspections.models import Complaint

    settings.COMPLAINT_FORM_MIN_SECONDS = 0
    cache.clear()
    school = world["school"]
    requests = [
        ("get", reverse("public:verify"), {"digest": value}),
        ("get", reverse("public:settlement"), {"code": value}),
        ("get", reverse("public:consent"), {"code": value}),
        ("post", reverse("public:consent"), {"code": value, "c1": other}),
        ("get", reverse("public:complaint_lookup"), {"code": value}),
        ("get", reverse("public:directory"), {"q": value, "township": other, "page": other}),
        ("get", reverse("public:complaint_new"), {"q": value, "township": other}),
        ("get", reverse("public:language", args=["en"]), {"next": value}),
        ("post", reverse("public:complaint_new") + f"?school={school.code}",
         {"school": school.code, "category": "fee", "text": value, "contact_name": other, "contact_phone": other,
          "website": "", "ts": form_token(time.time() - 60)}),
        ("post", reverse("public:complaint_new"),
         {"school": value, "category": other, "text": value, "website": "", "ts": other}),
    ]
    for method, url, data in requests:
        before = Complaint.objects.count()
        counts = table_counts(("org", "fees", "canteens"))
        try:
            response = getattr(client, method)(url, data, REMOTE_ADDR="192.0.2.1")
        except Exception as error:  # noqa: BLE001
            pytest.fail(f"{method.upper()} {url} {data!r:.200}: 500 ({error!r})")
        assert response.status_code in (200, 302, 400, 404, 405, 422, 429), (url, response.status_code)
        assert table_counts(("org", "fees", "canteens")) == counts
        if response.status_code == 302 and "complaints" in url:
            assert Complaint.objects.count() == before + 1
            page = client.get(response["Location"], REMOTE_ADDR="192.0.2.1")
            assert hostile.SCRIPT not in page.content.decode()
        else:
            assert Complaint.objects.count() == before
        if response.status_code == 302 and "language" in url:
            location = response["Location"]
            assert location.startswith("/") and not location.startswith("//"), location
        if response.status_code == 200:
            assert hostile.SCRIPT not in response.content.decode()


# --- exports never write a typed value as a formula ----------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", "+HYPERLINK(\"http://evil\",\"x\")", "-2+3", "@SUM(A1:A2)", "=1+1",
            "\t=1+1", "\x01=1"]


def _cells(content: bytes):
    from openpyxl import load_workbook

    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_exports_write_formula_like_text_as_text():
    """CSV/formula injection: a value a user typed that starts with = + - @ is a text cell in every
    export path (the list exports, append_row of the report exports), never a formula."""
    import django_tables2 as tables
    from openpyxl import Workbook

    from houqin.core.excel import append_row, table_workbook

    class Table(tables.Table):
        name = tables.Column()
        note = tables.Column()

    table = Table([{"name": value, "note": f"<b>{value}</b>"} for value in FORMULAS])
    cells = list(_cells(table_workbook(table, title="=evil")))
    workbook = Workbook()
    for value in FORMULAS:
        append_row(workbook.active, [value, 1, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells += list(_cells(buffer.getvalue()))
    assert cells
    assert not [c.value for c in cells if c.data_type == "f"], "a typed value became a formula"
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "=cmd|' /C calc'!A0" in texts


@pytest.mark.parametrize("page", ["fees:forbidden_list", "canteens:supplier_list", "org:user_list"])
def test_list_exports_keep_hostile_text_as_text(page, world, client):
    """A formula typed into a record comes out of the list's Excel export as text."""
    from canteens.models import Supplier
    from fees.models import ForbiddenItem

    ForbiddenItem.objects.create(county=world["county"], name=FORMULAS[0], keywords=FORMULAS[1], reason=FORMULAS[2])
    Supplier.objects.create(school=world["school"], name=FORMULAS[0], contact=FORMULAS[3], licence_number="L1",
                            admitted_on=timezone.localdate())
    factories.staff(world["school"], username="formula", full_name=FORMULAS[0])
    client.force_login(world["keeper"] if page.startswith("canteens") else world["bureau_admin"])
    response = client.get(reverse(page), {"_export": "xlsx"})
    assert response.status_code == 200
    cells = list(_cells(response.content))
    assert FORMULAS[0] in {c.value for c in cells}, f"{page}: the hostile value is not in its export"
    assert not [c.value for c in cells if c.data_type == "f"]
