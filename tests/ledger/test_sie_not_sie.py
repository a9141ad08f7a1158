"""A file that is not SIE (an image, a spreadsheet, an empty file, text without labels) is
refused with a message saying so, on the import page, by the service and by the command;
it is never reported done with 0 vouchers."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from koop.core.errors import KoopValidationError
from koop.ledger.models import ImportJob, SieImport
from koop.ledger.sie.importer import sie_import

OWN = Path(__file__).resolve().parent / "sie_files"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
NOT_SIE = {
    "bild.png": (PNG, "binary data"),
    "konton.csv": (b"konto;namn;belopp\r\n1930;Bank;100,00\r\n", "start with labels"),
    "tom.se": (b"", "empty"),
    "blanka.se": (b"\r\n  \r\n", "empty"),
    "brev.txt": ("Hej!\nHär kommer årets siffror.\n".encode("cp437"), "start with labels"),
    "rubrik.se": (b"#Rubrik\nInget mer.\n", "start with labels"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(NOT_SIE))
def test_import_refuses_a_file_that_is_not_sie(tmp_path: Path, name: str) -> None:
    data, reason = NOT_SIE[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(KoopValidationError, match=reason) as refused:
        sie_import(path=path, acting_user=None)
    assert refused.value.problems[0].field == "file"
    assert "not an SIE file" in str(refused.value) or "empty" in str(refused.value)
    assert SieImport.objects.count() == 0


@pytest.mark.django_db
def test_import_command_says_the_file_is_not_sie(tmp_path: Path) -> None:
    path = tmp_path / "bild.png"
    path.write_bytes(PNG)
    with pytest.raises(CommandError, match=r"bild\.png refused, nothing imported: .*not an SIE"):
        call_command("sie", "import", str(path), "--quiet-progress")


@pytest.mark.parametrize("name", ["bild.png", "konton.csv", "tom.se"])
def test_import_page_refuses_a_file_that_is_not_sie(
    world, client_for, settings, tmp_path: Path, name: str
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    data, _reason = NOT_SIE[name]
    response = client_for("finance").post(
        reverse("ledger:sie-import"),
        {"file": SimpleUploadedFile(name, data)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "error-summary" in response.text
    assert "not an SIE file" in response.text or "The file is empty" in response.text
    assert ImportJob.objects.count() == 0
    assert not list(tmp_path.rglob("*.se"))  # the upload is not kept


def test_import_page_takes_an_sie_file(world, client_for, settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.KOOP_SIE_IMPORT_BACKGROUND = False
    data = (OWN / "underdim_objects.se").read_bytes()
    response = client_for("finance").post(
        reverse("ledger:sie-import"), {"file": SimpleUploadedFile("bok.se", data)}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.status == "done"
    assert job.result["vouchers"] > 0


def test_import_job_page_shows_the_result_by_its_names(
    world, client_for, settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    settings.KOOP_SIE_IMPORT_BACKGROUND = False
    data = (OWN / "underdim_objects.se").read_bytes()
    client = client_for("finance")
    client.post(reverse("ledger:sie-import"), {"file": SimpleUploadedFile("bok.se", data)})
    page = client.get(
        reverse("ledger:sie-job", args=[ImportJob.objects.get().pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).text
    assert "<dt>Vouchers</dt><dd>2</dd>" in page
    assert "<dt>Debit total</dt><dd>1,300.00\xa0kr</dd>" in page
    assert "tmp" not in page  # the name the upload was kept under while it ran
    for key in ("file_vouchers", "debit_total", "checksum_verified", "accounts_added"):
        assert key not in page
