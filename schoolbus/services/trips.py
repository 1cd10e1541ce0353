"""The day's trips: the pre-departure check and the head count, and the alert when counts differ."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from houqin.core.history import save_with_history
from houqin.org.choices import Role
from schoolbus.choices import CheckItem, Direction
from schoolbus.models import Route, Trip
from schoolbus.services.access import ensure_bus_keeper
from schoolbus.services.fleet import route_assignment_errors

MAX_DAYS_BACK = 7


def _ensure_day(date: dt.date) -> None:
    today = timezone.localdate()
    if date > today:
        raise ValidationError(_("A trip cannot be dated in the future."))
    if date < today - dt.timedelta(days=MAX_DAYS_BACK):
        raise ValidationError(_("Trips older than a week cannot be entered any more."))


def _count(value, label) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("%(what)s must be a whole number.") % {"what": label}) from None
    if number < 0:
        raise ValidationError(_("%(what)s cannot be negative.") % {"what": label})
    return number


@transaction.atomic
def trip_record(*, route: Route, date: dt.date, direction: str, checks_passed, check_note: str = "",
                boarded=None, alighted=None, driver=None, escort=None, acting_user) -> Trip:
    """Record a trip's pre-departure check and head count, all or nothing.

    The first record of a trip fixes the bus, the driver and the escort: the route's, or a stand-in
    driver or escort of the school for that trip; a bus, driver or escort that fails a rule that
    day cannot run it. Children may board only a bus that passed every check, never more than its
    seats; once they have boarded, the check is not rewritten. A recorded count is a fact and is
    not changed; when the alighting count differs from the boarding count the principal is alerted
    at once."""
    ensure_bus_keeper(acting_user, route.school_id)
    _ensure_day(date)
    if direction not in Direction.values:
        raise ValidationError(_("Choose the morning or the afternoon trip."))
    if not route.is_active:
        raise ValidationError(_("This route is not running."))
    boarded = _count(boarded, _("The boarding count"))
    alighted = _count(alighted, _("The alighting count"))
    checks = sorted({c for c in checks_passed if c in CheckItem.values})
    trip = Trip.objects.select_for_update().filter(route=route, date=date, direction=direction).first()
    if trip is None:
        crew = Route(school_id=route.school_id, name=route.name, vehicle=route.vehicle, students=route.students,
                     driver=driver or route.driver, escort=escort or route.escort)  # as run today, with any stand-in
        failures = [m for messages in route_assignment_errors(crew, date).values() for m in messages]
        if failures:
            raise ValidationError([_("The trip cannot run:")] + failures)
        trip = Trip(school_id=route.school_id, route=route, date=date, direction=direction, vehicle=route.vehicle,
                    driver=crew.driver, escort=crew.escort)
    errors = []
    if trip.boarded is None:  # the check stands as it was once children are on the bus
        trip.checks_passed, trip.check_note = checks, (check_note or "").strip()[:200]
        trip.checked_by, trip.checked_at = acting_user, timezone.now()
    if boarded is not None and trip.boarded is not None and boarded != trip.boarded:
        errors.append(_("%(count)s children were counted boarding already; a recorded count is not changed.")
                      % {"count": trip.boarded})
    if alighted is not None and trip.alighted is not None and alighted != trip.alighted:
        errors.append(_("%(count)s children were counted alighting already; a recorded count is not changed.")
                      % {"count": trip.alighted})
    if boarded is not None and trip.boarded is None:
        if trip.failed_checks:
            errors.append(_("Children may not board: the bus failed the check of %(items)s.")
                          % {"items": "、".join(trip.failed_checks)})
        if boarded > trip.vehicle.seats:
            errors.append(_("Overload: %(count)s children on a bus of %(seats)s seats.")
                          % {"count": boarded, "seats": trip.vehicle.seats})
        trip.boarded = boarded
    if alighted is not None and trip.alighted is None:
        if trip.boarded is None:
            errors.append(_("Count the children boarding first."))
        trip.alighted = alighted
    if errors:
        raise ValidationError(errors)
    if trip.boarded is not None and (boarded is not None or alighted is not None):
        trip.counted_at = timezone.now()
    alert = trip.mismatch and not Trip.objects.filter(pk=trip.pk, alighted__isnull=False).exists()
    save_with_history(trip, acting_user=acting_user)
    if alert:
        transaction.on_commit(lambda: _alert_principal(trip), robust=True)
    return trip


def _alert_principal(trip: Trip) -> None:
    from houqin.notify.models import Level
    from houqin.notify.services import notification_send
    from houqin.org.models import User

    for principal in User.objects.filter(role=Role.PRINCIPAL, school_id=trip.school_id, is_active=True):
        notification_send(
            recipient_id=principal.pk, rule="schoolbus.head_count_mismatch", period=f"trip:{trip.pk}",
            title=_("Head count differs on %(route)s: %(boarded)s boarded, %(alighted)s alighted")
            % {"route": trip.route.name, "boarded": trip.boarded, "alighted": trip.alighted},
            body=_("%(date)s %(trip)s, bus %(plate)s, driver %(driver)s, escort %(escort)s. Check the bus and find "
                   "every child now.") % {"date": trip.date.isoformat(), "trip": trip.get_direction_display(),
                                          "plate": trip.vehicle.plate, "driver": trip.driver.name,
                                          "escort": trip.escort.name},
            url=trip.get_absolute_url(), level=Level.DANGER,
        )


@transaction.atomic
def trip_resolve(*, trip: Trip, resolution: str, acting_user) -> Trip:
    """Close a head-count alert with what was found (every child accounted for)."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    ensure_bus_keeper(acting_user, trip.school_id)
    if not trip.mismatch:
        raise ValidationError(_("The counts of this trip match; there is nothing to resolve."))
    if trip.resolved_at is not None:
        raise ValidationError(_("This difference is resolved already."))
    if not (resolution or "").strip():
        raise ValidationError({"resolution": _("Say where every child is.")})
    trip.resolution, trip.resolved_by, trip.resolved_at = resolution.strip()[:300], acting_user, timezone.now()
    return save_with_history(trip, acting_user=acting_user, reason=trip.resolution)
