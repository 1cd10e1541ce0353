"""Fixed assets and repairs: register, purchase, custody, stock-take, disposal, repairs (SPEC §5)."""
