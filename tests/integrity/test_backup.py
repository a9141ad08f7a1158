"""The restore drill: books with posted vouchers and issued invoices are backed up,
restored into an empty database, and verify there; a damaged or incomplete backup is
refused rather than taken into use."""

from __future__ import annotations

import io
import json
import os
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend

from koop.billing.models import Invoice
from koop.core.models import AuditEntry
from koop.ledger.models import Voucher, VoucherRow

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENT = b"%PDF-1.4 Kallelse till stamman\n"


@contextmanager
def empty_database(tmp_path: Path) -> Iterator[str]:
    """A new, empty database beside the test database, reachable as the alias
    ``restored``: a file on SQLite, a database of its own on PostgreSQL."""
    settings = dict(connections.settings["default"])
    if connection.vendor == "postgresql":
        settings["NAME"] = f"{settings['NAME']}_restored_{os.getpid()}"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    else:
        settings["NAME"] = str(tmp_path / "restored.sqlite3")
    # Made by hand rather than configured, as a connection the test suite did not plan for.
    connections["restored"] = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "restored")
    try:
        yield "restored"
    finally:
        connections["restored"].close()
        del connections["restored"]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')


def back_up(tmp_path: Path) -> tuple[Path, str]:
    out = io.StringIO()
    call_command("backup", output=str(tmp_path), stdout=out)
    (archive,) = tmp_path.glob("koop-backup-*.tar.gz")
    return archive, out.getvalue()


def restore(archive: Path, alias: str) -> str:
    out = io.StringIO()
    try:
        call_command("restore", str(archive), database=alias, stdout=out)
    except CommandError as error:
        return out.getvalue() + f"\nERROR {error}"
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path / "media"
    (root / "meetings" / "3").mkdir(parents=True)
    (root / "meetings" / "3" / "kallelse.pdf").write_bytes(DOCUMENT)
    settings.MEDIA_ROOT = root
    return root


def test_a_backup_restores_into_an_empty_database_and_its_books_verify(
    vouchers: list[Voucher], invoices: list[Invoice], media: Path, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    archive, said = back_up(tmp_path)
    assert f"Backup written to {archive}" in said
    assert "Uploaded documents: 1 file." in said
    assert "The books verify: 3 chains" in said
    with tarfile.open(archive, "r:gz") as opened:
        names = opened.getnames()
        manifest = json.loads(opened.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert names[0] == "manifest.json"
    assert "media/meetings/3/kallelse.pdf" in names
    assert manifest["database"]["vendor"] == connection.vendor
    applied = MigrationRecorder(connection).applied_migrations()
    assert manifest["migrations"]["ledger"] == max(n for a, n in applied if a == "ledger")
    heads = {c["key"]: (c["last_number"], c["head"]) for c in manifest["books"]["chains"]}
    series = vouchers[0].series
    assert heads[f"ledger:2024-01-01:{series.code}"] == (3, vouchers[2].chain_hash)

    with empty_database(tmp_path) as alias:
        settings.MEDIA_ROOT = tmp_path / "restored-media"
        said = restore(archive, alias)
        assert "ERROR" not in said
        assert "The restored books verify and hold every head the backup recorded." in said
        out = io.StringIO()
        call_command("verify-books", database=alias, stdout=out)
        assert "The books verify: 3 chains, 9 records." in out.getvalue()
        for model in (Voucher, VoucherRow, Invoice, AuditEntry):
            assert model.objects.using(alias).count() == model.objects.count()
        assert list(
            Voucher.objects.using(alias).values_list("chain_hash", flat=True).order_by("pk")
        ) == list(Voucher.objects.values_list("chain_hash", flat=True).order_by("pk"))
        restored = tmp_path / "restored-media" / "meetings" / "3" / "kallelse.pdf"
        assert restored.read_bytes() == DOCUMENT
        # The triggers came back with the schema: the restored books are as immutable.
        with (
            pytest.raises(IntegrityError, match="posted voucher"),
            connections[alias].cursor() as cursor,
        ):
            cursor.execute("DELETE FROM ledger_voucher WHERE id = %s", [vouchers[0].pk])


def test_a_restore_goes_only_into_an_empty_database(
    vouchers: list[Voucher], media: Path, tmp_path: Path
) -> None:
    archive, _said = back_up(tmp_path)
    said = restore(archive, "default")
    assert "is not empty: restore into a new, empty database" in said


def _rewritten(archive: Path, tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """A copy of ``archive`` with its members passed through ``change(name, bytes)``."""
    copy = tmp_path / "changed.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())  # type: ignore[union-attr]
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


def test_a_damaged_backup_is_refused_before_anything_is_restored(
    vouchers: list[Voucher], media: Path, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    archive, _said = back_up(tmp_path)
    damaged = _rewritten(
        archive,
        tmp_path,
        lambda name, data: (
            data.replace(b"stamman", b"stammen") if name.startswith("media/") else data
        ),
    )
    with empty_database(tmp_path) as alias:
        settings.MEDIA_ROOT = tmp_path / "restored-media"
        said = restore(damaged, alias)
        assert "media/meetings/3/kallelse.pdf is damaged" in said
        assert connections[alias].introspection.table_names() == []


def test_a_restore_missing_a_recorded_head_does_not_verify(
    vouchers: list[Voucher], media: Path, settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    archive, _said = back_up(tmp_path)

    def later_head(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["books"]["chains"][0]["last_number"] = 4  # as if A4 had been posted
        return json.dumps(manifest).encode()

    with empty_database(tmp_path) as alias:
        settings.MEDIA_ROOT = tmp_path / "restored-media"
        said = restore(_rewritten(archive, tmp_path, later_head), alias)
        assert (
            "Missing from the restored books: Voucher series A, fiscal year 2024: record 4" in said
        )
        assert "ERROR The restored books do not verify: do not take this database into use." in said
