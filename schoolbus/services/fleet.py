"""The fleet: buses, drivers, escorts and routes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from schoolbus.choices import LIABLE, SMALL_BUS_MAX_SEATS, LicenceClass, Operator
from schoolbus.models import Accident, Driver, Escort, Route, RouteStop, Vehicle
from schoolbus.rules import driver_rules, plate_is_valid, plate_normalise, vehicle_failures, years_between
from schoolbus.services.access import ensure_bus_keeper

RULE_FIELDS = {"licence_class": "licence_class", "licence_seats": "licence_class", "licence_valid": "licence_expiry",
               "age": "date_of_birth", "experience": "licence_first_issued",
               "qualification": "qualification_approved_on", "full_score": "last_full_score_on",
               "fatal_accident": "fatal_accident_liability"}


def _add(errors: dict, field: str, message) -> None:
    errors.setdefault(field, []).append(message)


@transaction.atomic
def vehicle_save(*, vehicle: Vehicle, acting_user) -> Vehicle:
    """Register or change a bus. The plate must be a valid Chinese plate; a bus cannot lose seats
    below the children of a route it runs."""
    ensure_bus_keeper(acting_user, vehicle.school_id)
    errors: dict = {}
    vehicle.plate = plate_normalise(vehicle.plate)
    if not plate_is_valid(vehicle.plate):
        _add(errors, "plate", _("“%(plate)s” is not a valid plate: a province character, a letter and five letters "
                                "or digits, e.g. 鄂A12345 (new-energy buses: 鄂A12345D).") % {"plate": vehicle.plate})
    if vehicle.operator == Operator.COMPANY and not vehicle.company.strip():
        _add(errors, "company", _("Name the bus company that operates the bus."))
    if vehicle.pk:
        overloaded = Route.objects.filter(vehicle_id=vehicle.pk, is_active=True, students__gt=vehicle.seats or 0)
        for route in overloaded:
            _add(errors, "seats", _("Overload: route %(route)s carries %(students)s children; the bus cannot have "
                                    "fewer seats.") % {"route": route.name, "students": route.students})
        if (vehicle.seats or 0) > SMALL_BUS_MAX_SEATS:
            for route in Route.objects.filter(vehicle_id=vehicle.pk, is_active=True,
                                              driver__licence_class=LicenceClass.B1).select_related("driver"):
                _add(errors, "seats", _("%(name)s drives route %(route)s with a B1 licence, which allows at most "
                                        "%(max)s seats.") % {"name": route.driver.name, "route": route.name,
                                                             "max": SMALL_BUS_MAX_SEATS})
    if errors:
        raise ValidationError(errors)
    return save_with_history(vehicle, acting_user=acting_user)


@transaction.atomic
def driver_save(*, driver: Driver, acting_user) -> Driver:
    """Register or change a driver. The dates must be possible; a new driver must meet every rule of
    条例 第二十三条 (each failure is named on its field). An existing driver is saved as the facts
    are, and one who fails a rule can no longer be assigned to a route or a trip."""
    ensure_bus_keeper(acting_user, driver.school_id)
    today = timezone.localdate()
    errors: dict = {}
    born, first, expiry = driver.date_of_birth, driver.licence_first_issued, driver.licence_expiry
    if born and (born > today or years_between(born, today) > 100):
        _add(errors, "date_of_birth", _("This date of birth is not possible."))
        born = None
    if first and first > today:
        _add(errors, "licence_first_issued", _("A licence cannot be first issued in the future."))
    if born and first and years_between(born, first) < 18:
        _add(errors, "licence_first_issued", _("A driving licence is issued from the age of 18."))
    if first and expiry and expiry <= first:
        _add(errors, "licence_expiry", _("The licence must expire after it was first issued."))
    if driver.qualification_approved_on and driver.qualification_approved_on > today:
        _add(errors, "qualification_approved_on", _("An approval cannot be dated in the future."))
    if driver.last_full_score_on and driver.last_full_score_on > today:
        _add(errors, "last_full_score_on", _("This date is in the future."))
    if driver.pk and not driver.fatal_accident_liability and Accident.objects.filter(
            driver_id=driver.pk, deaths__gt=0, liability__in=LIABLE).exists():
        _add(errors, "fatal_accident_liability", _("A recorded accident with a death for which the bus was liable "
                                                   "names this driver; the bar cannot be lifted."))
    if not errors and driver.pk is None and driver.is_active:
        for result in driver_rules(driver, today):
            if not result.passed:
                _add(errors, RULE_FIELDS[result.code], result.message)
    if errors:
        raise ValidationError(errors)
    return save_with_history(driver, acting_user=acting_user)


@transaction.atomic
def escort_save(*, escort: Escort, acting_user) -> Escort:
    ensure_bus_keeper(acting_user, escort.school_id)
    if escort.trained_on and escort.trained_on > timezone.localdate():
        raise ValidationError({"trained_on": _("A training cannot be dated in the future.")})
    return save_with_history(escort, acting_user=acting_user)


@dataclass(frozen=True)
class StopEntry:
    name: str
    morning_time: dt.time | None = None
    afternoon_time: dt.time | None = None


def route_assignment_errors(route: Route, on: dt.date) -> dict:
    """Why this bus, driver and escort may not carry these children: the rules of each, and overload."""
    errors: dict = {}
    vehicle, driver, escort = route.vehicle, route.driver, route.escort
    for obj, field in ((vehicle, "vehicle"), (driver, "driver"), (escort, "escort")):
        if obj.school_id != route.school_id:
            _add(errors, field, _("Choose from the school's own records."))
    if errors:
        return errors
    for message in vehicle_failures(vehicle, on):
        _add(errors, "vehicle", message)
    for result in driver_rules(driver, on, vehicle=vehicle):
        if not result.passed:
            _add(errors, "driver", _("%(name)s cannot be assigned. %(rule)s") % {"name": driver.name,
                                                                                 "rule": result.message})
    if not driver.is_active:
        _add(errors, "driver", _("%(name)s is no longer employed.") % {"name": driver.name})
    if not escort.is_active:
        _add(errors, "escort", _("%(name)s is no longer employed.") % {"name": escort.name})
    if route.students is not None and route.students > vehicle.seats:
        _add(errors, "students", _("Overload: %(students)s children on %(plate)s with %(seats)s seats. Choose a "
                                   "larger bus or split the route.")
             % {"students": route.students, "plate": vehicle.plate, "seats": vehicle.seats})
    return errors


@transaction.atomic
def route_save(*, route: Route, stops: list[StopEntry], acting_user) -> Route:
    """Save a route and its stops in order. A running route needs an eligible driver, a bus with
    valid papers, an escort, and no more children than seats."""
    ensure_bus_keeper(acting_user, route.school_id)
    errors: dict = {}
    stops = [StopEntry(" ".join(s.name.split()), s.morning_time, s.afternoon_time) for s in stops if s.name.strip()]
    if not stops:
        _add(errors, None, _("A route has at least one stop."))
    names = [s.name for s in stops]
    if len(set(names)) != len(names):
        _add(errors, None, _("A stop is listed twice."))
    if not route.weekdays or not set(route.weekdays) <= set(range(1, 8)):
        _add(errors, "weekdays", _("Choose the days the route runs."))
    if route.is_active:
        for field, messages in route_assignment_errors(route, timezone.localdate()).items():
            for message in messages:
                _add(errors, field, message)
    if errors:
        raise ValidationError({k if k else "__all__": v for k, v in errors.items()})
    save_with_history(route, acting_user=acting_user)
    existing = list(route.stops.all())
    for index, entry in enumerate(stops, start=1):
        stop = existing[index - 1] if index <= len(existing) else RouteStop(route=route, position=index)
        before = (stop.name, stop.morning_time, stop.afternoon_time) if stop.pk else None
        stop.name, stop.morning_time, stop.afternoon_time = entry.name, entry.morning_time, entry.afternoon_time
        if before != (stop.name, stop.morning_time, stop.afternoon_time):
            save_with_history(stop, acting_user=acting_user)
    for stop in existing[len(stops):]:
        stop._history_user = acting_user
        stop.delete()
    return route
