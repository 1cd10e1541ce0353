"""The public pages parents read are served from the cache (Redis) without a query, and every change
they show (notices, menus, accounts, titles, the school's details) appears at the next request."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from canteens import services as canteen_services
from canteens.models import MenuDish, MonthlyAccount
from fees import services as fee_services
from fees.models import FeeNotice
from houqin.org import services as org_services
from inspections.models import Recheck, Title
from inspections.services import assessment, campaigns, rubrics, titles
from tests.canteens.conftest import canteen, menu  # noqa: F401 - fixtures
from tests.fees.conftest import catalogue, draft, published, term  # noqa: F401 - fixtures
from tests.inspections.campaigns.conftest import campaign, campaign_type, declaration, review_all, rubric, submitted  # noqa: F401

pytestmark = pytest.mark.usefixtures("_empty_cache")


@pytest.fixture
def _empty_cache():
    cache.clear()


def body(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def queries(client, url, **params) -> int:
    """How many SQL queries answering this request took (0: it came from the cache)."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url, params)
    return len(captured)


def cached_body(client, url, **params):
    """The page as the cache serves it: no query at all."""
    with CaptureQueriesContext(connection) as captured:
        page = body(client, url, **params)
    assert len(captured) == 0, f"{url} was rendered, not served from the cache"
    return page


def school_urls(notice):
    code = notice.school.code
    return {
        "school": reverse("public:school", args=[code]),
        "notice": reverse("public:notice_version", args=[code, notice.term_id, notice.version]),
        "menu": reverse("public:menu", args=[code]),
        "accounts": reverse("public:accounts", args=[code]),
    }


@pytest.mark.parametrize("name", ["directory", "honours", "school", "notice", "menu", "accounts"])
def test_a_second_request_is_served_from_the_cache_without_a_query(client, published, name):
    urls = {**school_urls(published), "directory": reverse("public:directory"), "honours": reverse("public:honours")}
    first = client.get(urls[name])
    assert first.status_code == 200 and first.has_header("Vary")
    with CaptureQueriesContext(connection) as captured:
        hit = client.get(urls[name])
    assert len(captured) == 0 and hit.content == first.content
    for header in ("Content-Type", "Content-Language", "Vary", "X-Frame-Options", "X-Content-Type-Options",
                   "Referrer-Policy"):
        assert hit[header] == first[header], header
    assert not hit.cookies and "max-age" not in hit.get("Cache-Control", "")


def test_a_published_correction_replaces_the_notice_at_the_next_request(
        client, published, principal_a, bureau_admin, school_b,
        django_capture_on_commit_callbacks):
    urls = school_urls(published)
    other = reverse("public:school", args=[school_b.code])
    for url in (urls["school"], urls["notice"], other):
        body(client, url)
    v2 = fee_services.fee_notice_correct(notice=published, reason="牛奶改为按月收取", acting_user=principal_a)
    fee_services.fee_notice_submit(notice=v2, acting_user=principal_a)
    fee_services.fee_notice_approve(notice=v2, acting_user=bureau_admin)
    assert "牛奶改为按月收取" not in cached_body(client, urls["school"]), \
        "a correction in review is not public"
    with django_capture_on_commit_callbacks(execute=True):
        fee_services.fee_notice_publish(notice=v2, acting_user=bureau_admin)
    page = body(client, urls["school"])
    assert "牛奶改为按月收取" in page and "现行第 2 版" in page
    assert "此版本已被替代" in body(client, urls["notice"]), "version 1's page says it was superseded"
    assert "牛奶改为按月收取" in cached_body(client, urls["school"])
    assert "该校尚未发布收费公示" in cached_body(client, other), \
        "another school's cached page is neither touched nor mixed up"


def test_a_first_publication_shows_on_a_page_cached_without_a_notice(
        client, draft, principal_a, bureau_admin, django_capture_on_commit_callbacks):
    urls = school_urls(draft)
    assert "该校尚未发布收费公示" in body(client, urls["school"])
    assert client.get(urls["notice"]).status_code == 404
    fee_services.fee_notice_submit(notice=draft, acting_user=principal_a)
    fee_services.fee_notice_approve(notice=draft, acting_user=bureau_admin)
    assert "该校尚未发布收费公示" in cached_body(client, urls["school"])
    with django_capture_on_commit_callbacks(execute=True):
        fee_services.fee_notice_publish(notice=draft, acting_user=bureau_admin)
    assert "学生饮用奶" in body(client, urls["school"]) and "学生饮用奶" in body(client, urls["notice"])


def test_a_published_menu_and_a_changed_dish_show_at_the_next_request(
        client, menu, staff_a, django_capture_on_commit_callbacks):
    url = reverse("public:menu", args=[menu.canteen.school.code])
    school_url = reverse("public:school", args=[menu.canteen.school.code])
    assert "红烧鸡块" not in body(client, url) and "学校尚未公示食谱" in body(client, school_url)
    with django_capture_on_commit_callbacks(execute=True):
        canteen_services.menu_publish(menu=menu, acting_user=staff_a)
    assert "红烧鸡块" in body(client, url)
    assert "学校尚未公示食谱" not in body(client, school_url)
    dish = MenuDish.objects.filter(menu=menu, date__gte=timezone.localdate(), name="红烧鸡块").first()
    dish.name = "清蒸鲈鱼"
    with django_capture_on_commit_callbacks(execute=True):
        canteen_services.dish_save(dish=dish, acting_user=staff_a)
    assert "清蒸鲈鱼" in body(client, url)
    assert "清蒸鲈鱼" in cached_body(client, url)


def test_a_published_account_shows_at_the_next_request(
        client, canteen, staff_a, principal_a, django_capture_on_commit_callbacks):
    code = canteen.school.code
    url, school_url = reverse("public:accounts", args=[code]), reverse("public:school", args=[code])
    assert "尚未公示食堂账目" in body(client, url) and "尚未公示食堂账目" in body(client, school_url)
    month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    account = canteen_services.account_save(account=MonthlyAccount(
        canteen=canteen, month=month, income_meal_fees=Decimal("4321.00")), acting_user=staff_a)
    assert "尚未公示食堂账目" in cached_body(client, url), "a draft account is not public"
    with django_capture_on_commit_callbacks(execute=True):
        canteen_services.account_publish(account=account, acting_user=principal_a)
    assert "4,321.00 元" in body(client, url)
    assert f"{month:%Y-%m}" in body(client, school_url)
    canteen.name = "营养餐厅"
    with django_capture_on_commit_callbacks(execute=True):
        canteen_services.canteen_save(canteen=canteen, acting_user=staff_a)
    assert "营养餐厅" in body(client, url)


def test_titles_awarded_and_revoked_show_on_the_honour_roll_and_the_school_page(
        client, campaign, submitted, bureau_inspector, bureau_admin,
        django_capture_on_commit_callbacks):
    honours, school_url = reverse("public:honours"), reverse("public:school", args=[submitted.school.code])
    assert submitted.school.name not in body(client, honours) and "2026年度" not in body(client, school_url)
    declaration = review_all(submitted, bureau_inspector)
    assessment.declaration_review_complete(declaration=declaration, acting_user=bureau_admin)
    campaigns.campaign_start_review(campaign=campaign, acting_user=bureau_admin)
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_publish(campaign=campaign, acting_user=bureau_admin)
    assert submitted.school.name in body(client, honours)
    assert "2026年度县级放心食堂" in body(client, school_url)
    assert submitted.school.name in cached_body(client, honours)
    campaign_type = campaign.rubric.campaign_type
    campaign_type.name = "阳光食堂"
    with django_capture_on_commit_callbacks(execute=True):
        rubrics.campaign_type_save(campaign_type=campaign_type, acting_user=bureau_admin)
    assert "阳光食堂" in body(client, honours)  # offered as a filter
    with django_capture_on_commit_callbacks(execute=True):
        titles.recheck_record(recheck=Recheck(title=Title.objects.get(), date=timezone.localdate(), passed=False,
                                              findings="留样缺失"), acting_user=bureau_inspector)
    assert submitted.school.name not in body(client, honours)
    assert "2026年度县级放心食堂" not in body(client, school_url)


def test_the_schools_details_show_on_its_pages_the_directory_and_the_honour_roll(
        client, published, principal_a, bureau_admin, township_a, campaign_type, django_capture_on_commit_callbacks):
    school = published.school
    urls = school_urls(published)
    directory, honours = reverse("public:directory"), reverse("public:honours")
    Title.objects.create(school=school, campaign_type=campaign_type, name="2026年度县级放心食堂", level="county",
                         year=2026, awarded_at=timezone.now())
    for url in (*urls.values(), directory, honours):
        body(client, url)
    school.phone = "0710-7654321"
    with django_capture_on_commit_callbacks(execute=True):
        org_services.school_update(school=school, acting_user=principal_a, reason="新电话")
    assert "0710-7654321" in body(client, urls["school"])
    school.name = "甲镇实验小学"
    with django_capture_on_commit_callbacks(execute=True):
        org_services.school_update(school=school, acting_user=bureau_admin, reason="更名")
    for url in (*urls.values(), directory, honours):
        assert "甲镇实验小学" in body(client, url), url
    township_a.name = "甲街道"
    with django_capture_on_commit_callbacks(execute=True):
        org_services.township_save(township=township_a, acting_user=bureau_admin, reason="撤镇设街道")
    for url in (urls["school"], directory, honours):
        assert "甲街道" in body(client, url), url


def test_a_deactivated_school_disappears_at_the_next_request(client, published, bureau_admin,
                                                             django_capture_on_commit_callbacks):
    url = school_urls(published)["school"]
    body(client, url)
    published.school.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        org_services.school_update(school=published.school, acting_user=bureau_admin, reason="撤并")
    assert client.get(url).status_code == 404
    assert published.school.name not in body(client, reverse("public:directory"))


def test_a_changed_school_code_leaves_nothing_under_the_old_one(client, published, bureau_admin,
                                                                django_capture_on_commit_callbacks):
    old_url = school_urls(published)["school"]
    body(client, old_url)
    published.school.code = "2142000077"
    with django_capture_on_commit_callbacks(execute=True):
        org_services.school_update(school=published.school, acting_user=bureau_admin, reason="代码更正")
    assert client.get(old_url).status_code == 404
    assert "学生饮用奶" in body(client, reverse("public:school", args=["2142000077"]))


def test_each_language_has_its_own_cached_page_and_both_follow_a_change(
        client, published, principal_a, django_capture_on_commit_callbacks):
    url = school_urls(published)["school"]
    chinese = body(client, url)
    client.get(reverse("public:language", args=["en"]), {"next": url})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = body(client, url)
    assert '<html lang="en">' in english and "Current version 1" in english
    assert '<html lang="zh-hans">' in chinese and "现行第 1 版" in chinese
    assert cached_body(client, url) == english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert cached_body(client, url) == chinese
    published.school.phone = "0710-7654321"
    with django_capture_on_commit_callbacks(execute=True):
        org_services.school_update(school=published.school, acting_user=principal_a)
    assert "0710-7654321" in body(client, url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "0710-7654321" in body(client, url) and '<html lang="en">' in body(client, url)


def test_what_is_not_stored(client, published, principal_a, school_b):
    school_url = school_urls(published)["school"]
    directory = reverse("public:directory")
    for url, params in ((reverse("public:school", args=["2142999999"]), {}),  # 404
                        (school_url, {"utm": "qr"}),  # a parameter the page does not read
                        (directory, {"q": "甲镇"}),  # searches
                        (directory, {"township": "999999"}),  # no such township
                        (directory, {"page": "9"}),  # past the last page
                        (reverse("public:honours"), {"year": "1999"})):  # a year the page does not offer
        queries(client, url, **params)
        assert queries(client, url, **params) > 0, (url, params)
    client.force_login(principal_a)
    assert "学生饮用奶" in body(client, school_url)  # a signed-in user reads the same public page
    client.logout()
    assert queries(client, school_url) > 0, "what was rendered for a signed-in user is not stored"
    body(client, directory, township=str(school_b.township_id))
    cached_body(client, directory, township=str(school_b.township_id))  # a township's list is stored


def test_a_page_whose_generation_is_lost_is_rendered_again(client, published):
    """Redis may evict a generation: the pages depending on it must not be served from before."""
    url = school_urls(published)["school"]
    body(client, url)
    cache.delete_many([f"public:gen:school:{published.school.code}"])
    FeeNotice.objects.filter(pk=published.pk).update(remarks="家长会时间另行通知")
    assert "家长会时间另行通知" in body(client, url)


def test_concurrent_readers_each_get_their_own_schools_page(published, school_b):
    """Threads of one process (runserver, threaded workers) never read each other's cached page."""
    from concurrent.futures import ThreadPoolExecutor

    from django.test import Client

    pages = {school.name: reverse("public:school", args=[school.code]) for school in (published.school, school_b)}
    for url in pages.values():
        body(Client(), url)

    def read(name):
        client = Client()
        return all(name in client.get(pages[name]).content.decode() for _ in range(40))

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(read, list(pages) * 4))
