"""``sie_export``: write the books of a fiscal year as SIE 4E, or Koop's own vouchers as 4I.

Written in code page 437 (``#FORMAT PC8``), streamed row by row, with a #KSUMMA checksum
the importer verifies. Characters code page 437 lacks become "?"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.db.models import Q, Sum
from django.utils import timezone

from koop.core.money import ZERO
from koop.ledger.models import (
    Account,
    Balance,
    BalanceKind,
    Dimension,
    FiscalYear,
    LedgerObject,
    SieImport,
    Voucher,
    VoucherRow,
    VoucherSource,
)
from koop.ledger.models.accounts import COST_CENTRE_DIMENSION, PROJECT_DIMENSION
from koop.ledger.sie.parser import Checksum, SieLine, parse_line
from koop.organisation.models import Cooperative

CHART_TYPE = "BAS2024"


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def _company() -> tuple[str, str]:
    coop = Cooperative.objects.order_by("pk").first()
    if coop is not None:
        return coop.name, coop.org_number
    last = SieImport.objects.order_by("-imported_at").first()
    return (last.company if last else "Koop"), ""


def previous_year(year: FiscalYear) -> FiscalYear | None:
    return FiscalYear.objects.filter(end__lt=year.start).order_by("-end").first()


def _movements(year: FiscalYear, q: Q) -> dict[int, Decimal]:
    rows = (
        VoucherRow.objects.filter(q, voucher__posted=True, voucher__fiscal_year=year)
        .values("account_id")
        .annotate(total=Sum("amount"))
    )
    return {r["account_id"]: r["total"] for r in rows}


def opening_balances(year: FiscalYear) -> dict[int, Decimal]:
    """IB of the balance accounts: as imported for the year, else last year's UB."""
    stored = {
        b.account_id: b.amount
        for b in Balance.objects.filter(fiscal_year=year, kind=BalanceKind.OPENING, object_list="")
    }
    if stored:
        return stored
    prev = previous_year(year)
    return closing_balances(prev) if prev is not None else {}


def closing_balances(year: FiscalYear) -> dict[int, Decimal]:
    out = dict(opening_balances(year))
    for account, total in _movements(year, Q(account_id__lt=3000)).items():
        out[account] = out.get(account, ZERO) + total
    return out


def results(year: FiscalYear) -> dict[int, Decimal]:
    return _movements(year, Q(account_id__gte=3000))


def _objects_field(cost_centre: str | None, project: str | None, others: str) -> str:
    parts = []
    if cost_centre is not None:
        parts.append(f"{COST_CENTRE_DIMENSION} {quote(cost_centre)}")
    if project is not None:
        parts.append(f"{PROJECT_DIMENSION} {quote(project)}")
    pairs = others.split()
    for i in range(0, len(pairs) - 1, 2):
        parts.append(f"{pairs[i]} {quote(pairs[i + 1])}")
    return "{" + " ".join(parts) + "}"


def _voucher_lines(vouchers: Q) -> Iterator[str]:
    codes = dict(LedgerObject.objects.values_list("pk", "code"))
    rows = (
        VoucherRow.objects.filter(voucher__in=Voucher.objects.filter(vouchers, posted=True))
        .order_by("voucher__date", "voucher_id", "position")
        .values_list(
            "voucher_id",
            "voucher__series__code",
            "voucher__number",
            "voucher__date",
            "voucher__text",
            "account_id",
            "cost_centre_id",
            "project_id",
            "other_objects",
            "amount",
            "text",
        )
    )
    current = None
    for (
        vid,
        series,
        number,
        date,
        vtext,
        account,
        cc,
        project,
        others,
        amount,
        text,
    ) in rows.iterator(chunk_size=5000):
        if vid != current:
            if current is not None:
                yield "}"
            current = vid
            yield f"#VER {quote(series)} {number} {date:%Y%m%d} {quote(vtext)}"
            yield "{"
        objects = _objects_field(
            codes.get(cc) if cc else None, codes.get(project) if project else None, others
        )
        yield f'   #TRANS {account} {objects} {money(amount)} "" {quote(text)}'
    if current is not None:
        yield "}"


def sie_lines(*, year: FiscalYear, sie_type: str) -> Iterator[str]:
    name, orgnr = _company()
    yield "#FLAGGA 0"
    yield "#KSUMMA"
    yield f"#PROGRAM {quote('Koop')} {quote('1')}"
    yield "#FORMAT PC8"
    yield f"#GEN {timezone.localdate():%Y%m%d}"
    yield f"#SIETYP {sie_type}"
    yield f"#FNAMN {quote(name)}"
    if orgnr:
        yield f"#ORGNR {orgnr}"
    prev = previous_year(year)
    if sie_type == "4E":
        yield f"#RAR 0 {year.start:%Y%m%d} {year.end:%Y%m%d}"
        if prev is not None:
            yield f"#RAR -1 {prev.start:%Y%m%d} {prev.end:%Y%m%d}"
    yield f"#KPTYP {CHART_TYPE}"
    for acc in Account.objects.filter(active=True).order_by("number"):
        yield f"#KONTO {acc.number} {quote(acc.name)}"
        if sie_type == "4E":
            yield f"#KTYP {acc.number} {acc.kind}"
    for dim in Dimension.objects.filter(number__in=[COST_CENTRE_DIMENSION, PROJECT_DIMENSION]):
        yield f"#DIM {dim.number} {quote(dim.name)}"
        for obj in LedgerObject.objects.filter(dimension=dim).order_by("code"):
            yield f"#OBJEKT {dim.number} {quote(obj.code)} {quote(obj.name)}"
    if sie_type == "4E":
        years = [(0, year)] + ([(-1, prev)] if prev is not None else [])
        for index, y in years:
            opening = opening_balances(y)
            for account, amount in sorted(opening.items()):
                yield f"#IB {index} {account} {money(amount)}"
            for account, amount in sorted(closing_balances(y).items()):
                yield f"#UB {index} {account} {money(amount)}"
        for index, y in years:
            for account, amount in sorted(results(y).items()):
                yield f"#RES {index} {account} {money(amount)}"
        yield from _voucher_lines(Q(fiscal_year=year))
    else:
        yield from _voucher_lines(Q(fiscal_year=year) & ~Q(source=VoucherSource.SIE))


def write_sie(handle: IO[bytes], *, year: FiscalYear, sie_type: str) -> int:
    """Write the file to ``handle``; returns the number of #TRANS rows written."""
    checksum = Checksum()
    rows = 0
    for text in sie_lines(year=year, sie_type=sie_type):
        if text == "#KSUMMA":
            checksum.active = True
        else:
            fields = parse_line(text)
            head = fields[0]
            label = head.lstrip("#") if isinstance(head, str) else ""
            checksum.add(SieLine(0, label if text not in ("{", "}") else text, fields[1:]))
            rows += label == "TRANS"
        handle.write(text.encode("cp437", errors="replace") + b"\r\n")
    handle.write(f"#KSUMMA {checksum.value}\r\n".encode("cp437"))
    return rows


def sie_export(*, year: FiscalYear, sie_type: str, path: Path) -> int:
    with path.open("wb") as handle:
        return write_sie(handle, year=year, sie_type=sie_type)


def year_by_label(label: str) -> FiscalYear | None:
    """The fiscal year named by ``label``: a calendar year (2025) or the year a date is in."""
    if label.isdigit() and len(label) == 4:
        day = dt.date(int(label), 6, 30)
        return (
            FiscalYear.objects.filter(start__year=int(label)).order_by("start").first()
            or FiscalYear.objects.filter(start__lte=day, end__gte=day).first()
        )
    return None
