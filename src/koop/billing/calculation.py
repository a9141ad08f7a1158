"""Invoice arithmetic: line amounts, VAT per rate and totals, rounded in one place.

EN 16931 (BR-CO-17) computes VAT once per rate: the taxable amount of the rate (the sum
of the line amounts at that rate) times the rate, rounded. Summing per-line VAT instead
can differ by an öre per line, and a Peppol validator refuses that."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from koop.billing.models.invoices import VatCategory
from koop.core.money import ZERO, round_money, vat_of


class PricedLine(Protocol):
    @property
    def net_amount(self) -> Decimal: ...

    @property
    def vat_rate(self) -> Decimal: ...


@dataclass(frozen=True)
class VatLine:
    rate: Decimal
    category: str
    taxable_amount: Decimal
    vat_amount: Decimal


@dataclass(frozen=True)
class InvoiceTotals:
    net: Decimal
    vat: Decimal
    gross: Decimal
    rounding: Decimal
    payable: Decimal
    vat_lines: tuple[VatLine, ...]


def line_net(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return round_money(quantity * unit_price)


def vat_category_for(rate: Decimal) -> str:
    """Lines with VAT are standard rated; lines without are exempt (ML 10 kap.)."""
    return VatCategory.STANDARD if rate > 0 else VatCategory.EXEMPT


def totals_of(lines: Iterable[PricedLine]) -> InvoiceTotals:
    taxable: dict[Decimal, Decimal] = {}
    net = ZERO
    for line in lines:
        rate = Decimal(line.vat_rate).quantize(Decimal("0.01"))
        taxable[rate] = taxable.get(rate, ZERO) + line.net_amount
        net += line.net_amount
    vat_lines = tuple(
        VatLine(rate, vat_category_for(rate), amount, vat_of(amount, rate))
        for rate, amount in sorted(taxable.items(), reverse=True)
    )
    vat = sum((v.vat_amount for v in vat_lines), ZERO)
    gross = net + vat
    return InvoiceTotals(net, vat, gross, ZERO, gross, vat_lines)
