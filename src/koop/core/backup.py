"""Backups of Koop's data and restoring them: the database and the uploaded documents in
one archive, with a manifest that lets a restore check it got everything back.

An archive (``koop-backup-YYYYMMDD-HHMMSS.tar.gz``) holds:

- ``manifest.json``: what the archive is (format, when, Koop's version, the database
  vendor, the migrations applied), a SHA-256 and size for every file in it, and the head
  of every hash chain of the books (its last number and hash) as ``verify-books`` found
  them just before the database was copied;
- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``, a consistent snapshot
  while Koop runs) or ``database.sqlite3`` (SQLite's online backup API, which copies a
  database in use without tearing it);
- ``media/...``: the files under ``MEDIA_ROOT`` (meeting documents).

The secret key and the field key (``KOOP_FIELD_KEY``) are deliberately not in it: keep
them apart from the backups (the field key decrypts the participants' case files).

Restoring goes into an empty database of the same vendor and an empty ``MEDIA_ROOT``:
every file is checked against the manifest first, then the database is restored
(``pg_restore --no-owner --no-acl --single-transaction``, or SQLite's backup API the other
way), the documents put back, and the books verified: every chain is recomputed and each
head the manifest names must be there with the same hash."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.chain import ChainReport, Sealed, books_chains, check_chain, verify_books
from koop.core.env import environment_copy

FORMAT = "koop-backup/1"
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA = "media"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for a person."""


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]

    @property
    def media_count(self) -> int:
        return len(self.manifest["media"])

    @property
    def books_verified(self) -> bool:
        return bool(self.manifest["books"]["verified"])


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    reports: list[ChainReport]
    missing_heads: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return not self.missing_heads and all(r.intact for r in self.reports)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _file_entry(path: Path, name: str) -> dict[str, Any]:
    return {"path": name, "sha256": _sha256(path), "size": path.stat().st_size}


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, path.relative_to(root).as_posix()


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(
            _("Koop backs up SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


# --- PostgreSQL's own tools -------------------------------------------------------------


def _pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for the database Django connects to, so that no password is
    ever on a command line."""
    environment = environment_copy()
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        value = settings_dict.get(key)
        if value:
            environment[variable] = str(value)
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        environment["PGSSLMODE"] = str(options["sslmode"])
    return environment


def _pg_tool(name: str, arguments: list[str], settings_dict: dict[str, Any]) -> None:
    program = shutil.which(name)
    if program is None:
        raise BackupError(
            _("%(program)s is not installed (on Debian: apt-get install postgresql-client).")
            % {"program": name}
        )
    # The program is PostgreSQL's own, found on PATH; the arguments are Koop's constants
    # and paths it made, never text from a request.
    done = subprocess.run(  # noqa: S603
        [program, *arguments],
        env=_pg_environment(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": name, "error": done.stderr.strip() or done.returncode}
        )


# --- writing a backup -------------------------------------------------------------------


def _copy_database(using: str, vendor: str, target: Path) -> None:
    connection = connections[using]
    if vendor == "postgresql":
        _pg_tool("pg_dump", ["--format=custom", f"--file={target}"], connection.settings_dict)
        return
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _migrations(using: str) -> dict[str, str]:
    recorder = MigrationRecorder(connections[using])
    latest: dict[str, str] = {}
    for app, name in recorder.applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _koop_version() -> str:
    try:
        return metadata.version("koop")
    except metadata.PackageNotFoundError:
        return "unknown"


def backup_write(*, destination: Path, using: str = "default") -> BackupResult:
    """Write a backup archive into the folder ``destination`` (or to that file name)."""
    vendor = _vendor(using)
    created = timezone.localtime()
    if destination.is_dir():
        destination = destination / f"koop-backup-{created:%Y%m%d-%H%M%S}.tar.gz"
    if destination.exists():
        raise BackupError(
            _("%(path)s exists already; choose another name.") % {"path": destination}
        )
    if not destination.parent.is_dir():
        raise BackupError(_("There is no folder %(path)s.") % {"path": destination.parent})
    media_root = Path(settings.MEDIA_ROOT)
    # The heads first: whatever is posted while the database is copied comes after them,
    # so the copy holds each of them.
    reports = verify_books(using)
    with tempfile.TemporaryDirectory(prefix="koop-backup-") as work:
        database = Path(work) / DATABASE_FILES[vendor]
        _copy_database(using, vendor, database)
        media = list(_media_files(media_root))
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": created.isoformat(timespec="seconds"),
            "koop_version": _koop_version(),
            "database": {"vendor": vendor, **_file_entry(database, database.name)},
            "migrations": _migrations(using),
            "books": {
                "verified": all(r.intact for r in reports),
                "chains": [
                    {
                        "key": r.key,
                        "name": r.name,
                        "records": r.count,
                        "last_number": r.last_number,
                        "head": r.head,
                        "intact": r.intact,
                    }
                    for r in reports
                ],
            },
            "media": [_file_entry(path, name) for path, name in media],
            "not_included": ["SECRET_KEY", "KOOP_FIELD_KEY"],
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, arcname=MANIFEST)
            archive.add(database, arcname=database.name)
            for path, name in media:
                archive.add(path, arcname=f"{MEDIA}/{name}")
        partial.replace(destination)
    return BackupResult(path=destination, manifest=manifest)


# --- restoring one ----------------------------------------------------------------------


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError(_("This is not a Koop backup: it has no manifest."))
    manifest: dict[str, Any] = json.loads(member.read().decode("utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("This backup's format (%(format)s) is not one this Koop reads.")
            % {"format": manifest.get("format")}
        )
    return manifest


def _check_files(root: Path, manifest: dict[str, Any]) -> None:
    entries = [manifest["database"]] + [
        {**entry, "path": f"{MEDIA}/{entry['path']}"} for entry in manifest["media"]
    ]
    for entry in entries:
        path = root / entry["path"]
        if not path.is_file():
            raise BackupError(_("%(file)s is missing from the backup.") % {"file": entry["path"]})
        if path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
            raise BackupError(
                _("%(file)s is damaged: it is not what the backup wrote.") % {"file": entry["path"]}
            )


def _restore_database(using: str, vendor: str, source: Path) -> None:
    connection = connections[using]
    if vendor == "postgresql":
        _pg_tool(
            "pg_restore",
            [
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(source),
            ],
            connection.settings_dict,
        )
        connection.close()
        return
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        origin.backup(connection.connection)
    finally:
        origin.close()


def _numbered(number: int | None) -> Callable[[Sealed], bool]:
    return lambda record: record.number == number


def _verify_restored(manifest: dict[str, Any], using: str) -> RestoreResult:
    """Recompute every chain of the restored books, and find each head the manifest names
    there, with the same hash."""
    wanted = {
        chain["key"]: chain
        for chain in manifest["books"]["chains"]
        if chain["last_number"] is not None
    }
    reports = []
    for chain in books_chains(using):
        head = wanted.get(chain.key)
        reports.append(
            check_chain(chain, keep=_numbered(None if head is None else head["last_number"]))
        )
    found = {r.key: r.heads for r in reports}
    missing = [
        _("%(chain)s: record %(number)s with hash %(head)s")
        % {"chain": head["name"], "number": head["last_number"], "head": head["head"]}
        for key, head in wanted.items()
        if found.get(key, {}).get(head["last_number"]) != head["head"]
    ]
    return RestoreResult(manifest=manifest, reports=reports, missing_heads=missing)


def backup_restore(*, archive_path: Path, using: str = "default") -> RestoreResult:
    """Restore the archive into the empty database ``using`` and the empty MEDIA_ROOT,
    then verify the books."""
    vendor = _vendor(using)
    connection = connections[using]
    if connection.introspection.table_names():
        raise BackupError(
            _("The database %(name)s is not empty: restore into a new, empty database.")
            % {"name": connection.settings_dict["NAME"]}
        )
    media_root = Path(settings.MEDIA_ROOT)
    if any(True for _item in _media_files(media_root)):
        raise BackupError(
            _("%(path)s already holds files: restore the documents into an empty folder.")
            % {"path": media_root}
        )
    if not archive_path.is_file():
        raise BackupError(_("There is no file %(path)s.") % {"path": archive_path})
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            return _restore_from(archive, using=using, vendor=vendor, media_root=media_root)
    except (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise BackupError(_("This is not a Koop backup (%(error)s).") % {"error": error}) from None


def _restore_from(
    archive: tarfile.TarFile, *, using: str, vendor: str, media_root: Path
) -> RestoreResult:
    with tempfile.TemporaryDirectory(prefix="koop-restore-") as work:
        manifest = _read_manifest(archive)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                _("This is a backup of a %(theirs)s database; it restores into %(theirs)s only.")
                % {"theirs": manifest["database"]["vendor"]}
            )
        archive.extractall(work, filter="data")
        root = Path(work)
        _check_files(root, manifest)
        _restore_database(using, vendor, root / manifest["database"]["path"])
        for entry in manifest["media"]:
            target = media_root / entry["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / MEDIA / entry["path"], target)
    return _verify_restored(manifest, using)
