"""Pure rules of the school-bus app (no database): plates, driver eligibility, vehicle papers,
quarters. Services and forms call these so that each rule lives in one place."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schoolbus.choices import (
    BUS_LICENCE_CLASSES,
    DRIVER_MAX_AGE,
    DRIVER_MIN_AGE,
    DRIVER_MIN_YEARS,
    EXPIRY_WARNING_DAYS,
    FULL_SCORE_PERIODS,
    SMALL_BUS_MAX_SEATS,
    LicenceClass,
)

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "A-HJ-NP-Z"  # plates use no I and no O
_ORDINARY = re.compile(rf"^[{PROVINCES}][{_LETTER}][{_LETTER}0-9]{{5}}$")
# new-energy plates have 8 characters: small vehicles D/F first, large vehicles (buses) D/F last
_NEW_ENERGY = re.compile(rf"^[{PROVINCES}][{_LETTER}](?:[DF][{_LETTER}0-9][0-9]{{4}}|[0-9]{{5}}[DF])$")


def plate_normalise(text: str) -> str:
    """Full-width to half-width, upper case, without the spaces, dots and dashes people type."""
    text = unicodedata.normalize("NFKC", text or "").upper()
    return re.sub(r"[\s·.\-•・]", "", text)


def plate_is_valid(plate: str) -> bool:
    return bool(_ORDINARY.match(plate) or _NEW_ENERGY.match(plate))


def years_between(earlier: dt.date, later: dt.date) -> int:
    """Whole years from `earlier` to `later` (a birthday on 29 February counts on 1 March)."""
    years = later.year - earlier.year
    if (later.month, later.day) < (earlier.month, earlier.day):
        years -= 1
    return years


@dataclass(frozen=True)
class RuleResult:
    code: str
    label: str
    passed: bool
    message: str = ""


def driver_rules(driver, on: dt.date, *, vehicle=None) -> list[RuleResult]:
    """Each condition of 《校车安全管理条例》第二十三条 and 第二十四条 for driving a school bus on `on`,
    with a message that names the rule when it fails. With `vehicle`, also whether the licence
    class may drive a bus of its seats."""
    results = []

    def rule(code, label, passed, message):
        results.append(RuleResult(code, str(label), bool(passed), "" if passed else str(message)))

    licence_class = driver.licence_class or ""
    rule("licence_class", _("Licence class"), licence_class in BUS_LICENCE_CLASSES,
         _("Licence class: a school-bus driver holds an A1, A3 or B1 licence, not %(cls)s.")
         % {"cls": licence_class or "—"})
    if vehicle is not None and licence_class == LicenceClass.B1:
        rule("licence_seats", _("Licence class for the bus"), (vehicle.seats or 0) <= SMALL_BUS_MAX_SEATS,
             _("Licence class: a B1 licence drives a bus of at most %(max)s seats; %(plate)s has %(seats)s.")
             % {"max": SMALL_BUS_MAX_SEATS, "plate": vehicle.plate, "seats": vehicle.seats})
    expiry = driver.licence_expiry
    rule("licence_valid", _("Licence valid"), expiry is not None and expiry >= on,
         _("Licence validity: the driving licence expired on %(date)s.") % {"date": expiry}
         if expiry else _("Licence validity: the licence's expiry date is missing."))
    born = driver.date_of_birth
    age = years_between(born, on) if born else None
    rule("age", _("Age 25 to 60"), age is not None and DRIVER_MIN_AGE <= age <= DRIVER_MAX_AGE,
         _("Age: a school-bus driver is %(min)s to %(max)s years old; this driver is %(age)s.")
         % {"min": DRIVER_MIN_AGE, "max": DRIVER_MAX_AGE, "age": age} if age is not None
         else _("Age: the date of birth is missing."))
    first = driver.licence_first_issued
    experience = years_between(first, on) if first else None
    rule("experience", _("Three years of driving"), experience is not None and experience >= DRIVER_MIN_YEARS,
         _("Driving experience: at least %(min)s years are required; the licence was first issued on %(date)s.")
         % {"min": DRIVER_MIN_YEARS, "date": first} if first
         else _("Driving experience: the date the licence was first issued is missing."))
    approved = driver.qualification_approved_on
    rule("qualification", _("School-bus driving qualification"), approved is not None and approved <= on,
         _("Qualification: the traffic police have not approved this driver for school buses."))
    full_score = driver.last_full_score_on
    since = on.replace(year=on.year - FULL_SCORE_PERIODS) if not (on.month == 2 and on.day == 29) \
        else on.replace(year=on.year - FULL_SCORE_PERIODS, day=28)
    rule("full_score", _("No full score in the last three scoring periods"), full_score is None or full_score < since,
         _("Scoring record: the driver reached the full 12 points on %(date)s, within the last %(n)s scoring "
           "periods.") % {"date": full_score, "n": FULL_SCORE_PERIODS})
    rule("fatal_accident", _("No liability for a fatal accident"), not driver.fatal_accident_liability,
         _("Accident record: the driver bore liability for a traffic accident causing death."))
    return results


def driver_failures(driver, on: dt.date, *, vehicle=None) -> list[str]:
    return [r.message for r in driver_rules(driver, on, vehicle=vehicle) if not r.passed]


VEHICLE_PAPERS = (
    ("permit_expiry", gettext_lazy("School-bus permit")),
    ("inspection_expiry", gettext_lazy("Annual inspection")),
    ("compulsory_insurance_expiry", gettext_lazy("Compulsory traffic insurance")),
    ("carrier_insurance_expiry", gettext_lazy("Carrier liability insurance")),
)


def paper_state(expiry: dt.date | None, on: dt.date) -> str:
    """valid, expiring (within 30 days), expired or missing."""
    if expiry is None:
        return "missing"
    if expiry < on:
        return "expired"
    if expiry <= on + dt.timedelta(days=EXPIRY_WARNING_DAYS):
        return "expiring"
    return "valid"


def vehicle_failures(vehicle, on: dt.date) -> list[str]:
    """Why the bus may not carry children on `on`: not in service, a paper missing or expired,
    no GPS or video (条例 第十四条)."""
    failures = []
    if vehicle.status != "in_service":
        failures.append(_("%(plate)s is not in service.") % {"plate": vehicle.plate})
    for field, label in VEHICLE_PAPERS:
        state = paper_state(getattr(vehicle, field), on)
        if state in ("missing", "expired"):
            failures.append((_("%(paper)s of %(plate)s has expired.") if state == "expired"
                             else _("%(paper)s of %(plate)s is missing.")) % {"paper": label, "plate": vehicle.plate})
    if not (vehicle.gps_fitted and vehicle.video_fitted):
        failures.append(_("%(plate)s has no satellite positioning or video recorder fitted.") % {"plate": vehicle.plate})
    return failures


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - dt.timedelta(days=1)
    return start, end


def quarter_due(year: int, quarter: int) -> dt.date:
    """The 10th of the month after the quarter."""
    from schoolbus.choices import REPORT_DUE_DAY

    return quarter_bounds(year, quarter)[1] + dt.timedelta(days=REPORT_DUE_DAY)


def previous_quarter(day: dt.date) -> tuple[int, int]:
    year, quarter = quarter_of(day)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)
