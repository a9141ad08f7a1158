"""Budgets from CSV and xlsx: all or nothing, the bad line named, the same file twice
doubles nothing; the unit report compares against the budget."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from koop.core.errors import KoopValidationError
from koop.ledger.budget import budget_import, budget_read
from koop.ledger.models import Budget, FiscalYear
from koop.ledger.reports import monthly
from koop.ledger.services import object_ensure

CSV = (
    "månad;konto;kostnadsställe;belopp\n"
    "2024-01;3001;101;10 000,00\n"
    "2024-01;5010;101;4000\n"
    "2024-02;7010;;2500.50\n"
)


@pytest.fixture
def books(year_2024: FiscalYear) -> FiscalYear:
    object_ensure(dimension=1, code="101", name="Möbellagret")
    return year_2024


def _import(text: str, name: str = "budget.csv") -> list[Budget]:
    return budget_import(lines=budget_read(name=name, data=text.encode()), acting_user=None)


def test_csv_budget_stores_revenue_as_credit_and_costs_as_debit(books: FiscalYear) -> None:
    created = _import(CSV)
    assert len(created) == 3
    amounts = {
        (b.account_id, b.cost_centre.code if b.cost_centre else ""): b.amount
        for b in Budget.objects.select_related("cost_centre")
    }
    assert amounts == {
        (3001, "101"): Decimal("-10000.00"),
        (5010, "101"): Decimal("4000.00"),
        (7010, ""): Decimal("2500.50"),
    }
    cc = Budget.objects.filter(cost_centre__isnull=False).first().cost_centre_id
    january = monthly(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), cost_centre_ids=[cc])[0]
    assert (january.budget_revenue, january.budget_costs) == (
        Decimal("10000.00"),
        Decimal("4000.00"),
    )


def test_the_same_budget_twice_doubles_nothing(books: FiscalYear) -> None:
    _import(CSV)
    _import(CSV)
    assert Budget.objects.count() == 3


def test_xlsx_budget_is_read_like_csv(books: FiscalYear) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["month", "account", "cost_centre", "amount"])
    sheet.append([dt.datetime(2024, 3, 1), 3001, 101, 1200.5])
    sheet.append(["2024-04", 4010, "101", 300])
    out = io.BytesIO()
    book.save(out)
    lines = budget_read(name="budget.xlsx", data=out.getvalue())
    assert [(ln.month, ln.account, ln.cost_centre, ln.amount) for ln in lines] == [
        (dt.date(2024, 3, 1), 3001, "101", Decimal("1200.50")),
        (dt.date(2024, 4, 1), 4010, "101", Decimal("300.00")),
    ]
    assert len(budget_import(lines=lines, acting_user=None)) == 2


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("2024-13;5010;101;10", "Line 3: the month 2024-13 is not YYYY-MM."),
        ("2024-03;konto;101;10", "Line 3: konto is not an account number."),
        ("2024-03;5010;101;tio", "Line 3: tio is not an amount."),
        ("2024-03;9998;101;10", "Line 3: the account 9998 is not in the chart."),
        ("2024-03;5010;999;10", "Line 3: the cost centre 999 is unknown."),
        ("2030-03;5010;101;10", "Line 3: no fiscal year holds 2030-03."),
        ("2024-01;3001;101;5", "Line 3: the same month, account and cost centre as line 2."),
    ],
)
def test_a_bad_line_refuses_the_whole_file_naming_the_line(
    books: FiscalYear, bad_line: str, message: str
) -> None:
    text = "month;account;cost_centre;amount\n2024-01;3001;101;100\n" + bad_line + "\n"
    with pytest.raises(KoopValidationError) as error:
        _import(text)
    assert [str(p.message) for p in error.value.problems] == [message]
    assert error.value.problems[0].field == "file"
    assert not Budget.objects.exists()


def test_a_file_without_the_columns_is_refused(books: FiscalYear) -> None:
    with pytest.raises(KoopValidationError, match="Line 1: the header row needs"):
        _import("a;b;c\n1;2;3\n")


def test_budget_command_imports_and_dry_run_keeps_nothing(books: FiscalYear, tmp_path) -> None:
    path = tmp_path / "budget.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("budget", "import", str(path), "--dry-run")
    assert not Budget.objects.exists()
    call_command("budget", "import", str(path))
    assert Budget.objects.count() == 3
    path.write_text("month;account;amount\n2024-01;3001;x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Line 2"):
        call_command("budget", "import", str(path))


def test_budget_page_imports_and_answers_422_naming_the_line(world, client_for) -> None:
    FiscalYear.objects.create(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    object_ensure(dimension=1, code="101", name="Möbellagret")
    client = client_for("finance")
    url = reverse("ledger:budget-import")
    bad = SimpleUploadedFile("b.csv", b"month;account;amount\n2024-01;3001;10\n2024-01;99;1\n")
    response = client.post(url, {"file": bad})
    assert response.status_code == 422
    assert "Line 3" in response.content.decode()
    good = SimpleUploadedFile("b.csv", CSV.encode())
    assert client.post(url, {"file": good}).status_code == 302
    assert Budget.objects.count() == 3
