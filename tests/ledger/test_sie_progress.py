from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from koop.ledger.models import ImportJob, ImportStatus, Voucher
from koop.ledger.sie import importer
from koop.ledger.sie.importer import ImportResult
from koop.ledger.sie.progress import ProgressWriter, progress_read
from koop.ledger.sie_views import _run_job


def _write_file(path: Path, vouchers: int) -> None:
    lines = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", "#RAR 0 20230101 20231231"]
    # Declared, as a transactional test may start from an emptied chart of accounts.
    lines += ['#KONTO 1930 "Bank"', '#KONTO 3001 "Försäljning"']
    for n in range(1, vouchers + 1):
        lines += [
            f'#VER A {n} 20230{n % 9 + 1}1{n % 9} "V {n}"',
            "{",
            "#TRANS 1930 {} 100.00",
            "#TRANS 3001 {} -100.00",
            "}",
        ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp437")


def _read_from_another_worker(job_id: int) -> tuple[int, int]:
    """What a page served by another worker (another connection) would show."""
    seen: list[tuple[int, int]] = []

    def read() -> None:
        try:
            seen.append(progress_read(ImportJob.objects.get(pk=job_id)))
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return seen[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immutable_rows_removed_afterwards")
def test_import_progress_is_visible_to_other_connections_while_it_runs(
    tmp_path, monkeypatch
) -> None:
    upload = tmp_path / "big.se"
    _write_file(upload, 3000)  # 15,000 lines: progress is reported every 5,000
    size = upload.stat().st_size
    job = ImportJob.objects.create(file_name="big.se", path=str(upload), bytes_total=size)
    real_import = importer.sie_import
    observed: list[tuple[int, int]] = []

    def spying_import(**kwargs: Any) -> ImportResult:
        publish = kwargs["progress"]

        def progress(done: int, total: int) -> None:
            publish(done, total)
            if not observed:
                observed.append(_read_from_another_worker(job.pk))

        return real_import(**{**kwargs, "progress": progress})

    monkeypatch.setattr(importer, "sie_import", spying_import)
    _run_job(job.pk, None)

    done, total = observed[0]
    assert total == size
    assert 0 < done < total
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Voucher.objects.count() == 3000
    assert not Path(f"{upload}.progress").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("immutable_rows_removed_afterwards")
def test_job_page_polls_the_published_progress(client_for, tmp_path) -> None:
    upload = tmp_path / "x.se"
    upload.write_text("#FLAGGA 0\r\n", encoding="cp437")
    job = ImportJob.objects.create(
        file_name="x.se", path=str(upload), status=ImportStatus.RUNNING, bytes_total=200
    )
    writer = ProgressWriter(job)
    try:
        writer(100, 200)
        assert _read_from_another_worker(job.pk) == (100, 200)
        response = client_for("finance").get(
            reverse("ledger:sie-job", kwargs={"job_id": job.pk}), HTTP_HX_REQUEST="1"
        )
    finally:
        writer.close()
    assert response.status_code == 200
    assert 'value="50"' in response.content.decode()
    assert 'hx-trigger="every 1s"' in response.content.decode()
