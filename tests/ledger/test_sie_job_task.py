"""The SIE import page starts a background task, not a thread: the job is a row a worker
takes (so it survives a restart of the web server); a busy database is tried again later,
a refused file is not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from koop.ledger.models import ImportJob

OWN = Path(__file__).resolve().parent / "sie_files"


def _worker_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # Inside the test's transaction the worker's connection check would end it: left out.
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("worker", "--once", verbosity=0)  # as ``koop worker --once``


def _upload(client_for: Any) -> ImportJob:
    data = (OWN / "underdim_objects.se").read_bytes()
    response = client_for("finance").post(
        reverse("ledger:sie-import"), {"file": SimpleUploadedFile("bok.se", data)}
    )
    assert response.status_code == 302
    return ImportJob.objects.get()


def test_the_upload_waits_for_a_worker_which_then_imports_it(
    world: Any, client_for: Any, settings: Any, tmp_path: Path, db_tasks: None, monkeypatch: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    job = _upload(client_for)
    assert job.status == "pending"
    assert DBTaskResult.objects.filter(status="READY", queue_name="imports").count() == 1
    _worker_pass(monkeypatch)
    job.refresh_from_db()
    assert job.status == "done"
    assert job.result["vouchers"] > 0
    assert not Path(job.path).exists()


def test_a_busy_database_is_tried_again_later_with_the_file_kept(
    world: Any, client_for: Any, settings: Any, tmp_path: Path, db_tasks: None, monkeypatch: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    job = _upload(client_for)

    def busy(**kwargs: Any) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr("koop.ledger.sie.importer.sie_import", busy)
    _worker_pass(monkeypatch)
    job.refresh_from_db()
    assert job.status == "pending"
    assert Path(job.path).exists()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after is not None


def test_a_refused_file_fails_on_the_job_page_and_is_not_tried_again(
    world: Any, client_for: Any, settings: Any, tmp_path: Path, db_tasks: None, monkeypatch: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    broken = b'#FLAGGA 0\n#SIETYP 4\n#FNAMN "X"\n#VER A 1 20260101 "x"\n{\n#TRANS 1910 {} 100\n}\n'
    response = client_for("finance").post(
        reverse("ledger:sie-import"), {"file": SimpleUploadedFile("bok.se", broken)}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    _worker_pass(monkeypatch)
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.message
    assert not DBTaskResult.objects.filter(status="READY").exists()
    page = client_for("finance").get(reverse("ledger:sie-job", args=[job.pk]))
    assert job.message in page.content.decode()
