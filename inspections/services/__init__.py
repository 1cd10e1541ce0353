"""Writes of the inspections app, one module per area; import the module you need, e.g.
`from inspections.services import complaints`."""
