"""Damaged versions of real SIE files (cut short, flipped bytes, lines repeated or lost, odd
numbers and dates, other encodings and line ends): the importer either refuses the file
with its own error, leaving the books as they were, or books exactly what the file says,
as a small reader written here (not the importer's code) sums it per account."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from koop.core.errors import KoopValidationError
from koop.ledger.models import Account, Balance, Voucher, VoucherRow
from koop.ledger.sie.importer import sie_import

OWN = Path(__file__).resolve().parent / "sie_files"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "sie"
SEEDS = [OWN / "cp437_aao.se", OWN / "underdim_objects.se"] + [
    path
    for path in (
        SAMPLES / "FAKT.SI",
        SAMPLES / "BL0001_typ4I.SI",
        SAMPLES / "magenta_bokforing_SIE4E.se",
    )
    if path.is_file()  # the shared samples are absent from a fresh clone: the own files do
]
ODD = [b"1e30", b"9" * 40, b"2025013", b"-0", b"99999999999", b"1x", b"", b'"', b"{", b"}"]
_ROW = re.compile(r"#(R?TRANS|BTRANS)\s+(\S+)\s+\{[^}]*\}\s+(\S+)")


def _sums(data: bytes) -> dict[int, Decimal]:
    """#TRANS sums per account, read the plain way: rows inside a #VER's braces, the #TRANS
    after an #RTRANS being its twin, #BTRANS rows removed, a voucher repeated as it was
    written before counted once."""
    text = data.decode("latin-1")
    lines = text.split("\n") if "\n" in text else text.split("\r")
    sums: dict[int, Decimal] = {}
    seen: set[str] = set()
    head, rows, inside = "", [], False
    for raw in lines:
        line = raw.strip()
        if line.startswith("#VER"):
            head = line
        elif line == "{":
            inside, rows = True, []
        elif line == "}":
            inside = False
            number = head.split()[2] if len(head.split()) > 2 else ""
            content = "\n".join([head, *rows])
            if number and number != '""' and content in seen:
                continue
            seen.add(content)
            twin = False
            for row in rows:
                match = _ROW.match(row)
                assert match is not None, row
                label, account, amount = match.groups()
                if label == "BTRANS" or (label == "TRANS" and twin):
                    twin = False
                    continue
                twin = label == "RTRANS"
                value = Decimal(amount.replace(",", "."))
                sums[int(account)] = sums.get(int(account), Decimal(0)) + value
        elif inside:
            rows.append(line)
    return {k: v for k, v in sums.items() if v}


def _counts() -> tuple[int, int, int, int]:
    return (
        Voucher.objects.count(),
        VoucherRow.objects.count(),
        Account.objects.count(),
        Balance.objects.count(),
    )


def _mutate(data: bytes, how: str, at: int, byte: int) -> bytes:
    lines = data.split(b"\n")
    i = at % len(lines)
    if how == "truncate":
        return data[: at % len(data)]
    if how == "flip":
        k = at % len(data)
        return data[:k] + bytes([data[k] ^ (byte or 1)]) + data[k + 1 :]
    if how == "duplicate":
        return b"\n".join(lines[: i + 1] + lines[i:])
    if how == "drop":
        return b"\n".join(lines[:i] + lines[i + 1 :])
    if how == "odd":
        words = lines[i].split(b" ")
        words[byte % len(words)] = ODD[byte % len(ODD)]
        return b"\n".join([*lines[:i], b" ".join(words), *lines[i + 1 :]])
    if how == "cr":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    if how == "utf-16":
        return data.decode("cp437").encode("utf-16")
    return data.decode("cp437").encode("utf-8")


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.sampled_from(SEEDS),
    st.sampled_from(["truncate", "flip", "duplicate", "drop", "odd", "cr", "utf-16", "utf-8"]),
    st.integers(min_value=0, max_value=1 << 20),
    st.integers(min_value=0, max_value=255),
)
def test_a_damaged_file_is_refused_cleanly_or_booked_as_it_reads(
    tmp_path_factory: pytest.TempPathFactory, seed: Path, how: str, at: int, byte: int
) -> None:
    data = _mutate(seed.read_bytes(), how, at, byte)
    path = tmp_path_factory.mktemp("sie") / "mutated.se"
    path.write_bytes(data)
    with transaction.atomic():
        before = _counts()
        try:
            sie_import(path=path, acting_user=None)
        except KoopValidationError:
            event("refused")
            assert _counts() == before  # a refused file leaves nothing
        else:
            event("accepted")
            booked = {
                account: total
                for account, total in VoucherRow.objects.values("account_id")
                .annotate(total=Sum("amount"))
                .values_list("account_id", "total")
                if total
            }
            try:
                expected = _sums(data)
            except (InvalidOperation, ValueError, AssertionError) as error:
                pytest.fail(f"accepted a file the plain reading cannot read: {error}")
            assert booked == expected
        transaction.set_rollback(True)
