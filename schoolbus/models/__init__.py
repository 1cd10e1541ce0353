"""School buses (SPEC §4): the fleet and its people, the daily trips, safety work, quarterly reports."""

from schoolbus.models.fleet import Driver, Escort, Route, RouteStop, Vehicle
from schoolbus.models.reports import QuarterlyReport
from schoolbus.models.safety import Accident, HazardCheck, SafetyActivity
from schoolbus.models.trips import Trip

__all__ = ["Accident", "Driver", "Escort", "HazardCheck", "QuarterlyReport", "Route", "RouteStop", "SafetyActivity",
           "Trip", "Vehicle"]
