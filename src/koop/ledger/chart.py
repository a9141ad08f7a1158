"""The BAS chart of accounts and the default account mappings, shipped as data.

``data/bas_accounts.csv`` holds the common accounts of BAS classes 1-8 with their Swedish
names. Loading is idempotent: accounts already present keep their names (an SIE import or
central finance may have renamed them); missing ones are added.

Default mappings (``AccountMapping``), editable in the admin:

- receivable 1510, bank 1930, rounding 3740;
- revenue per VAT rate: 25 % -> 3001, 12 % -> 3002, 6 % -> 3003, 0 % (exempt) -> 3004;
  a row naming a business area overrides the rate's row for that area;
- output VAT: 25 % -> 2611, 12 % -> 2621, 6 % -> 2631;
- group levy: 6991 as a cost in the unit, 3991 as income centrally (outside net
  turnover 3000-3799, so the levy never counts towards the levy);
- support from the pool or fund: 3992 income in the unit, 6993 cost centrally."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

CHART_FILE = Path(__file__).resolve().parent / "data" / "bas_accounts.csv"

DEFAULT_MAPPINGS: list[tuple[str, Decimal | None, int]] = [
    ("receivable", None, 1510),
    ("bank", None, 1930),
    ("rounding", None, 3740),
    ("revenue", Decimal("25"), 3001),
    ("revenue", Decimal("12"), 3002),
    ("revenue", Decimal("6"), 3003),
    ("revenue", Decimal("0"), 3004),
    ("output_vat", Decimal("25"), 2611),
    ("output_vat", Decimal("12"), 2621),
    ("output_vat", Decimal("6"), 2631),
    ("levy_cost", None, 6991),
    ("levy_income", None, 3991),
    ("support_income", None, 3992),
    ("support_cost", None, 6993),
]


def chart_rows() -> list[tuple[int, str]]:
    with CHART_FILE.open(encoding="utf-8", newline="") as handle:
        return [(int(r["number"]), r["name"]) for r in csv.DictReader(handle, delimiter=";")]


def kind_for(number: int) -> str:
    from koop.ledger.models.accounts import kind_for_number

    return str(kind_for_number(number))


def load_chart(account_model: Any) -> int:
    """Add the chart's accounts that are missing; returns how many were added."""
    existing = set(account_model.objects.values_list("number", flat=True))
    new = [
        account_model(number=number, name=name, kind=kind_for(number))
        for number, name in chart_rows()
        if number not in existing
    ]
    account_model.objects.bulk_create(new)
    return len(new)


def load_default_mappings(account_model: Any, mapping_model: Any) -> int:
    if mapping_model.objects.exists():
        return 0
    known = set(account_model.objects.values_list("number", flat=True))
    rows = [
        mapping_model(purpose=purpose, vat_rate=rate, account_id=number)
        for purpose, rate, number in DEFAULT_MAPPINGS
        if number in known
    ]
    mapping_model.objects.bulk_create(rows)
    return len(rows)
