"""The navigation bar: each entry names the roles that see it. Apps add theirs here as they grow."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from houqin.core.permissions import has_role
from houqin.org.choices import Role

ALL_ROLES = tuple(Role)
BUREAU = (Role.BUREAU_ADMIN, Role.BUREAU_INSPECTOR)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: tuple = ALL_ROLES
    check: object = None  # optional predicate on the user, beyond the role


def _keeps_canteen(user) -> bool:
    from canteens.services.access import can_keep_canteen

    return can_keep_canteen(user, user.school_id, accounts=True)


def _keeps_buses(user) -> bool:
    """The bureau and townships read every school's buses; at a school, who keeps them."""
    from schoolbus.services.access import can_keep_buses

    return not user.school_id or can_keep_buses(user, user.school_id)


def _keeps_fees(user) -> bool:
    from fees.services.access import can_keep_fees

    return can_keep_fees(user, user.school_id)


NAV_ITEMS = (
    NavItem(_("Home"), "home", "house"),
    NavItem(_("Schools"), "org:school_list", "building", ALL_ROLES),
    NavItem(_("Fee notices"), "fees:notice_list", "cash-coin", ALL_ROLES),
    NavItem(_("Canteen"), "canteens:today", "egg-fried", (Role.PRINCIPAL, Role.SCHOOL_STAFF), check=_keeps_canteen),
    NavItem(_("Canteens"), "canteens:overview", "egg-fried", BUREAU + (Role.TOWNSHIP_SUPERVISOR,)),
    NavItem(_("School buses"), "schoolbus:home", "bus-front", ALL_ROLES, check=_keeps_buses),
    NavItem(_("Assets"), "assets:asset_list", "box-seam", ALL_ROLES),
    NavItem(_("Inspections"), "inspections:campaign_list", "clipboard2-check", ALL_ROLES),
    NavItem(_("Notices"), "notify:notice_list", "megaphone", ALL_ROLES),
    NavItem(_("Work plan"), "workplan:plan", "flag", BUREAU),
    NavItem(_("Fee catalogue"), "fees:category_list", "tags", BUREAU),
    NavItem(_("Classes"), "fees:class_list", "mortarboard", (Role.PRINCIPAL, Role.SCHOOL_STAFF), check=_keeps_fees),
    NavItem(_("Townships"), "org:township_list", "diagram-3", BUREAU + (Role.TOWNSHIP_SUPERVISOR,)),
    NavItem(_("Users"), "org:user_list", "people", (Role.BUREAU_ADMIN, Role.PRINCIPAL)),
)


def nav_for(user, path: str) -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        if has_role(user, *item.roles) and (item.check is None or item.check(user)):
            url = reverse(item.url_name)
            active = path == url if url == "/" else path.startswith(url)
            items.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return items
