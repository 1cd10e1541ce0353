"""The strict Content-Security-Policy breaks nothing: every page of every role's menu in the demo
county loads in Chromium without a single policy violation (an inline style or script the policy
refused would show as one), and the charts, menus and htmx still work under it."""

import io
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Houqin@2026"


@pytest.fixture
def demo_county(transactional_db):
    call_command("seed_demo", "--force", stdout=io.StringIO())


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/")


# every violation the page meets, with where it came from (runs before the page's own scripts)
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(
    `${e.violatedDirective} ${e.blockedURI || ""} ${e.sourceFile || ""}:${e.lineNumber} ${e.sample || ""}`));
"""


def violations_of(page) -> list[str]:
    return [f"{page.url}: {v}" for v in page.evaluate("() => window.__violations || []")]


def menu_pages(page) -> list[str]:
    hrefs = page.eval_on_selector_all("[data-testid=main-menu] a[href^='/']", "links => links.map(a => a.href)")
    return sorted({urlparse(h).path for h in hrefs if "/django-admin/" not in h and "logout" not in h})


def test_every_menu_page_of_every_role_loads_without_a_policy_violation(browser, live_server, demo_county):
    """Three roles' menus (bureau, principal, canteen staff) in one demo county: seeding it is the cost."""
    violations, visited = [], 0
    for username in ("admin", "principal", "canteen"):
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        sign_in(page, live_server, username)
        pages = menu_pages(page)
        assert len(pages) >= 5, (username, pages)
        for path in ["/", *pages]:
            response = page.goto(live_server.url + path)
            assert response.status == 200, (username, path)
            assert "'unsafe-inline'" not in response.headers["content-security-policy"]
            page.wait_for_load_state("networkidle")
            violations += violations_of(page)
            visited += 1
        if username == "admin":  # the charts and the goals' progress bars draw under the policy
            page.goto(f"{live_server.url}/plan/")
            page.wait_for_load_state("networkidle")
            assert page.locator("[data-chart] svg path").count() >= 3
            bars = page.eval_on_selector_all("[data-progress]", "bs => bs.map(b => [b.dataset.progress, b.style.width])")
            assert bars and all(width == f"{max(0, min(100, int(float(value))))}%" for value, width in bars), bars
        context.close()
    assert visited >= 30
    assert not violations, "\n".join(violations)
