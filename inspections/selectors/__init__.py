"""Reads of the inspections app, one module per area, always through the user's scope."""
