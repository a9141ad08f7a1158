"""The hash chain over posted vouchers and issued invoices: sealed as they are written,
recomputed by ``koop verify-books``, which names the first record that breaks."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from koop.billing.chain import invoice_content
from koop.billing.models import Invoice, InvoiceLine
from koop.billing.services import payment_register
from koop.core.chain import GENESIS, check_chain, link, verify_books
from koop.core.dbrules import rules_lifted
from koop.ledger.chain import voucher_chains, voucher_content
from koop.ledger.models import Voucher, VoucherRow
from koop.ledger.services import voucher_reverse
from koop.ledger.sie.importer import sie_import
from tests.personas import World

D = Decimal


def verify() -> tuple[str, str]:
    """Run ``koop verify-books``: (its output, the error it ends with, or "")."""
    out = io.StringIO()
    try:
        call_command("verify-books", stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


def _refusal(sql: str, params: list[object]) -> str:
    with (
        pytest.raises(IntegrityError) as caught,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)
    return str(caught.value)


def test_posting_seals_each_voucher_after_the_one_before(vouchers: list[Voucher]) -> None:
    stored = list(Voucher.objects.filter(series=vouchers[0].series).order_by("number"))
    assert [v.number for v in stored] == [1, 2, 3]
    assert stored[0].chain_previous == GENESIS
    assert stored[1].chain_previous == stored[0].chain_hash
    assert stored[2].chain_previous == stored[1].chain_hash
    for voucher in stored:
        content = voucher_content(voucher, voucher.rows.all())
        assert voucher.chain_hash == link(voucher.chain_previous, content)
    # The content is what makes the voucher what it is: a row's amount among it.
    assert content["rows"][0] == {
        "position": 1,
        "account": 6110,
        "amount": "75.25",
        "cost_centre": None,
        "project": None,
        "other_objects": "",
        "business_area": None,
        "text": "",
        "quantity": None,
    }
    assert (content["series"], content["number"], content["date"]) == ("A", 3, "2024-03-01")


def test_issuing_seals_invoices_and_credit_notes_in_one_series(invoices: list[Invoice]) -> None:
    stored = list(Invoice.objects.order_by("number"))
    assert [(i.number, i.kind) for i in stored] == [
        (1, "invoice"),
        (2, "credit_note"),
        (3, "invoice"),
    ]
    assert stored[0].chain_previous == GENESIS
    assert [i.chain_previous for i in stored[1:]] == [i.chain_hash for i in stored[:-1]]
    for invoice in stored:
        content = invoice_content(invoice, invoice.lines.all(), invoice.vat_amounts.all())
        assert invoice.chain_hash == link(invoice.chain_previous, content)
    credit = invoice_content(stored[1], stored[1].lines.all(), stored[1].vat_amounts.all())
    assert credit["credited_invoice"] == 1
    assert credit["lines"][0]["credited_line"] == 1
    assert credit["lines"][0]["quantity"] == "1.000"


def test_the_chain_columns_cannot_be_changed_once_sealed(
    vouchers: list[Voucher], invoices: list[Invoice]
) -> None:
    for sql, pk in (
        ("UPDATE ledger_voucher SET chain_hash = %s WHERE id = %s", vouchers[1].pk),
        ("UPDATE billing_invoice SET chain_hash = %s WHERE id = %s", invoices[1].pk),
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, ["0" * 64, pk])


def test_verify_books_passes_on_books_written_by_every_path(
    world: World, vouchers: list[Voucher], invoices: list[Invoice], tmp_path: Path
) -> None:
    voucher_reverse(voucher=vouchers[0], acting_user=None, on=dt.date(2024, 3, 5))
    payment_register(
        invoice=invoices[2],
        paid_on=dt.date(2025, 3, 25),
        amount=invoices[2].payable,
        acting_user=world.user("finance"),
    )
    sie = tmp_path / "import.se"
    sie.write_text(
        "\n".join(
            [
                "#FLAGGA 0",
                "#SIETYP 4",
                "#RAR 0 20240101 20241231",
                '#VER "B" "1" 20240410 "Hyra"',
                "{",
                "#TRANS 5010 {} 8000.00",
                "#TRANS 1930 {} -8000.00",
                "#TRANS 1910 {} 0.00",
                "}",
                '#VER "B" "2" 20240411 "Makulerad"',
                "{",
                "}",
            ]
        )
        + "\n",
        encoding="cp437",
    )
    result = sie_import(path=sie, acting_user=None)
    assert (result.vouchers, result.rows, result.empty) == (1, 2, 1)
    out, error = verify()
    assert error == ""
    assert "Voucher series A, fiscal year 2024: 4 records, intact" in out
    assert "Voucher series B, fiscal year 2024: 1 record, intact" in out
    assert "Invoices and credit notes of" in out
    assert "3 records, intact" in out
    assert "The books verify" in out


def test_verify_books_names_a_voucher_row_changed_behind_the_triggers(
    vouchers: list[Voucher],
) -> None:
    row = VoucherRow.objects.get(voucher=vouchers[1], position=2)
    # As a superuser could: the triggers off, raw SQL, the triggers back on.
    with rules_lifted(connection, ["ledger_voucherrow"]), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ledger_voucherrow SET amount = %s WHERE id = %s", [D("-205.50"), row.pk]
        )
    assert "ledger_voucherrow" in _refusal(
        "UPDATE ledger_voucherrow SET amount = %s WHERE id = %s", [D("-250.50"), row.pk]
    )
    out, error = verify()
    assert "Voucher series A, fiscal year 2024: BROKEN at A2: its content is not what was" in out
    assert vouchers[1].chain_hash[:16] in out
    assert "1 of 1 chain is broken" in error


def test_verify_books_names_a_voucher_changed_and_sealed_again(vouchers: list[Voucher]) -> None:
    forged = Voucher.objects.get(pk=vouchers[1].pk)
    forged.text = "Något annat"
    content = voucher_content(forged, forged.rows.all())
    with rules_lifted(connection, ["ledger_voucher"]):
        Voucher.objects.filter(pk=forged.pk).update(
            text=forged.text, chain_hash=link(forged.chain_previous, content)
        )
    out, error = verify()
    assert "BROKEN at A2: it was changed and sealed again after A3 was sealed" in out
    assert error


@pytest.mark.parametrize(("removed", "named"), [(2, "BROKEN at A3: the numbers jump"), (3, "3")])
def test_verify_books_names_a_removed_voucher(
    vouchers: list[Voucher], removed: int, named: str
) -> None:
    voucher = vouchers[removed - 1]
    with rules_lifted(connection, ["ledger_voucher", "ledger_voucherrow"]):
        VoucherRow.objects.filter(voucher=voucher).delete()
        Voucher.objects.filter(pk=voucher.pk).delete()
    out, error = verify()
    assert named in out
    if removed == 3:
        assert "BROKEN at 3: number 3 is missing: the series' counter stands at 4" in out
    assert error


def test_verify_books_names_an_invoice_line_changed_behind_the_triggers(
    invoices: list[Invoice],
) -> None:
    line = InvoiceLine.objects.get(invoice=invoices[2], line_no=1)
    with rules_lifted(connection, ["billing_invoiceline"]), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE billing_invoiceline SET unit_price = %s WHERE id = %s", [D("31.00"), line.pk]
        )
    out, error = verify()
    assert "BROKEN at Invoice 3: its content is not what was sealed" in out
    assert error


def test_verify_books_names_an_invoice_whose_buyer_was_changed(invoices: list[Invoice]) -> None:
    buyer = {**invoices[0].buyer, "name": "Någon annan AB"}
    with rules_lifted(connection, ["billing_invoice"]):
        Invoice.objects.filter(pk=invoices[0].pk).update(buyer=buyer)
    out, _error = verify()
    assert "BROKEN at Invoice 1: its content is not what was sealed" in out


def test_verify_books_speaks_swedish(vouchers: list[Voucher]) -> None:
    out = io.StringIO()
    with translation.override("sv"):
        call_command("verify-books", stdout=out)
    assert "Verifikationsserie A" in out.getvalue()
    assert "Bokföringen stämmer" in out.getvalue()


def test_records_posted_before_the_chain_are_sealed_by_the_migration(
    vouchers: list[Voucher], invoices: list[Invoice]
) -> None:
    with rules_lifted(connection, ["ledger_voucher", "billing_invoice"]):
        Voucher.objects.update(chain_previous="", chain_hash="")
        Invoice.objects.update(chain_previous="", chain_hash="")
    assert not all(r.intact for r in verify_books())
    editor = SimpleNamespace(connection=connection)
    import_module("koop.ledger.migrations.0006_voucher_chain").seal_posted(django_apps, editor)
    import_module("koop.billing.migrations.0004_invoice_chain").seal_issued(django_apps, editor)
    reports = verify_books()
    assert [r.intact for r in reports] == [True] * len(reports)
    # Series A's three vouchers, the three documents and the three vouchers they posted.
    assert sum(r.count for r in reports) == 9
    assert Invoice.objects.filter(chain_hash="").count() == 0


def test_a_voucher_posted_without_a_seal_is_named(vouchers: list[Voucher]) -> None:
    with rules_lifted(connection, ["ledger_voucher"]):
        Voucher.objects.filter(pk=vouchers[2].pk).update(chain_hash="")
    (report,) = [check_chain(c) for c in voucher_chains()]
    assert (report.broken_at, report.count) == ("A3", 2)
    assert "no hash" in report.problem


@pytest.mark.django_db
def test_the_demo_books_are_sealed_in_number_order_and_verify() -> None:
    from koop.demo.seed import run_seed

    run_seed(scale=1, seed=1)
    reports = verify_books()
    assert [r.problem for r in reports if not r.intact] == []
    assert {r.key.split(":")[0] for r in reports} == {"ledger", "billing"}
    assert sum(r.count for r in reports) == Voucher.objects.count() + Invoice.objects.count()
