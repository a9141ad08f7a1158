"""Booking the vouchers read from an SIE file: in batches, numbered in Koop's series,
sealed into their series' hash chain and written with plain INSERTs (COPY on PostgreSQL),
then posted with one UPDATE per batch, which the database checks."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone

from koop.ledger.chain import RowFacts, previous_hash, seal
from koop.ledger.models import FiscalYear, Voucher, VoucherSeries
from koop.ledger.models.accounts import COST_CENTRE_DIMENSION, PROJECT_DIMENSION
from koop.ledger.models.vouchers import VoucherSource
from koop.ledger.numbering import numbers_take, series_ensure
from koop.ledger.sie.result import ImportResult

BATCH_ROWS = 5000
VOUCHER_COLUMNS = (
    "fiscal_year_id",
    "series_id",
    "number",
    "date",
    "text",
    "source",
    "source_key",
    "reference",
    "posted",
    "chain_previous",
    "chain_hash",
)
ROW_COLUMNS = (
    "voucher_id",
    "position",
    "account_id",
    "amount",
    "cost_centre_id",
    "project_id",
    "other_objects",
    "text",
    "quantity",
)


def _insert(
    cursor: Any, table: str, columns: tuple[str, ...], values: list[tuple[Any, ...]]
) -> None:
    """Plain INSERTs of many rows (COPY on PostgreSQL): a million rows through the ORM's
    bulk_create spend most of their time building and compiling model instances."""
    names = ", ".join(columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    # Table and column names are the constants above, never input.
    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)  # noqa: S608


@dataclass
class _Row:
    account: int
    amount: Decimal
    objects: list[str]
    text: str
    quantity: Decimal | None


@dataclass
class _Voucher:
    line: int
    series: str
    number: str
    date: dt.date
    text: str
    rows: list[_Row] = field(default_factory=list)


class Booking:
    """What the importer books with; the importer keeps the state named here."""

    result: ImportResult
    known_years: list[FiscalYear]
    series: dict[tuple[int, str], VoucherSeries]
    pending: list[tuple[_Voucher, FiscalYear, str]]
    pending_rows: int

    if TYPE_CHECKING:  # provided by the lookups the importer also stands on

        def object_id(self, dimension: int, code: str, name: str = "") -> int: ...

    def stored_rows(self, voucher: _Voucher) -> list[RowFacts]:
        """The voucher's rows as they are stored: objects of dimensions 1 and 6 as the
        row's cost centre and project, any others kept as text for the export."""
        rows = []
        for position, row in enumerate(voucher.rows, start=1):
            cost_centre = project = None
            others: list[str] = []
            pairs = row.objects
            for i in range(0, len(pairs) - 1, 2):
                dim, code = int(pairs[i]), pairs[i + 1]
                obj = self.object_id(dim, code)
                if dim == COST_CENTRE_DIMENSION and cost_centre is None:
                    cost_centre = obj
                elif dim == PROJECT_DIMENSION and project is None:
                    project = obj
                else:
                    others.extend((pairs[i], code))
            rows.append(
                RowFacts(
                    position=position,
                    account_id=row.account,
                    amount=row.amount,
                    cost_centre_id=cost_centre,
                    project_id=project,
                    other_objects=" ".join(others)[:200],
                    text=row.text[:200],
                    quantity=row.quantity,
                )
            )
        return rows

    def flush_vouchers(self) -> None:
        if not self.pending:
            return
        keys = [key for _v, _y, key in self.pending]
        existing = set(
            Voucher.objects.filter(source_key__in=keys).values_list("source_key", flat=True)
        )
        fresh = [(v, y, k) for v, y, k in self.pending if k not in existing]
        self.result.skipped += len(self.pending) - len(fresh)
        wanted: Counter[tuple[int, str]] = Counter((y.pk, v.series or "A") for v, y, _k in fresh)
        next_numbers: dict[tuple[int, str], int] = {}
        for (year_id, code), count in sorted(wanted.items()):
            series = self.series.get((year_id, code))
            if series is None:
                year = next(y for y in self.known_years if y.pk == year_id)
                series = series_ensure(fiscal_year=year, code=code)
                self.series[(year_id, code)] = series
            next_numbers[(year_id, code)] = numbers_take(series=series, count=count)
        now = timezone.now()
        # Each voucher's rows as they will be stored, so it is sealed before it is written.
        stored_rows = [self.stored_rows(v) for v, _y, _k in fresh]
        previous: dict[int, str] = {}
        ops = connection.ops
        voucher_values = []
        for (v, y, k), rows in zip(fresh, stored_rows, strict=True):
            code = v.series or "A"
            series = self.series[(y.pk, code)]
            number = next_numbers[(y.pk, code)]
            next_numbers[(y.pk, code)] = number + 1
            head = Voucher(
                fiscal_year=y,
                series=series,
                number=number,
                date=v.date,
                text=v.text[:200],
                source=VoucherSource.SIE.value,
                source_key=k,
                reference=f"{v.series} {v.number}".strip()[:60],
                posted_at=now,
            )
            if series.pk not in previous:
                previous[series.pk] = previous_hash(Voucher, series_id=series.pk, number=number)
            seal(head, rows, previous=previous[series.pk])
            previous[series.pk] = head.chain_hash
            voucher_values.append(
                (
                    y.pk,
                    series.pk,
                    number,
                    ops.adapt_datefield_value(head.date),
                    head.text,
                    head.source,
                    head.source_key,
                    head.reference,
                    False,
                    head.chain_previous,
                    head.chain_hash,
                )
            )
        ids: dict[tuple[int, int], int] = {}
        with connection.cursor() as cursor:
            _insert(cursor, "ledger_voucher", VOUCHER_COLUMNS, voucher_values)
            # The numbers were just taken under the series' lock: each series' range in
            # this batch is exactly the vouchers inserted now.
            for (year_id, code), count in wanted.items():
                series_id = self.series[(year_id, code)].pk
                last = next_numbers[(year_id, code)] - 1
                cursor.execute(
                    "SELECT series_id, number, id FROM ledger_voucher "
                    "WHERE series_id = %s AND number BETWEEN %s AND %s",
                    [series_id, last - count + 1, last],
                )
                ids.update(((s_id, n), pk) for s_id, n, pk in cursor.fetchall())
            row_values: list[tuple[Any, ...]] = []
            r = self.result
            adapt_amount = ops.adapt_decimalfield_value
            for rows, values in zip(stored_rows, voucher_values, strict=True):
                voucher_id = ids[(values[1], values[2])]
                row_values.extend(
                    (
                        voucher_id,
                        row.position,
                        row.account_id,
                        adapt_amount(row.amount, 14, 2),
                        row.cost_centre_id,
                        row.project_id,
                        row.other_objects,
                        row.text,
                        None if row.quantity is None else adapt_amount(row.quantity, 14, 2),
                    )
                    for row in rows
                )
                r.vouchers += 1
                r.rows += len(rows)
            _insert(cursor, "ledger_voucherrow", ROW_COLUMNS, row_values)
        Voucher.objects.filter(pk__in=list(ids.values())).update(posted=True, posted_at=now)
        self.pending = []
        self.pending_rows = 0
