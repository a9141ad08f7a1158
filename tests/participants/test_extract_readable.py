"""The register extract is read by the person it is about: headings and labels in their
language, no field name or internal code, dates as people write them, yes and no, choices
by their labels. The JSON stays machine-readable, its keys documented in it."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader

from koop.participants.models import Attendance
from koop.participants.services import attendance_self_report
from tests.personas import World

# What must never reach the person: field names, codes, Python's words, raw timestamps.
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b(True|False|None)\b|\d{4}-\d\d-\d\dT")
# In Swedish the stored codes, being English, stand out too.
SWEDISH_CODE = re.compile(CODE.pattern + r"|\b(present|absent|sick|reached|open|extract|read)\b")


def _pdf_text(client, person_id: int) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/participants/{person_id}/extract.pdf")
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(response.content)).pages)


def test_the_extract_pdf_reads_in_swedish_without_field_names_or_codes(
    world: World, client_for, case
) -> None:  # type: ignore[no-untyped-def]
    text = _pdf_text(client_for("participant"), case.person_id)
    for words in [
        "Registerutdrag",
        "Om dig",
        "Förnamn",
        "Participant",
        "Trepartsöverenskommelser",
        "Överenskommelsen gäller från",
        "Placeringar",
        "Arbetsdagar",
        "Närvaro",
        "Närvarande",
        "Anmält av dig",
        "Nej",
        "Journal (hälsa, funktionsnedsättning, bakgrund)",
        "Ryggbesvär",
        "Vem som har öppnat din journal",
        "Registerutdrag",  # the case-file read this extract made, by its label
        "Ta truckkort",
        "Pågår",
    ]:
        assert words in text, words
    assert case.agreement.starts_on.isoformat() in text
    assert not SWEDISH_CODE.findall(text), SWEDISH_CODE.findall(text)


def test_the_extract_pdf_reads_in_english_in_english(world: World, client_for, case) -> None:  # type: ignore[no-untyped-def]
    client = client_for("participant")
    client.cookies["django_language"] = "en"
    text = _pdf_text(client, case.person_id)
    for words in ["Register extract", "About you", "First name", "Attendance", "Present", "No"]:
        assert words in text, words
    assert "Förnamn" not in text
    assert not CODE.findall(text), CODE.findall(text)


def test_a_reported_absence_reads_as_yes_in_the_extract(world: World, client_for, case) -> None:  # type: ignore[no-untyped-def]
    Attendance.objects.filter(person_id=case.person_id).delete()
    attendance_self_report(person=world.persons["participant"], kind="sick", acting_user=None)
    text = _pdf_text(client_for("participant"), case.person_id)
    assert "Frånvarande" in text
    assert "Sjuk" in text
    assert "Ja" in text


def _keys(data: Any, prefix: str = "") -> set[str]:
    """Every "<section>.<field>" used in the JSON (sections nest: the innermost names)."""
    found: set[str] = set()
    items = data if isinstance(data, list) else [data]
    for item in items:
        if not isinstance(item, dict):
            continue
        for key, value in item.items():
            if isinstance(value, list | dict) and key not in {"schedule", "before", "after"}:
                found.add(key)
                found |= _keys(value, key)
            elif prefix:
                found.add(f"{prefix}.{key}")
    return found


def test_the_json_is_machine_readable_and_documents_every_key(
    world: World, client_for, case
) -> None:  # type: ignore[no-untyped-def]
    data = client_for("participant").get(f"/participants/{case.person_id}/extract.json").json()
    assert data["language"] == "sv"
    assert data["keys"]["person.first_name"] == "Förnamn"
    sections = {k: v for k, v in data.items() if k not in {"keys", "made_at", "language"}}
    undocumented = sorted(_keys(sections) - set(data["keys"]))
    assert not undocumented, undocumented
    day = data["attendance"][0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", day["day"])
    assert day["status"] == "Närvarande"
    assert day["reported_by_you"] is False
    assert day["hours"] == "6"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", data["made_at"])
    agreement = data["agreements"][0]
    assert agreement["starts_on"] == case.agreement.starts_on.isoformat()
    assert agreement["placements"][0]["schedule"]["måndag"] == "6"
    assert agreement["plan"]["goals"][0]["status"] == "Pågår"
