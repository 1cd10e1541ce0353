"""Shared fixtures: a county with two townships, schools in each, one user per role, a second county
for cross-county scope, a real Celery worker, and Playwright on Debian's Chromium."""

import os
import shutil
import time
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests import factories  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _clean_redis_and_media():
    """Tests use their own Redis database and media folder; start each session from empty ones."""
    from django.conf import settings
    from django.core.cache import cache

    cache._cache.get_client(write=True).flushdb()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _english_off(settings):
    """Every test starts in the default language (zh-hans)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


# --- the organisation tree -----------------------------------------------------------------------


@pytest.fixture
def county(db):
    return factories.CountyFactory(code="420601", name="甲县")


@pytest.fixture
def other_county(db):
    return factories.CountyFactory(code="420602", name="乙县")


@pytest.fixture
def township_a(county):
    return factories.TownshipFactory(county=county, name="甲镇")


@pytest.fixture
def township_b(county):
    return factories.TownshipFactory(county=county, name="乙镇")


@pytest.fixture
def school_a(township_a):
    return factories.SchoolFactory(township=township_a, name="甲镇第一小学", code="2142000001")


@pytest.fixture
def school_a2(township_a):
    return factories.SchoolFactory(township=township_a, name="甲镇第二小学", code="2142000002")


@pytest.fixture
def school_b(township_b):
    return factories.SchoolFactory(township=township_b, name="乙镇中心学校", code="2142000003")


@pytest.fixture
def school_far(other_county):
    return factories.SchoolFactory(
        township=factories.TownshipFactory(county=other_county, name="远镇"), name="远镇小学", code="2142000009"
    )


@pytest.fixture
def bureau_admin(county):
    return factories.bureau_admin(county, username="admin_a", full_name="李管理")


@pytest.fixture
def bureau_inspector(county):
    return factories.bureau_inspector(county, username="inspector_a", full_name="周督查")


@pytest.fixture
def supervisor_a(township_a):
    return factories.supervisor(township_a, username="supervisor_a", full_name="陈督导")


@pytest.fixture
def principal_a(school_a):
    return factories.principal(school_a, username="principal_a", full_name="王校长")


@pytest.fixture
def staff_a(school_a):
    return factories.staff(school_a, duties=["canteen_manager"], username="staff_a", full_name="刘食堂")


@pytest.fixture
def principal_b(school_b):
    return factories.principal(school_b, username="principal_b", full_name="赵校长")


@pytest.fixture
def far_admin(other_county):
    return factories.bureau_admin(other_county, username="admin_far", full_name="远管理")


# --- a real Celery worker ------------------------------------------------------------------------


@pytest.fixture
def celery_worker(transactional_db):
    """A Celery worker in its own process, on this run's queue, reading the test database."""
    from django.conf import settings

    from houqin.core.workers import celery_worker as worker

    with worker(settings.CELERY_TASK_DEFAULT_QUEUE, settings_module="houqin.settings.test") as process:
        yield process


def wait_for(predicate, timeout=20.0, interval=0.1):
    """Poll until `predicate()` is truthy (background work is asynchronous); return its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


# --- Playwright on Debian's Chromium -------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
