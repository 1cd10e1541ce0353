"""Writes of the school-bus app: one service per change, scope and rights re-checked, history kept."""

from schoolbus.services.fleet import driver_save, escort_save, route_save, vehicle_save
from schoolbus.services.reports import report_accept, report_assemble, report_return, report_submit
from schoolbus.services.safety import accident_record, activity_save, hazard_save
from schoolbus.services.trips import trip_record, trip_resolve

__all__ = ["accident_record", "activity_save", "driver_save", "escort_save", "hazard_save", "report_accept",
           "report_assemble", "report_return", "report_submit", "route_save", "trip_record", "trip_resolve",
           "vehicle_save"]
