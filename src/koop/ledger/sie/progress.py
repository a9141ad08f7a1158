"""How far an import job has come, readable by every server worker while the import runs.

The import runs in one transaction, so nothing it writes through its own connection can be
seen before it ends. The progress is therefore written beside it:

- on PostgreSQL into the job's row (``bytes_done``, ``bytes_total``) through a second
  connection of its own, in autocommit, so each update is visible at once;
- on SQLite, which has one writer at a time and whose write lock the import holds until it
  ends, into a small file next to the uploaded file (``<upload>.progress``), replaced
  atomically; SQLite keeps the database on one machine, and the uploads folder with it.

``progress_read`` gives the figures from either place."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from koop.ledger.models import ImportJob

INTERVAL = 0.5  # seconds between two writes: often enough for a bar polled every second


def _sidecar(upload_path: str) -> Path:
    return Path(f"{upload_path}.progress")


class ProgressWriter:
    """A ``progress(done, total)`` callback for ``sie_import`` that publishes the job's progress.

    The first call is written at once, later ones at most every ``INTERVAL`` seconds.
    ``close()`` releases the second connection and the file."""

    def __init__(self, job: ImportJob) -> None:
        self.job_id = job.pk
        self.sidecar = _sidecar(job.path)
        self.last = 0.0
        self.own: BaseDatabaseWrapper | None = None
        if connection.vendor == "postgresql":
            self.own = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.last and now - self.last < INTERVAL:
            return
        self.last = now
        if self.own is not None:
            with self.own.cursor() as cursor:
                cursor.execute(
                    "UPDATE ledger_importjob SET bytes_done = %s, bytes_total = %s WHERE id = %s",
                    [done, total, self.job_id],
                )
            return
        temporary = self.sidecar.with_name(self.sidecar.name + ".tmp")
        temporary.write_text(f"{done} {total}", encoding="ascii")
        os.replace(temporary, self.sidecar)

    def close(self) -> None:
        if self.own is not None:
            self.own.close()
            self.own = None
        self.sidecar.unlink(missing_ok=True)


def progress_read(job: ImportJob) -> tuple[int, int]:
    """Bytes done and bytes in all of the job's file, as last published."""
    try:
        done, total = _sidecar(job.path).read_text(encoding="ascii").split()
        return int(done), int(total)
    except (OSError, ValueError):  # no import running on this machine
        return job.bytes_done, job.bytes_total
