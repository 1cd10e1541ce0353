"""School buses: vehicles, drivers, escorts, routes, checks, head counts, quarterly reports (SPEC §4)."""
