"""What real programs write is imported once; a damaged or odd file is refused with the
line and the reason, and a refused file leaves nothing in the books."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from koop.core.errors import KoopValidationError
from koop.ledger.models import Account, Balance, ImportJob, ImportStatus, Voucher, VoucherRow
from koop.ledger.sie.importer import sie_import

HEAD = "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20250101 20251231\n"
VOUCHER = '#VER A 1 20250110 "Kaffe"\n{\n#TRANS 5460 {} 100.00\n#TRANS 1930 {} -100.00\n}\n'


def _file(tmp_path: Path, body: str | bytes, name: str = "bok.se") -> Path:
    path = tmp_path / name
    path.write_bytes(body if isinstance(body, bytes) else body.encode("cp437"))
    return path


def _counts() -> tuple[int, int, int, int]:
    return (
        Voucher.objects.count(),
        VoucherRow.objects.count(),
        Account.objects.count(),
        Balance.objects.count(),
    )


def _refused(path: Path, pattern: str) -> None:
    before = _counts()
    with pytest.raises(KoopValidationError, match=pattern):
        sie_import(path=path, acting_user=None)
    assert _counts() == before


@pytest.mark.django_db
def test_a_voucher_written_twice_byte_for_byte_is_booked_once(tmp_path: Path) -> None:
    result = sie_import(path=_file(tmp_path, HEAD + VOUCHER + VOUCHER), acting_user=None)
    assert (result.vouchers, result.duplicates) == (1, 1)
    assert Voucher.objects.count() == 1


@pytest.mark.django_db
def test_the_same_voucher_number_with_other_content_is_refused_with_both_lines(
    tmp_path: Path,
) -> None:
    other = VOUCHER.replace("100.00", "120.00")
    _refused(
        _file(tmp_path, HEAD + VOUCHER + other),
        r"Line 9: voucher A 1 is in the file twice with different content \(lines 4 and 9\)",
    )


NUMBERLESS = (
    '#VER B "" 20250105 "Porto"\n{\n#TRANS 6250 {} 50.00\n#TRANS 1930 {} -50.00\n}\n'
    '#VER B "" 20250106 "Porto"\n{\n#TRANS 6250 {} 50.00\n#TRANS 1930 {} -50.00\n}\n'
)


@pytest.mark.django_db
def test_numberless_vouchers_are_known_again_in_a_later_cumulative_export(
    tmp_path: Path,
) -> None:
    twice = NUMBERLESS + NUMBERLESS.replace("20250106", "20250105")  # the same voucher twice
    first = sie_import(path=_file(tmp_path, HEAD + twice, "jan.si"), acting_user=None)
    assert first.vouchers == 4  # two equal vouchers in one journal are two vouchers
    later = HEAD + "#GEN 20250301\n" + twice + NUMBERLESS.replace("20250105", "20250201")
    second = sie_import(path=_file(tmp_path, later, "feb.si"), acting_user=None)
    assert (second.vouchers, second.skipped) == (2, 4)
    assert Voucher.objects.count() == 6


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tail", "pattern"),
    [
        ('#VER A 2 20250111 "Kaf', r"Line 9: a quote or an object list \{ \} is not closed"),
        ('#VER A 2 20250111\n{\n#TRANS 1930 {1 "1', r"Line 11: a quote or an object list"),
        ("#VER A 2 20250111\n{\n#TRANS 1930 {} 5.00\n", r"Line 9: the file ends inside"),
        ("#VER A 2 20250111\n#TRANS 1930 {} 5.00\n}\n", r"Line 9: the voucher has no \{ \} block"),
        ("#TRANS 1930 {} 5.00\n", r"Line 9: #TRANS outside a voucher"),
        ("}\n", r"Line 9: a \} without a \{"),
        ("#VER A 2 2025011\n{\n}\n", r"Line 9: '2025011' is not a date"),
        ("#SIETYP 9\n", r"Line 9: #SIETYP 9 is not an SIE type"),
        ("#UB 0 1930 1e30\n", r"Line 9: the amount 1e30 is too large"),
        ("#UB 0 1930 " + "9" * 40 + "\n", r"Line 9: the amount 9+ is too large"),
        ("#UB 0 1930 " + "9" * 15 + ".00\n", r"Line 9: the amount 9+\.00 is too large"),
        ('#DIM 1x "Ställe"\n', r"Line 9: '1x' is not a valid dimension number"),
        ('#UNDERDIM 21 "Del" 2x\n', r"Line 9: '2x' is not a valid dimension number"),
        ('#OBJEKT x1 "1" "Namn"\n', r"Line 9: 'x1' is not a valid dimension number"),
        ("#KTYP 19x0 T\n", r"Line 9: '19x0' is not a valid account number"),
        ("#UB 0 99999999999 1.00\n", r"Line 9: 99999999999 is too large for a account number"),
        ("#RES 0 3001 1.00\n#RES 0 3001 2.00\n", r"Line 10: #RES of account 3001 is given twice"),
        ("Hej\n", r"Line 9: the line does not start with a label"),
        ("#VER A 2 20250111\n{\n#TRANS 1930 5.00\n}\n", r"Line 11: the row needs an account"),
        ("#PSALDO 0 202501 1930 5.00\n", r"Line 9: the balance needs an object list"),
    ],
)
def test_damage_and_odd_values_are_refused_with_the_line(
    tmp_path: Path, tail: str, pattern: str
) -> None:
    _refused(_file(tmp_path, HEAD + VOUCHER + tail), pattern)


@pytest.mark.django_db
def test_a_row_amount_beyond_the_rows_field_is_refused(tmp_path: Path) -> None:
    big = VOUCHER.replace("100.00", "1" + "0" * 12 + ".00")
    _refused(_file(tmp_path, HEAD + big), r"Line 6: the amount 10+\.00 is too large")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        (b"", "The file is empty"),
        ((HEAD + VOUCHER).encode("utf-16"), "UTF-16"),
        ((HEAD + VOUCHER).replace(" ", "\x00").encode(), "binary data"),
        (b"#FLAGGA 0 " + b"x" * (1 << 20), "Line 1: the line is longer than 65536 bytes"),
        (b"#FLAGGA 0\n" + b"\n" * 70000 + b"#SIETYP 4 \x00\n", "Line 70002: the line holds NUL"),
    ],
)
def test_a_file_that_is_not_sie_or_damaged_says_why(
    tmp_path: Path, data: bytes, pattern: str
) -> None:
    _refused(_file(tmp_path, data), pattern)


@pytest.mark.django_db
def test_old_mac_line_ends_are_read_as_lines(tmp_path: Path) -> None:
    result = sie_import(
        path=_file(tmp_path, (HEAD + VOUCHER).replace("\n", "\r")), acting_user=None
    )
    assert (result.vouchers, result.rows, result.debit_total) == (1, 2, Decimal("100.00"))


@pytest.mark.django_db
def test_a_last_line_without_a_line_end_that_parses_is_taken(tmp_path: Path) -> None:
    result = sie_import(
        path=_file(tmp_path, HEAD + VOUCHER + "#UB 0 1930 -100.00"), acting_user=None
    )
    assert result.balances == 1
    assert Balance.objects.get(kind="UB").amount == Decimal("-100.00")


@pytest.mark.django_db
def test_undeclared_accounts_are_created_saying_where_they_came_from(tmp_path: Path) -> None:
    body = (
        HEAD
        + '#KONTO 19A0 "Felskrivet"\n'
        + '#VER A 1 20250110 "Internt"\n{\n#TRANS 9876 {} 100.00\n#TRANS 1930 {} -100.00\n}\n'
    )
    result = sie_import(path=_file(tmp_path, body), acting_user=None)
    assert result.accounts_created == [9876]  # 1930 is in the chart
    assert Account.objects.get(number=9876).name == "From SIE file bok.se, line 7"
    assert result.warnings == ["Line 4: the account '19A0' is not a number; it was skipped."]


@pytest.mark.django_db
def test_the_command_refuses_with_the_line_and_the_reason(tmp_path: Path) -> None:
    path = _file(tmp_path, HEAD + VOUCHER + "#UB 0 1930 1e30\n")
    with pytest.raises(CommandError, match=r"refused, nothing imported: Line 9: the amount 1e30"):
        call_command("sie", "import", str(path), "--quiet-progress")


@pytest.mark.parametrize(
    ("language", "text"),
    [("sv", "Rad 9: beloppet 1e30 är för stort"), ("en", "Line 9: the amount 1e30 is too large")],
)
def test_the_upload_job_fails_with_the_line_and_the_reason(
    world, client_for, settings, tmp_path: Path, language: str, text: str
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.KOOP_SIE_IMPORT_BACKGROUND = False
    data = (HEAD + VOUCHER + "#UB 0 1930 1e30\n").encode("cp437")
    client = client_for("finance")
    before = _counts()
    client.post(
        reverse("ledger:sie-import"),
        {"file": SimpleUploadedFile("bok.se", data)},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert text in job.message
    page = client.get(reverse("ledger:sie-job", args=[job.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert text in page.text
    assert _counts() == before


def test_the_job_page_lists_the_accounts_created_for_rows(
    world, client_for, settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.KOOP_SIE_IMPORT_BACKGROUND = False
    body = HEAD + '#VER A 1 20250110 "Internt"\n{\n#TRANS 9876 {} 1.00\n#TRANS 1930 {} -1.00\n}\n'
    client = client_for("finance")
    client.post(
        reverse("ledger:sie-import"),
        {"file": SimpleUploadedFile("bok.se", body.encode())},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.DONE
    page = client.get(reverse("ledger:sie-job", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en").text
    assert "<dt>Accounts created for rows (name them)</dt><dd>9876</dd>" in page


@pytest.mark.django_db
def test_the_command_lists_created_accounts_repeats_and_warnings(tmp_path: Path, capsys) -> None:
    body = HEAD + '#KONTO 19A0 "Felskrivet"\n' + VOUCHER + VOUCHER
    body += '#VER A 2 20250111 ""\n{\n#TRANS 9876 {} 1.00\n#TRANS 1930 {} -1.00\n}\n'
    call_command("sie", "import", str(_file(tmp_path, body)), "--quiet-progress")
    out = capsys.readouterr().out
    assert "2 vouchers" in out
    assert "1 vouchers written twice in the file, booked once" in out
    assert "accounts created for rows, to be named: 9876" in out
    assert "warning: Line 4: the account '19A0' is not a number; it was skipped." in out
