"""Invoice documents built directly, without a database, for the rendering tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from koop.billing.documents.model import (
    DocumentKind,
    DocumentLine,
    InvoiceDocument,
    Totals,
    VatBreakdownEntry,
    VatCategory,
    example_document,
)
from koop.core.money import round_money, vat_of

# (description, quantity, unit code, unit price, VAT rate percent)
LineSpec = tuple[str, str, str, str, str]

EXEMPTION_REASON = "Undantagen från skatteplikt enligt 10 kap. mervärdesskattelagen"

MIXED_LINES: tuple[LineSpec, ...] = (
    ("Flytt av kontorsmöbler, Ågatan 3 till Östra Långgatan 12", "6.5", "HUR", "450.00", "25"),
    ("Flyttkartonger", "12", "EA", "19.90", "25"),
    ("Cykeltransport av livsmedel", "3", "HUR", "380.00", "12"),
    ("Tidningsbud, utdelning av föreningsblad", "4.25", "HUR", "310.00", "6"),
    ("Arbetsträning: handledning enligt trepartsuppgörelse", "2", "HUR", "520.00", "0"),
)


def document(
    lines: Sequence[LineSpec] = MIXED_LINES,
    *,
    kind: DocumentKind = DocumentKind.INVOICE,
    zero_category: VatCategory = VatCategory.EXEMPT,
    **changes: object,
) -> InvoiceDocument:
    """A consistent document: line amounts, VAT per rate and totals computed as Koop does."""
    base = example_document(kind)
    doc_lines = []
    for index, (description, quantity, unit, price, rate) in enumerate(lines, start=1):
        q, p, r = Decimal(quantity), Decimal(price), Decimal(rate)
        category = VatCategory.STANDARD if r > 0 else zero_category
        doc_lines.append(
            DocumentLine(
                str(index),
                description,
                q,
                unit,
                p,
                round_money(q * p),
                r,
                category,
                f"AO-{1040 + index}" if index % 2 else "",
                "Möbellager",
            )
        )
    taxable: dict[tuple[Decimal, VatCategory], Decimal] = defaultdict(Decimal)
    for line in doc_lines:
        taxable[(line.vat_rate, line.vat_category)] += line.net_amount
    breakdown = tuple(
        VatBreakdownEntry(
            rate,
            category,
            amount,
            vat_of(amount, rate),
            EXEMPTION_REASON if category is VatCategory.EXEMPT else "",
        )
        for (rate, category), amount in sorted(taxable.items(), key=lambda kv: -kv[0][0])
    )
    net = sum((line.net_amount for line in doc_lines), Decimal("0.00"))
    vat = sum((entry.vat_amount for entry in breakdown), Decimal("0.00"))
    totals = Totals(net, vat, net + vat, Decimal("0.00"), net + vat)
    return dataclasses.replace(
        base, lines=tuple(doc_lines), vat_breakdown=breakdown, totals=totals, **changes
    )


def twelve_line_document() -> InvoiceDocument:
    specs = [
        (
            f"Arbetsorder {n}: vaktmästeri och småreparationer",
            f"{1 + n % 5}.5",
            "HUR",
            "425.00",
            ("25", "12", "6")[n % 3],
        )
        for n in range(12)
    ]
    return document(specs, supply_date=dt.date(2025, 3, 12))
