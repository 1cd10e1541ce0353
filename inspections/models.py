"""Inspections and campaigns: rubrics, self-assessment, review, titles, rectification, complaints (SPEC §6)."""
