from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koop.core.errors import KoopValidationError
from koop.ledger.models import (
    Account,
    Balance,
    FiscalYear,
    LedgerObject,
    ObjectMapping,
    Voucher,
    VoucherRow,
)
from koop.ledger.services import RowSpec, voucher_post
from koop.ledger.sie.exporter import write_sie
from koop.ledger.sie.importer import sie_import
from koop.ledger.sie.parser import detect_encoding, parse_line

OWN = Path(__file__).resolve().parent / "sie_files"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "sie"

# file -> (vouchers, #TRANS rows taken, debit total, encoding)
SAMPLE_TOTALS = {
    # Voucher A 8 is voided (its rows removed, rows of 0 added): it books nothing and a
    # posted voucher has no rows of 0, so it is left out as empty.
    "BL0001_typ4.SE": (83, 403, "1014803.21", "cp437"),
    "BL0001_typ4I.SI": (1, 10, "3313.00", "cp437"),
    "FAKT.SI": (1, 3, "8000.00", "cp437"),
    "MAMUT_SIE4_EXPORT.SE": (168, 458, "25208291.19", "cp437"),
    "SIE4_Exempelfil_med_underdim.SE": (295, 1330, "34197905.88", "utf-8"),
    "magenta_bokforing_SIE4E.se": (19, 84, "484154.00", "cp437"),
}


def _sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.is_file():
        pytest.fail(f"the shared SIE samples are not here ({SAMPLES}): the suite needs ../shared")
    return path


def test_parse_line_reads_quotes_escapes_and_object_lists() -> None:
    fields = parse_line('#TRANS 3001 {1 "110" 6 "P 1"} -100.50 20240101 "Städ \\"A\\""')
    assert fields == ["#TRANS", "3001", ["1", "110", "6", "P 1"], "-100.50", "20240101", 'Städ "A"']
    assert parse_line("#TRANS 1930 {} 5") == ["#TRANS", "1930", [], "5"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SAMPLE_TOTALS))
def test_reads_every_sample_file_with_the_right_totals(name: str) -> None:
    vouchers, rows, debit, encoding = SAMPLE_TOTALS[name]
    result = sie_import(path=_sample(name), acting_user=None)
    assert (result.vouchers, result.rows, result.debit_total, result.encoding) == (
        vouchers,
        rows,
        Decimal(debit),
        encoding,
    )
    assert Voucher.objects.filter(posted=True).count() == vouchers
    assert VoucherRow.objects.count() == rows


@pytest.mark.django_db
def test_refuses_the_bad_balance_sample_naming_voucher_and_line() -> None:
    with pytest.raises(KoopValidationError, match=r"Line 3905: voucher B 1 does not balance"):
        sie_import(path=_sample("transaktioner_ovnbolag-bad-balance.se"), acting_user=None)
    assert not Voucher.objects.exists()


@pytest.mark.django_db
def test_cp437_file_keeps_swedish_letters_balances_and_cost_centres(world) -> None:
    assert detect_encoding(OWN / "cp437_aao.se").encoding == "cp437"
    result = sie_import(path=OWN / "cp437_aao.se", acting_user=None)
    assert result.company == "Kooperativet Ängsö Åkeri"
    assert (result.vouchers, result.rows) == (2, 5)
    row = VoucherRow.objects.get(account_id=3001)
    assert row.text == 'Städ "kontor" Ö'
    assert row.cost_centre.code == "110"
    # Cost centre 110 is unit A's, so it is mapped by itself.
    assert ObjectMapping.objects.get(object__code="110").unit == world.unit_a
    assert Balance.objects.get(kind="IB", account_id=1930).amount == Decimal("1000.00")


@pytest.mark.django_db
def test_underdim_object_lists_and_rtrans_are_read() -> None:
    result = sie_import(path=OWN / "underdim_objects.se", acting_user=None)
    assert (result.vouchers, result.rows) == (2, 5)
    row = VoucherRow.objects.get(account_id=3001, amount=Decimal("-800.00"))
    assert (row.cost_centre.code, row.project.code, row.other_objects) == ("120", "P1", "61 P1A")
    assert LedgerObject.objects.get(dimension_id=61, code="P1A").dimension.parent_id == 6
    assert not VoucherRow.objects.filter(account_id=1910).exists()  # #BTRANS: removed row
    assert Balance.objects.filter(kind="PBUDGET").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_balance.se", r"Line 11: voucher A 2 does not balance \(off by 10.00\)"),
        ("bad_date.se", r"Line 4: '20241341' is not a date"),
    ],
)
def test_one_bad_voucher_refuses_the_whole_file(name: str, message: str) -> None:
    with pytest.raises(KoopValidationError, match=message):
        sie_import(path=OWN / name, acting_user=None)
    assert not Voucher.objects.exists()
    assert not FiscalYear.objects.exists()


@pytest.mark.django_db
def test_an_account_declared_nowhere_is_created_and_listed() -> None:
    result = sie_import(path=OWN / "unknown_account.se", acting_user=None)
    assert 9876 in result.accounts_created
    assert Account.objects.get(number=9876).name == "From SIE file unknown_account.se, line 6"


@pytest.mark.django_db
def test_the_same_file_twice_doubles_nothing() -> None:
    first = sie_import(path=OWN / "cp437_aao.se", acting_user=None)
    second = sie_import(path=OWN / "cp437_aao.se", acting_user=None)
    assert first.vouchers == 2
    assert second.already_imported
    assert Voucher.objects.count() == 2


@pytest.mark.django_db
def test_dry_run_checks_and_keeps_nothing() -> None:
    result = sie_import(path=OWN / "cp437_aao.se", acting_user=None, dry_run=True)
    assert result.vouchers == 2
    assert not Voucher.objects.exists()
    assert not FiscalYear.objects.exists()


@pytest.mark.django_db
def test_command_imports_and_refuses_with_the_line(capsys) -> None:
    call_command("sie", "import", str(OWN / "underdim_objects.se"), "--quiet-progress")
    assert "2 vouchers" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Line 11"):
        call_command("sie", "import", str(OWN / "bad_balance.se"), "--quiet-progress")


@pytest.mark.django_db
def test_export_4e_is_cp437_with_checksum_and_reads_back(tmp_path) -> None:
    sie_import(path=OWN / "cp437_aao.se", acting_user=None)
    out = tmp_path / "export.se"
    call_command("sie", "export", "--year", "2024", "--type", "4E", "-o", str(out))
    data = out.read_bytes()
    assert "Ängsö".encode("cp437") in data
    assert b"#KSUMMA" in data
    assert b"#RAR 0 20240101" in data
    again = sie_import(path=out, acting_user=None, dry_run=True)
    assert again.checksum_verified
    assert again.file_vouchers == 2
    assert again.debit_total == Decimal("1625.00")
    assert again.balance_totals["UB 0"] == Decimal("1625.00")  # 1930: 1875, 2611: -250


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


@pytest.mark.django_db
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(amounts, st.sampled_from([3001, 3002, 5611, 7010])), min_size=1, max_size=8),
    st.text(alphabet='abcÅÄÖåäö "\\{}#', max_size=20),
)
def test_export_round_trips_through_the_importer(entries, text) -> None:
    year, _created = FiscalYear.objects.get_or_create(
        start=dt.date(2025, 1, 1), defaults={"end": dt.date(2025, 12, 31)}
    )
    expected: dict[int, Decimal] = {}
    for i, (amount, account) in enumerate(entries):
        sign = Decimal(-1) if account < 4000 else Decimal(1)
        voucher_post(
            voucher_date=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            series="A",
            text=text,
            rows=[RowSpec(account, sign * amount, text=text), RowSpec(1930, -sign * amount)],
            acting_user=None,
        )
    for account, total in VoucherRow.objects.filter(voucher__fiscal_year=year).values_list(
        "account_id", "amount"
    ):
        expected[account] = expected.get(account, Decimal(0)) + total
    buffer = io.BytesIO()
    write_sie(buffer, year=year, sie_type="4I")
    path = Path(f"/tmp/koop-roundtrip-{id(buffer)}.si")
    path.write_bytes(buffer.getvalue())
    try:
        result = sie_import(path=path, acting_user=None, dry_run=True)
    finally:
        path.unlink()
    assert result.checksum_verified
    assert {k: v for k, v in result.account_totals.items() if v} == {
        k: v for k, v in expected.items() if v
    }
    Voucher.objects.all().count()  # the database is rolled back per example by the fixture


@pytest.mark.django_db
def test_report_units_command_works_on_a_database_with_only_an_imported_file(capsys) -> None:
    sie_import(path=OWN / "underdim_objects.se", acting_user=None)
    call_command("report", "units", "--year", "2024", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    by_code = {line["cost_centre"]: line for line in data["cost_centres"]}
    assert by_code["120"]["revenue"] == "800.00"
    assert by_code["999"]["revenue"] == "200.00"
    assert by_code[None]["revenue"] == "300.00"
    assert by_code[None]["result"] == "300.00"
    call_command("report", "units", "--year", "2024", "--format", "csv")
    assert "120,Cykelbudet,800.00,0.00,800.00" in capsys.readouterr().out
