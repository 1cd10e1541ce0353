"""Service and pass-through fees: catalogue, fee notices, notice boards, consent, settlements (SPEC §2)."""
