"""Pure rules: straight-line depreciation, the procurement tier, reading a scanned code."""

import datetime as dt
from decimal import Decimal

from assets.choices import ProcurementTier
from assets.rules import depreciation, procurement_tier, read_scanned_code


def test_straight_line_depreciation_from_the_month_of_purchase():
    dep = depreciation(Decimal("7200.00"), 6, dt.date(2024, 3, 20), dt.date(2024, 3, 31))
    assert (dep.months_total, dep.months_used, dep.monthly, dep.accumulated) == (72, 1, Decimal("100.00"),
                                                                                 Decimal("100.00"))
    dep = depreciation(Decimal("7200.00"), 6, dt.date(2024, 3, 20), dt.date(2025, 2, 1))
    assert dep.months_used == 12 and dep.net_value == Decimal("6000.00")


def test_depreciation_stops_at_the_end_of_the_useful_life():
    dep = depreciation(Decimal("4800.00"), 6, dt.date(2010, 9, 1), dt.date(2026, 5, 1))
    assert dep.months_used == 72 and dep.accumulated == Decimal("4800.00") and dep.net_value == Decimal("0.00")
    assert dep.fully_depreciated


def test_books_and_free_items_are_not_depreciated():
    assert depreciation(Decimal("2400"), 0, dt.date(2020, 1, 1), dt.date(2026, 1, 1)).net_value == Decimal("2400.00")
    assert depreciation(Decimal("0"), 5, dt.date(2020, 1, 1), dt.date(2026, 1, 1)).accumulated == Decimal("0.00")


def test_nothing_is_depreciated_before_the_purchase():
    assert depreciation(Decimal("1000"), 5, dt.date(2026, 5, 1), dt.date(2026, 4, 1)).accumulated == 0


def test_depreciation_brought_forward_spreads_the_rest_over_the_life_left():
    # bought 2020-01, 10 years; 3,000 of 12,000 depreciated by 2022-12 in the old register
    dep = depreciation(Decimal("12000"), 10, dt.date(2020, 1, 1), dt.date(2023, 12, 31),
                       opening=Decimal("3000"), opening_date=dt.date(2022, 12, 31))
    # 36 months used of 120; 84 left: 9,000 / 84 a month, 12 more months
    assert dep.accumulated == Decimal("3000") + (Decimal("9000") * 12 / 84).quantize(Decimal("0.01"))
    late = depreciation(Decimal("12000"), 10, dt.date(2020, 1, 1), dt.date(2040, 1, 1),
                        opening=Decimal("3000"), opening_date=dt.date(2022, 12, 31))
    assert late.net_value == Decimal("0.00")


def test_tier_follows_the_amount():
    limits = {"equipment_centre_from": Decimal("20000"), "government_from": Decimal("500000")}
    assert procurement_tier(Decimal("19999.99"), **limits) == ProcurementTier.SCHOOL
    assert procurement_tier(Decimal("20000"), **limits) == ProcurementTier.EQUIPMENT_CENTRE
    assert procurement_tier(Decimal("800000"), **limits) == ProcurementTier.GOVERNMENT


def test_a_scan_is_read_from_the_tag_or_the_url_it_encodes():
    assert read_scanned_code("ZC-2142000001-00012") == ("asset", "ZC-2142000001-00012")
    assert read_scanned_code(" http://x.cn/assets/t/zc-2142000001-00012/ ") == ("asset", "ZC-2142000001-00012")
    assert read_scanned_code("FJ-2142000001-003") == ("room", "FJ-2142000001-003")
    assert read_scanned_code("https://example.com/") is None
    assert read_scanned_code("") is None
