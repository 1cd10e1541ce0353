"""Food-safety rules as pure functions (no database): certificates, canteen set-up, sample
retention against the menu, purchases, and the profit threshold of the monthly accounts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from canteens.choices import MIN_SAMPLE_GRAMS, MIN_SAMPLE_HOURS, OUTSOURCED_MODES, VideoArea
from houqin.org.choices import COMPULSORY_TYPES


@dataclass(frozen=True)
class Issue:
    """A rule a record breaks: a short code, a message in the reader's language, and the record."""

    code: str
    message: str
    ref: object = field(default=None, compare=False)


def canteen_issues(canteen, today: dt.date) -> list[Issue]:
    issues = []
    if canteen.operation_mode in OUTSOURCED_MODES and canteen.school.school_type in COMPULSORY_TYPES:
        issues.append(Issue("outsourced", _("Compulsory-education canteens may not be contracted out or entrusted.")))
    if not canteen.licence_number:
        issues.append(Issue("no_licence", _("No food business licence is registered.")))
    elif canteen.licence_expiry and canteen.licence_expiry < today:
        issues.append(Issue("licence_expired", _("The food business licence expired on %(date)s.")
                            % {"date": canteen.licence_expiry.isoformat()}))
    missing = [str(label) for value, label in VideoArea.choices if value not in canteen.video_areas]
    if missing:
        issues.append(Issue("video_missing", _("The open-kitchen video (明厨亮灶) does not cover: %(areas)s.") % {"areas": "、".join(missing)}))
    if not canteen.sample_fridge:
        issues.append(Issue("no_fridge", _("There is no dedicated sample fridge.")))
    return issues


def sample_issues(menu_dishes: list[str], samples: list, now: dt.datetime) -> list[Issue]:
    """A meal's samples against its menu: every dish sampled, at least 100 g, kept at least 48 h."""
    issues = []
    sampled = {s.dish.strip(): s for s in samples}
    for dish in menu_dishes:
        if dish.strip() not in sampled:
            issues.append(Issue("sample_missing", _("No sample of “%(dish)s”.") % {"dish": dish}))
    for sample in samples:
        if sample.weight_g < MIN_SAMPLE_GRAMS:
            issues.append(Issue("sample_light", _("The sample of “%(dish)s” weighs %(grams)s g, less than %(min)s g.")
                                % {"dish": sample.dish, "grams": sample.weight_g, "min": MIN_SAMPLE_GRAMS}, sample))
        if sample.removed_at is not None:
            kept = sample.removed_at - sample.stored_at
            if kept < dt.timedelta(hours=MIN_SAMPLE_HOURS):
                hours = int(kept.total_seconds() // 3600)
                issues.append(Issue("sample_early", _("The sample of “%(dish)s” was taken out after %(hours)s h, "
                                                      "before %(min)s h.")
                                    % {"dish": sample.dish, "hours": hours, "min": MIN_SAMPLE_HOURS}, sample))
        if menu_dishes and sample.dish.strip() not in {d.strip() for d in menu_dishes}:
            issues.append(Issue("sample_not_on_menu", _("“%(dish)s” is sampled but not on the menu of this meal.")
                                % {"dish": sample.dish}, sample))
    return issues


def purchase_issues(entry) -> list[Issue]:
    """What an accepted purchase still lacks (it was accepted, so nothing here is a refusal)."""
    issues = []
    if entry.missing_signatures:
        issues.append(Issue("unsigned", _("Not signed by: %(who)s.") % {"who": "、".join(entry.missing_signatures)}))
    if entry.missing_documents:
        issues.append(Issue("undocumented", _("Missing: %(docs)s.") % {"docs": "、".join(entry.missing_documents)}))
    expiry = entry.supplier.licence_expiry
    if expiry and expiry < entry.date:
        issues.append(Issue("supplier_licence_expired", _("The supplier's licence had expired on %(date)s.")
                            % {"date": expiry.isoformat()}))
    return issues


def is_profit_making(income: Decimal, balance: Decimal, max_percent: Decimal) -> bool:
    return income > 0 and balance > 0 and balance / income * 100 > max_percent
