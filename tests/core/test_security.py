"""Hardening: security headers on every page (a Content-Security-Policy without unsafe-inline, which
the templates make possible by holding no inline script or style), production cookies and HSTS, the
password policy, family codes shown only to a school's fee keepers, and bandit clean of high findings."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests import factories

ROOT = Path(__file__).resolve().parent.parent.parent
CODE = ["houqin", "fees", "canteens", "schoolbus", "assets", "inspections"]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_hardened(response):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]
    for name in ("script-src", "style-src"):
        assert directives[name] == ["'self'"], f"{name}: {directives[name]}"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=(self)" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_every_kind_of_page_carries_the_security_headers(client, principal_a, school_a):
    assert_hardened(client.get("/accounts/login/"))
    first, cached = client.get("/public/"), client.get("/public/")  # the second comes from the page cache
    assert_hardened(first)
    assert_hardened(cached)
    client.force_login(principal_a)
    assert_hardened(client.get("/"))
    assert_hardened(client.get("/canteens/", HTTP_HX_REQUEST="true"))
    assert_hardened(client.get("/no-such-page/"))


def test_templates_hold_no_inline_script_style_or_handler():
    """What the policy forbids would silently break in the browser: keep it out of the templates."""
    patterns = {
        "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
        "style element": re.compile(r"<style\b", re.I),
        "style attribute": re.compile(r"\sstyle\s*=", re.I),
        "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
        "javascript: URL": re.compile(r"javascript:", re.I),
    }
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if "pdf" in path.relative_to(ROOT / "templates").parts:  # WeasyPrint's input, never a browser's
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT)}: {name}" for name, pattern in patterns.items() if pattern.search(text)]
    assert not found, found


def test_production_sends_secure_cookies_and_hsts():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "houqin.settings.production",
        "DJANGO_SECRET_KEY": "p" * 60,
        "DJANGO_ALLOWED_HOSTS": "houqin.example.cn",
        "DJANGO_SECRET_KEY_FALLBACKS": "old-key-1,old-key-2",
    }
    names = ["SECRET_KEY_FALLBACKS", "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT",
             "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_SAMESITE", "X_FRAME_OPTIONS"]
    script = ("import django, json; django.setup(); from django.conf import settings; "
              f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SECRET_KEY_FALLBACKS"] == ["old-key-1", "old-key-2"]
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax" and values["X_FRAME_OPTIONS"] == "DENY"


def test_rotating_the_secret_key_keeps_users_signed_in_while_the_old_key_is_a_fallback(principal_a, settings):
    from django.test import Client

    old, new = "the-old-key-" + "o" * 40, "the-new-key-" + "n" * 40
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = old, []
    active, away = Client(), Client()
    for client in (active, away):
        client.force_login(principal_a)
        assert client.get("/").status_code == 200
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = new, [old]
    assert active.get("/").status_code == 200  # still signed in; Django re-signs the session with the new key
    settings.SECRET_KEY_FALLBACKS = []  # the fallback removed after the session age
    assert active.get("/").status_code == 200
    assert away.get("/").status_code == 302  # a session nobody used meanwhile ends


@pytest.mark.parametrize("password", ["12345678901", "password123", "houqin", "Houqin2026", "短密码"])
def test_weak_passwords_are_refused_with_a_reason_in_chinese(password, db):
    user = factories.UserFactory.build(username="houqin2026", full_name="王校长")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert all(re.search(r"[\u4e00-\u9fff]", message) for message in refused.value.messages), refused.value.messages


def test_a_strong_password_passes(db):
    validate_password("Qiu-shui 2026 长江", factories.UserFactory.build(username="w"))


def test_family_codes_are_shown_to_the_fee_keepers_of_the_school_only(client, school_a, principal_a, bureau_admin,
                                                                       supervisor_a):
    from fees.models import SchoolClass, Student

    school_class = SchoolClass.objects.create(school=school_a, school_year=2026, name="三年级（2）班")
    student = Student.objects.create(school_class=school_class, school=school_a, name="张小明")
    canteen = factories.staff(school_a, duties=["canteen_manager"], username="canteen_only")
    finance = factories.staff(school_a, duties=["finance"], username="finance_a")
    url = f"/fees/classes/{school_class.pk}/"
    for keeper in (principal_a, finance):
        client.force_login(keeper)
        assert student.code in client.get(url).content.decode()
    for outsider in (canteen, bureau_admin, supervisor_a):
        client.force_login(outsider)
        response = client.get(url)
        assert response.status_code in (403, 404) and student.code not in response.content.decode()
        export = client.get("/fees/classes/", {"_export": "xlsx"})
        assert export.status_code in (403, 404)


def test_bandit_finds_nothing_of_high_severity():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", *CODE, "-x", "*/migrations/*", "--severity-level", "high",
         "-f", "json", "-q"],
        cwd=ROOT, capture_output=True, text=True,
    )
    report = json.loads(result.stdout)
    high = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]]
    assert not high, high
    assert report["metrics"]["_totals"]["loc"] > 10_000  # it did read the project


def test_security_md_covers_roles_logging_reporting_and_rotation():
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    for heading in ("## Roles and what each may do", "## What is recorded", "## Reporting a vulnerability",
                    "## Rotating secrets"):
        assert heading in text, heading
    from houqin.org.choices import Role

    assert all(f"`{role}`" in text for role in Role.values)
    assert "SECURITY.md" in (ROOT / "README.md").read_text(encoding="utf-8")
