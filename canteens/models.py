"""Canteen food safety: canteens, staff certificates, daily checks, ledgers, samples, accounts (SPEC §3)."""
