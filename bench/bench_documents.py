"""Milliseconds per 12-line invoice for the PDF and the Peppol UBL rendering.

    .venv/bin/python bench/bench_documents.py [--runs 500]

The baseline, measured in the same run, is building the InvoiceDocument itself (the plain
dataclasses the renderings read); figures are printed in ms and as ratios to it. Nothing
here touches a database or the network.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from koop.billing.documents.model import (
    DocumentLine,
    InvoiceDocument,
    Totals,
    VatBreakdownEntry,
    VatCategory,
    example_document,
)
from koop.billing.documents.pdf import render_invoice_pdf
from koop.billing.documents.ubl import render_invoice_ubl
from koop.core.money import round_money, vat_of

RATES = (Decimal(25), Decimal(12), Decimal(6))


def build_document() -> InvoiceDocument:
    """A 12-line invoice at three VAT rates, computed the way the billing app does."""
    lines = []
    for n in range(12):
        quantity, price, rate = Decimal(f"{1 + n % 5}.5"), Decimal("425.00"), RATES[n % 3]
        lines.append(
            DocumentLine(
                str(n + 1),
                f"Vaktmästeri och småreparationer, uppdrag {n + 1}",
                quantity,
                "HUR",
                price,
                round_money(quantity * price),
                rate,
                VatCategory.STANDARD,
                f"AO-{2000 + n}",
                "Vaktmästeri",
            )
        )
    breakdown = []
    for rate in RATES:
        taxable = sum((line.net_amount for line in lines if line.vat_rate == rate), Decimal("0.00"))
        breakdown.append(
            VatBreakdownEntry(rate, VatCategory.STANDARD, taxable, vat_of(taxable, rate))
        )
    net = sum((line.net_amount for line in lines), Decimal("0.00"))
    vat = sum((entry.vat_amount for entry in breakdown), Decimal("0.00"))
    return dataclasses.replace(
        example_document(),
        lines=tuple(lines),
        vat_breakdown=tuple(breakdown),
        totals=Totals(net, vat, net + vat, Decimal("0.00"), net + vat),
        supply_date=dt.date(2025, 3, 12),
    )


def per_call_ms(func: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, mean) milliseconds per call over ``runs`` calls, after a warm-up."""
    for _ in range(min(20, runs)):
        func()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), statistics.fmean(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    runs = parser.parse_args().runs

    doc = build_document()
    baseline = per_call_ms(build_document, runs)
    pdf = per_call_ms(lambda: render_invoice_pdf(doc), runs)
    ubl = per_call_ms(lambda: render_invoice_ubl(doc), runs)
    both = per_call_ms(lambda: (render_invoice_pdf(doc), render_invoice_ubl(doc)), runs)

    print(
        f"12-line invoice, {runs} runs each "
        f"(PDF {len(render_invoice_pdf(doc)):,} bytes, UBL {len(render_invoice_ubl(doc)):,} "
        "bytes)"
    )
    print(f"{'':28}{'median ms':>10}{'mean ms':>10}{'x baseline':>12}")
    for name, (median, mean) in (
        ("baseline: build document", baseline),
        ("PDF (ReportLab)", pdf),
        ("UBL (lxml)", ubl),
        ("PDF + UBL", both),
    ):
        print(f"{name:28}{median:10.3f}{mean:10.3f}{median / baseline[0]:12.1f}")


if __name__ == "__main__":
    main()
