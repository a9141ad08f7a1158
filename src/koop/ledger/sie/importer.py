"""``sie_import``: read an SIE 4 file (4E or 4I, and the balances of types 1-3) into the books.

All or nothing: the whole file is read inside one transaction; the first bad voucher
(unbalanced, unknown account, bad date) refuses the file with its line number and nothing
is kept. The same file twice doubles nothing: the file's SHA-256 is recorded, and every
voucher is keyed by its fiscal year, source series and number. It streams: lines are
parsed one at a time and vouchers inserted in batches (as drafts, then posted with one
UPDATE per batch, which the database checks), so memory stays bounded whatever the size.

Imported vouchers are numbered in Koop's gapless series of the same code (an empty series,
as 4I files have, becomes "A"); the source series and number are kept in ``reference``.
Rows marked #RTRANS (added afterwards) are taken, and the #TRANS twin the specification
puts after each of them for older readers is skipped; #BTRANS rows (removed afterwards)
are not part of the voucher."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.audit import audit_record
from koop.core.errors import KoopValidationError
from koop.core.money import ZERO
from koop.ledger.models import (
    Account,
    Balance,
    Dimension,
    FiscalYear,
    LedgerObject,
    ObjectMapping,
    SieImport,
    Voucher,
    VoucherSeries,
    VoucherSource,
)
from koop.ledger.models.accounts import COST_CENTRE_DIMENSION, PROJECT_DIMENSION, kind_for_number
from koop.ledger.numbering import numbers_take, series_ensure
from koop.ledger.sie.parser import (
    SIE_LABELS,
    Checksum,
    Field,
    SieLine,
    detect_encoding,
    not_sie_because,
    read_lines,
    unlabelled_message,
)
from koop.organisation.models import Unit

Actor = AbstractBaseUser | AnonymousUser | None
BATCH_ROWS = 5000
BALANCE_LABELS = {"IB", "UB", "RES", "OIB", "OUB", "PSALDO", "PBUDGET"}


class SieRefused(KoopValidationError):
    """The file is refused; the message names the line (and the voucher)."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(
            _("Line %(line)s: %(message)s") % {"line": line, "message": message}, field="file"
        )


@dataclass
class ImportResult:
    file_name: str = ""
    encoding: str = ""
    fingerprint: str = ""
    program: str = ""
    company: str = ""
    org_number: str = ""
    sie_type: str = ""
    already_imported: bool = False
    dry_run: bool = False
    vouchers: int = 0
    rows: int = 0
    skipped: int = 0
    balances: int = 0
    accounts_added: int = 0
    objects_added: int = 0
    fiscal_years: list[str] = field(default_factory=list)
    # Totals of every voucher in the file, whether imported now or already in the books.
    file_vouchers: int = 0
    debit_total: Decimal = ZERO
    account_totals: dict[int, Decimal] = field(default_factory=dict)
    balance_totals: dict[str, Decimal] = field(default_factory=dict)
    checksum_verified: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name,
            "encoding": self.encoding,
            "program": self.program,
            "company": self.company,
            "sie_type": self.sie_type,
            "already_imported": self.already_imported,
            "dry_run": self.dry_run,
            "vouchers": self.vouchers,
            "rows": self.rows,
            "skipped": self.skipped,
            "balances": self.balances,
            "accounts_added": self.accounts_added,
            "objects_added": self.objects_added,
            "fiscal_years": self.fiscal_years,
            "file_vouchers": self.file_vouchers,
            "debit_total": str(self.debit_total),
            "checksum_verified": self.checksum_verified,
        }


def _text(fields: list[Field], i: int) -> str:
    if i < len(fields) and isinstance(fields[i], str):
        return fields[i]  # type: ignore[return-value]  # checked just above
    return ""


def _objects(fields: list[Field], i: int) -> list[str]:
    if i < len(fields) and isinstance(fields[i], list):
        return fields[i]  # type: ignore[return-value]  # checked just above
    return []


def _date(value: str, line: int) -> dt.date:
    try:
        if len(value) == 8 and value.isascii() and value.isdigit():  # strptime is slow
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        return dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise SieRefused(
            line, _("%(value)r is not a date (YYYYMMDD).") % {"value": value}
        ) from None


_PLAIN_AMOUNT = re.compile(r"-?[0-9]+\.[0-9][0-9]")


def _amount(value: str, line: int) -> Decimal:
    if _PLAIN_AMOUNT.fullmatch(value):  # as nearly every program writes it: already exact
        return Decimal(value)
    try:
        amount = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise SieRefused(line, _("%(value)r is not an amount.") % {"value": value}) from None
    if not amount.is_finite():
        raise SieRefused(line, _("%(value)r is not an amount.") % {"value": value})
    if amount != amount.quantize(Decimal("0.01")):
        raise SieRefused(line, _("%(value)r has more than two decimals.") % {"value": value})
    return amount.quantize(Decimal("0.01"))


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


class _Importer:
    def __init__(
        self,
        path: Path,
        *,
        acting_user: Actor,
        dry_run: bool,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.path = path
        self.acting_user = acting_user
        self.progress = progress
        self.result = ImportResult(file_name=path.name, dry_run=dry_run)
        self.years: dict[int, FiscalYear] = {}  # RAR index -> fiscal year
        self.rar_seen = False
        self.known_years = list(FiscalYear.objects.order_by("start"))
        self.accounts = set(Account.objects.values_list("number", flat=True))
        self.file_accounts: dict[int, str] = {}
        self.dimensions = set(Dimension.objects.values_list("number", flat=True))
        self.object_ids: dict[tuple[int, str], int] = {
            (d, c): pk
            for pk, d, c in LedgerObject.objects.values_list("pk", "dimension_id", "code")
        }
        self.series: dict[tuple[int, str], VoucherSeries] = {}
        self.pending: list[tuple[_Voucher, FiscalYear, str]] = []
        self.pending_rows = 0
        self.pending_balances: list[Balance] = []
        self.keys_seen: Counter[str] = Counter()
        self.units_by_code = dict(Unit.objects.values_list("cost_centre", "pk"))

    # --- lookups that create what the file declares ---------------------------------

    def dimension(self, number: int, name: str = "", parent: int | None = None) -> None:
        if number in self.dimensions:
            if name or parent:
                Dimension.objects.filter(number=number).update(
                    **({"name": name} if name else {}), **({"parent_id": parent} if parent else {})
                )
            return
        if parent is not None:
            self.dimension(parent)
        Dimension.objects.create(number=number, name=name or str(number), parent_id=parent)
        self.dimensions.add(number)

    def object_id(self, dimension: int, code: str, name: str = "") -> int:
        key = (dimension, code)
        pk = self.object_ids.get(key)
        if pk is not None:
            if name:
                LedgerObject.objects.filter(pk=pk, name="").update(name=name)
            return pk
        self.dimension(dimension)
        obj = LedgerObject.objects.create(dimension_id=dimension, code=code, name=name[:200])
        self.object_ids[key] = obj.pk
        self.result.objects_added += 1
        if dimension == COST_CENTRE_DIMENSION and code in self.units_by_code:
            ObjectMapping.objects.create(object=obj, unit_id=self.units_by_code[code])
        return obj.pk

    def account(self, number_text: str, line: int, name: str | None = None) -> int:
        try:
            number = int(number_text)
        except ValueError:
            raise SieRefused(
                line, _("%(value)r is not an account number.") % {"value": number_text}
            ) from None
        if number in self.accounts:
            return number
        declared = self.file_accounts.get(number) if name is None else name
        if declared is None and (number // 10) * 10 in self.accounts and 1000 <= number <= 8999:
            # BAS lets a company open accounts under a group of the chart (3101 under 3100):
            # such an account is known by its group, and takes the group's name.
            group = Account.objects.get(number=(number // 10) * 10)
            declared = group.name
        if declared is None:
            raise SieRefused(
                line,
                _(
                    "account %(number)s is unknown (neither in the chart of "
                    "accounts nor declared with #KONTO)."
                )
                % {"number": number},
            )
        Account.objects.create(
            number=number, name=declared[:100] or str(number), kind=kind_for_number(number)
        )
        self.accounts.add(number)
        self.result.accounts_added += 1
        return number

    def fiscal_year(self, start: dt.date, end: dt.date, line: int) -> FiscalYear:
        for year in self.known_years:
            if year.start == start and year.end == end:
                return year
            if year.start <= end and year.end >= start:
                raise SieRefused(
                    line,
                    _(
                        "the fiscal year %(start)s–%(end)s overlaps the fiscal "
                        "year %(year)s in the books."
                    )
                    % {"start": start, "end": end, "year": year},
                )
        year = FiscalYear.objects.create(start=start, end=end)
        self.known_years.append(year)
        return year

    def year_for(self, day: dt.date, line: int) -> FiscalYear:
        for year in self.known_years:
            if year.start <= day <= year.end:
                return year
        if self.years:
            raise SieRefused(
                line,
                _("%(day)s lies outside the fiscal years of the file (#RAR).")
                % {"day": day.isoformat()},
            )
        return self.fiscal_year(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), line)

    # --- the posts -------------------------------------------------------------------

    def header(self, line: SieLine) -> None:
        f, label, r = line.fields, line.label, self.result
        if label == "PROGRAM":
            r.program = " ".join(x for x in (_text(f, 0), _text(f, 1)) if x)
        elif label == "FNAMN":
            r.company = _text(f, 0)
        elif label == "ORGNR":
            r.org_number = _text(f, 0)
        elif label == "SIETYP":
            r.sie_type = _text(f, 0)
        elif label == "RAR":
            self.rar_seen = True
            if _text(f, 1) and _text(f, 2):
                index = int(_text(f, 0) or 0)
                year = self.fiscal_year(
                    _date(_text(f, 1), line.number), _date(_text(f, 2), line.number), line.number
                )
                self.years[index] = year
                r.fiscal_years.append(str(year))
        elif label == "KONTO":
            try:
                number = int(_text(f, 0))
            except ValueError:
                raise SieRefused(
                    line.number, _("%(value)r is not an account number.") % {"value": _text(f, 0)}
                ) from None
            self.file_accounts[number] = _text(f, 1)
            self.account(str(number), line.number, name=_text(f, 1))
        elif label == "KTYP":
            kind = _text(f, 1).upper()
            if kind in {"T", "S", "I", "K"}:
                self.account(_text(f, 0), line.number)
                Account.objects.filter(number=int(_text(f, 0))).exclude(kind=kind).update(kind=kind)
        elif label == "SRU":
            number = self.account(_text(f, 0), line.number)
            Account.objects.filter(number=number, sru="").update(sru=_text(f, 1)[:10])
        elif label == "DIM":
            self.dimension(int(_text(f, 0)), _text(f, 1))
        elif label == "UNDERDIM":
            self.dimension(int(_text(f, 0)), _text(f, 1), parent=int(_text(f, 2)))
        elif label == "OBJEKT":
            self.object_id(int(_text(f, 0)), _text(f, 1), _text(f, 2))

    def balance(self, line: SieLine) -> None:
        f, label = line.fields, line.label
        year = self.years.get(int(_text(f, 0) or 0))
        if year is None:
            return  # a balance of a year the file does not describe with #RAR
        period, objects, offset = "", "", 1
        if label in {"PSALDO", "PBUDGET"}:
            period, offset = _text(f, 1), 2
        account = self.account(_text(f, offset), line.number)
        if label in {"OIB", "OUB", "PSALDO", "PBUDGET"}:
            obj = _objects(f, offset + 1)
            objects = " ".join(obj)
            offset += 1
        amount = _amount(_text(f, offset + 1), line.number)
        qty_text = _text(f, offset + 2)
        quantity = _amount(qty_text, line.number) if qty_text else None
        self.pending_balances.append(
            Balance(
                fiscal_year=year,
                kind=label,
                account_id=account,
                period=period,
                object_list=objects[:200],
                amount=amount,
                quantity=quantity,
            )
        )
        key = f"{label} {_text(f, 0)}"
        self.result.balance_totals[key] = self.result.balance_totals.get(key, ZERO) + amount
        self.result.balances += 1
        if len(self.pending_balances) >= BATCH_ROWS:
            self.flush_balances()

    def flush_balances(self) -> None:
        if not self.pending_balances:
            return
        Balance.objects.bulk_create(
            self.pending_balances,
            update_conflicts=True,
            unique_fields=["fiscal_year", "kind", "account", "period", "object_list"],
            update_fields=["amount", "quantity"],
        )
        self.pending_balances = []

    def voucher_rows(self, voucher: _Voucher, lines: list[SieLine]) -> None:
        skip_twin = False
        for line in lines:
            f = line.fields
            if line.label == "BTRANS":
                continue
            if line.label == "TRANS" and skip_twin:
                skip_twin = False
                continue
            skip_twin = line.label == "RTRANS"
            account = self.account(_text(f, 0), line.number)
            amount = _amount(_text(f, 2), line.number)
            if _text(f, 3):
                _date(_text(f, 3), line.number)
            qty = _text(f, 5)
            voucher.rows.append(
                _Row(
                    account=account,
                    amount=amount,
                    objects=_objects(f, 1),
                    text=_text(f, 4),
                    quantity=_amount(qty, line.number) if qty else None,
                )
            )

    def voucher(self, head: SieLine, lines: list[SieLine]) -> None:
        f = head.fields
        series, number = _text(f, 0), _text(f, 1)
        date_text = _text(f, 2)
        day = _date(date_text, head.number)
        voucher = _Voucher(
            line=head.number, series=series, number=number, date=day, text=_text(f, 3)
        )
        self.voucher_rows(voucher, lines)
        name = f"{series} {number}".strip() or "#VER"
        total = sum((r.amount for r in voucher.rows), ZERO)
        if total != ZERO:
            raise SieRefused(
                head.number,
                _("voucher %(voucher)s does not balance (off by %(diff)s).")
                % {"voucher": name, "diff": total},
            )
        year = self.year_for(day, head.number)
        r = self.result
        r.file_vouchers += 1
        for row in voucher.rows:
            r.account_totals[row.account] = r.account_totals.get(row.account, ZERO) + row.amount
            if row.amount > 0:
                r.debit_total += row.amount
        base = (
            f"sie:{year.start:%Y%m%d}:{series}:{number}"
            if number
            else (f"sie:{self.result.fingerprint[:20]}:{head.number}")
        )
        self.keys_seen[base] += 1
        key = base if self.keys_seen[base] == 1 else f"{base}#{self.keys_seen[base]}"
        self.pending.append((voucher, year, key))
        self.pending_rows += len(voucher.rows)
        if self.pending_rows >= BATCH_ROWS:
            self.flush_vouchers()

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
        ops = connection.ops
        voucher_values = []
        for v, y, k in fresh:
            code = v.series or "A"
            number = next_numbers[(y.pk, code)]
            next_numbers[(y.pk, code)] = number + 1
            voucher_values.append(
                (
                    y.pk,
                    self.series[(y.pk, code)].pk,
                    number,
                    ops.adapt_datefield_value(v.date),
                    v.text[:200],
                    VoucherSource.SIE.value,
                    k,
                    f"{v.series} {v.number}".strip()[:60],
                    False,
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
            row_values = []
            r = self.result
            adapt_amount = ops.adapt_decimalfield_value
            for (v, _y, _k), values in zip(fresh, voucher_values, strict=True):
                voucher_id = ids[(values[1], values[2])]
                for position, row in enumerate(v.rows, start=1):
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
                    row_values.append(
                        (
                            voucher_id,
                            position,
                            row.account,
                            adapt_amount(row.amount, 14, 2),
                            cost_centre,
                            project,
                            " ".join(others)[:200],
                            row.text[:200],
                            None if row.quantity is None else adapt_amount(row.quantity, 14, 2),
                        )
                    )
                r.vouchers += 1
                r.rows += len(v.rows)
            _insert(cursor, "ledger_voucherrow", ROW_COLUMNS, row_values)
        Voucher.objects.filter(pk__in=list(ids.values())).update(
            posted=True, posted_at=timezone.now()
        )
        self.pending = []
        self.pending_rows = 0

    # --- the file --------------------------------------------------------------------

    def run(self) -> ImportResult:
        problem = not_sie_because(self.path)
        if problem is not None:
            raise KoopValidationError(problem, field="file")
        facts = detect_encoding(self.path)
        r = self.result
        r.encoding, r.fingerprint = facts.encoding, facts.fingerprint
        if SieImport.objects.filter(fingerprint=facts.fingerprint).exists():
            r.already_imported = True
            return r
        checksum = Checksum()
        expected_checksum: int | None = None
        head: SieLine | None = None
        block: list[SieLine] = []
        in_block = False
        report = (lambda done: self.progress(done, facts.size)) if self.progress else None
        labelled = False  # whether any line has an SIE label
        for line in read_lines(self.path, facts.encoding, progress=report):
            label = line.label
            labelled = labelled or label in SIE_LABELS
            if label == "KSUMMA":
                if not line.fields:
                    checksum.active = True
                else:
                    expected_checksum = int(_text(line.fields, 0) or 0)
                    checksum.active = False
                continue
            checksum.add(line)
            if label == "{":
                in_block = True
                continue
            if label == "}":
                if head is not None:
                    self.voucher(head, block)
                head, block, in_block = None, [], False
                continue
            if in_block and label in {"TRANS", "RTRANS", "BTRANS"}:
                block.append(line)
                continue
            if label == "VER":
                if head is not None:  # a #VER without braces before it: refuse, not guess
                    raise SieRefused(head.number, _("the voucher has no { } block."))
                head = line
                continue
            if label in BALANCE_LABELS:
                self.balance(line)
            else:
                self.header(line)
        if head is not None:
            raise SieRefused(head.number, _("the voucher block is not closed with }."))
        if not labelled:
            raise KoopValidationError(unlabelled_message(), field="file")
        self.flush_vouchers()
        self.flush_balances()
        if expected_checksum is not None:
            if expected_checksum != checksum.value:
                raise SieRefused(
                    0,
                    _(
                        "the checksum (#KSUMMA) does not match: the file has been "
                        "changed or damaged."
                    ),
                )
            r.checksum_verified = True
        record = SieImport.objects.create(
            fingerprint=facts.fingerprint,
            file_name=self.path.name[:255],
            program=r.program[:200],
            company=r.company[:200],
            sie_type=r.sie_type[:4],
            vouchers=r.vouchers,
            rows=r.rows,
            skipped=r.skipped,
            imported_by_id=self.acting_user.pk
            if self.acting_user is not None and self.acting_user.is_authenticated
            else None,
        )
        audit_record(
            actor=self.acting_user, action="sie_import", obj=record, before=None, after=r.as_dict()
        )
        return r


def sie_import(
    *,
    path: Path,
    acting_user: Actor,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import the SIE file at ``path``; with ``dry_run`` everything is checked and nothing kept.

    ``progress(bytes_done, bytes_total)`` is called as the file is read."""
    with transaction.atomic():
        result = _Importer(path, acting_user=acting_user, dry_run=dry_run, progress=progress).run()
        if dry_run:
            transaction.set_rollback(True)
    return result
