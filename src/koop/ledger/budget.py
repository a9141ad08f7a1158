"""Budgets imported from a spreadsheet (xlsx) or CSV.

The file has a header row and one line per month, account and cost centre:
``month`` (YYYY-MM), ``account``, ``cost_centre`` (the dimension-1 code; empty for none) and
``amount``. Swedish headers (månad, konto, kostnadsställe, belopp) are read as well.
Amounts are written as people write budgets: revenue and costs both positive; revenue is
stored as a credit, as the vouchers have it. An import is all or nothing and replaces the
budget of the fiscal years it touches, so the same file twice doubles nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from koop.core.audit import audit_record
from koop.core.errors import FieldProblem, KoopValidationError
from koop.core.money import round_money
from koop.ledger.models import Account, Budget, FiscalYear, LedgerObject
from koop.ledger.models.accounts import COST_CENTRE_DIMENSION

Actor = AbstractBaseUser | AnonymousUser | None

HEADERS = {
    "month": "month",
    "månad": "month",
    "period": "month",
    "account": "account",
    "konto": "account",
    "cost_centre": "cost_centre",
    "cost centre": "cost_centre",
    "kostnadsställe": "cost_centre",
    "amount": "amount",
    "belopp": "amount",
}
REQUIRED = ("month", "account", "amount")
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class BudgetLine:
    line: int
    month: dt.date
    account: int
    cost_centre: str
    amount: Decimal


def _cells_csv(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _cells_xlsx(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # no stubs published

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise KoopValidationError(
            _("The file is not a readable xlsx workbook."), field="file"
        ) from error
    for row in book.worksheets[0].iter_rows(values_only=True):
        yield ["" if cell is None else cell for cell in row]


def _month(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date().replace(day=1)
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = str(value).strip()
    for fmt in ("%Y-%m", "%Y%m", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date().replace(day=1)
        except ValueError:
            continue
    raise ValueError(text)


def _amount(value: Any) -> Decimal:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return round_money(Decimal(str(value)))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    amount = Decimal(text)
    if not amount.is_finite():
        raise InvalidOperation(text)
    return round_money(amount)


def budget_read(*, name: str, data: bytes) -> list[BudgetLine]:
    """The lines of a budget file; a bad line is refused with its line number."""
    rows: Iterable[Sequence[Any]] = (
        _cells_xlsx(data) if name.lower().endswith(".xlsx") else _cells_csv(data)
    )
    columns: dict[str, int] = {}
    lines: list[BudgetLine] = []
    problems: list[FieldProblem] = []

    def problem(number: int, message: str) -> None:
        problems.append(
            FieldProblem(
                "file", _("Line %(line)s: %(problem)s") % {"line": number, "problem": message}
            )
        )

    for number, cells in enumerate(rows, start=1):
        if not any(str(c).strip() for c in cells):
            continue
        if not columns:
            for i, cell in enumerate(cells):
                key = HEADERS.get(str(cell).strip().lower())
                if key:
                    columns[key] = i
            missing = [c for c in REQUIRED if c not in columns]
            if missing:
                problem(
                    number,
                    _("the header row needs the columns %(columns)s.")
                    % {"columns": ", ".join(REQUIRED)},
                )
                break
            continue

        def cell(key: str, cells: Sequence[Any] = cells) -> Any:
            i = columns.get(key)
            return cells[i] if i is not None and i < len(cells) else ""

        try:
            month = _month(cell("month"))
        except ValueError:
            problem(number, _("the month %(value)s is not YYYY-MM.") % {"value": cell("month")})
            continue
        try:
            account = int(str(cell("account")).strip().split(".")[0])
        except ValueError:
            problem(number, _("%(value)s is not an account number.") % {"value": cell("account")})
            continue
        try:
            amount = _amount(cell("amount"))
        except (InvalidOperation, ValueError):
            problem(number, _("%(value)s is not an amount.") % {"value": cell("amount")})
            continue
        code = str(cell("cost_centre")).strip()
        if code.endswith(".0"):  # a numeric code read from a spreadsheet cell
            code = code[:-2]
        lines.append(BudgetLine(number, month, account, code, amount))
        if len(problems) >= MAX_PROBLEMS:
            break
    if not columns and not problems:
        problems.append(FieldProblem("file", _("The file is empty.")))
    if problems:
        raise KoopValidationError(problems)
    return lines


def budget_import(*, lines: Sequence[BudgetLine], acting_user: Actor) -> list[Budget]:
    """Replace the budget of the fiscal years ``lines`` fall in; all or nothing."""
    accounts = set(
        Account.objects.filter(number__in={ln.account for ln in lines}).values_list(
            "number", flat=True
        )
    )
    objects = dict(
        LedgerObject.objects.filter(
            dimension_id=COST_CENTRE_DIMENSION, code__in={ln.cost_centre for ln in lines}
        ).values_list("code", "pk")
    )
    years = list(FiscalYear.objects.all())
    problems: list[FieldProblem] = []
    seen: dict[tuple[dt.date, int, str], int] = {}
    budgets: list[Budget] = []

    def problem(line: BudgetLine, message: str) -> None:
        problems.append(
            FieldProblem(
                "file", _("Line %(line)s: %(problem)s") % {"line": line.line, "problem": message}
            )
        )

    for ln in lines:
        year = next((y for y in years if y.start <= ln.month <= y.end), None)
        if year is None:
            problem(ln, _("no fiscal year holds %(month)s.") % {"month": f"{ln.month:%Y-%m}"})
        elif ln.account not in accounts:
            problem(ln, _("the account %(account)s is not in the chart.") % {"account": ln.account})
        elif ln.cost_centre and ln.cost_centre not in objects:
            problem(ln, _("the cost centre %(code)s is unknown.") % {"code": ln.cost_centre})
        elif (key := (ln.month, ln.account, ln.cost_centre)) in seen:
            problem(
                ln,
                _("the same month, account and cost centre as line %(line)s.")
                % {"line": seen[key]},
            )
        else:
            seen[key] = ln.line
            # Revenue (3xxx) is a credit in the books; the file gives it as a positive figure.
            sign = -1 if 3000 <= ln.account <= 3999 else 1
            budgets.append(
                Budget(
                    fiscal_year=year,
                    month=ln.month,
                    account_id=ln.account,
                    cost_centre_id=objects.get(ln.cost_centre) if ln.cost_centre else None,
                    amount=sign * ln.amount,
                )
            )
        if len(problems) >= MAX_PROBLEMS:
            break
    if not lines:
        problems.append(FieldProblem("file", _("The file has no budget lines.")))
    if problems:
        raise KoopValidationError(problems)
    year_ids = sorted({b.fiscal_year_id for b in budgets})
    with transaction.atomic():
        replaced = Budget.objects.filter(fiscal_year_id__in=year_ids).delete()[0]
        created = Budget.objects.bulk_create(budgets, batch_size=1000)
        audit_record(
            actor=acting_user,
            action="budget_import",
            obj=next(y for y in years if y.pk == year_ids[0]),
            before={"lines": replaced},
            after={"lines": len(created), "fiscal_years": year_ids},
        )
    return created
