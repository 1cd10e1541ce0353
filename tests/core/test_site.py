import json

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.factories import PASSWORD


def test_healthz_answers_200_when_database_and_redis_answer(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_answers_503_when_redis_does_not(client, db, settings):
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0",
                    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
    }
    try:
        response = client.get("/healthz/")
    finally:
        caches["default"].close()
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["database"] == "ok"
    assert body["redis"].startswith("error")


def test_sign_in_and_out(client, principal_a):
    response = client.post(reverse("login"), {"username": "principal_a", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_lockout_after_repeated_failed_sign_ins(client, principal_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "principal_a", "password": "wrong-password"})
        assert response.status_code in (200, 429)
    locked = client.post(reverse("login"), {"username": "principal_a", "password": PASSWORD})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "已锁定 15 分钟" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_change(client, principal_a):
    client.force_login(principal_a)
    response = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "Another-pass-2027",
                                                        "new_password2": "Another-pass-2027"})
    assert response.status_code == 302
    principal_a.refresh_from_db()
    assert principal_a.check_password("Another-pass-2027")


def test_chinese_by_default_whatever_the_browser_asks(client, principal_a):
    client.force_login(principal_a)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "待办事项" in page


def test_english_can_be_chosen(client, principal_a):
    client.force_login(principal_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "To do" in page


def test_unknown_page_is_a_404_page_in_chinese(client, principal_a):
    client.force_login(principal_a)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_forbidden_page_is_a_403_page_in_chinese(client, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("org:school_create"))
    assert response.status_code == 403
    assert "您无权进行此操作" in response.content.decode()


def test_no_page_loads_assets_from_a_cdn(client, bureau_admin):
    client.force_login(bureau_admin)
    for url in ("/", reverse("org:school_list"), reverse("login")):
        page = client.get(url).content.decode()
        assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page, url


def test_healthz_answers_503_when_the_database_does_not(tmp_path):
    """A real process whose database is unreachable (nothing listens on port 1)."""
    import os
    import subprocess
    import sys

    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='127.0.0.1').get('/healthz/');"
        "print(r.status_code, r.content.decode())"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "houqin.settings.test",
           "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:1/none"}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60,
                            cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]))
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert json.loads(body)["database"].startswith("error") and json.loads(body)["redis"] == "ok"
