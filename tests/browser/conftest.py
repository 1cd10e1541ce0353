"""Browser journeys: Playwright in Debian's Chromium against the live server, with axe-core run on
every page a journey visits."""

from pathlib import Path

import pytest

from tests import factories

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def county_world(transactional_db):
    """A county with two townships and three schools, and one account per role."""
    county = factories.CountyFactory(code="420611", name="丙县")
    north = factories.TownshipFactory(county=county, name="北镇", code="001")
    south = factories.TownshipFactory(county=county, name="南镇", code="002")
    own = factories.SchoolFactory(township=north, name="北镇第一小学", code="2142100001", phone="")
    neighbour = factories.SchoolFactory(township=north, name="北镇第二小学", code="2142100002")
    far = factories.SchoolFactory(township=south, name="南镇中心学校", code="2142100003", is_central=True)
    users = {
        "bureau_admin": factories.bureau_admin(county, username="b_admin", full_name="李主任"),
        "bureau_inspector": factories.bureau_inspector(county, username="b_inspector", full_name="周督查"),
        "township_supervisor": factories.supervisor(north, username="b_supervisor", full_name="陈督导"),
        "principal": factories.principal(own, username="b_principal", full_name="王校长"),
        "school_staff": factories.staff(own, duties=["canteen_manager"], username="b_staff", full_name="刘师傅"),
    }
    factories.principal(far, username="b_principal_far", full_name="赵校长")
    return {"county": county, "own": own, "neighbour": neighbour, "far": far, "users": users}


def sign_in(page, live_server, username, password=factories.PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")


def assert_accessible(page):
    """Run axe-core on the current page and fail on any WCAG 2 A/AA violation."""
    # evaluated through the DevTools protocol: the page's Content-Security-Policy refuses inline scripts
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]
    assert not violations, f"{page.url}:\n" + "\n".join(violations)
