"""Money: Decimal kronor with two decimals, rounded here and nowhere else."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

ORE = Decimal("0.01")
ZERO = Decimal("0.00")


def round_money(amount: Decimal) -> Decimal:
    """Round to whole öre, halves away from zero (as Swedish invoices and the tax agency do)."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"money must be Decimal, not {type(amount).__name__}")
    return amount.quantize(ORE, rounding=ROUND_HALF_UP)


def round_kronor(amount: Decimal) -> Decimal:
    """Round to whole kronor, halves away from zero: for overviews that show no öre."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"money must be Decimal, not {type(amount).__name__}")
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def vat_of(net: Decimal, rate_percent: Decimal) -> Decimal:
    """The VAT on ``net`` at ``rate_percent`` (25, 12, 6 or 0), rounded to öre."""
    return round_money(net * rate_percent / Decimal(100))


def split_largest_remainder(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` so the parts add up to it exactly.

    Each part is rounded down to öre; the öre left over go one by one to the parts with
    the largest remainders (ties to the earliest), so no öre is lost or invented."""
    total = round_money(total)
    if not weights:
        raise ValueError("nothing to split between")
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights, Decimal(0))
    if weight_sum == 0:
        raise ValueError("weights must not all be zero")
    sign = Decimal(-1) if total < 0 else Decimal(1)
    cents = int(abs(total) / ORE)
    exact = [Decimal(cents) * w / weight_sum for w in weights]
    floors = [int(e) for e in exact]
    leftover = cents - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:leftover]:
        floors[i] += 1
    return [sign * Decimal(f) * ORE for f in floors]
