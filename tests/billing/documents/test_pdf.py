"""The PDF rendering: what mervärdesskattelagen 17 kap. 24 § asks of an invoice is on it,
in Swedish, with the payment details; long invoices run over pages."""

from __future__ import annotations

import dataclasses
import io

from pypdf import PdfReader

from koop.billing.documents.model import DocumentKind
from koop.billing.documents.pdf import render_invoice_pdf
from tests.billing.documents.builders import MIXED_LINES, document, twelve_line_document


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _text(pdf: bytes) -> str:
    return "\n".join(_pages(pdf))


def test_invoice_pdf_carries_what_the_vat_act_requires() -> None:
    doc = document()
    text = _text(render_invoice_pdf(doc))
    required = [
        # seller: name, address, org.nr, VAT number, F-skatt
        "Kooptjänst ekonomisk förening",
        "Järnvägsgatan 6",
        "582 22 Linköping",
        "Org.nr 769600-2182",
        "Momsreg.nr SE769600218201",
        "Godkänd för F-skatt",
        # date, unique number, supply date
        "Fakturadatum",
        "2025-03-14",
        "Fakturanummer",
        "1042",
        "Leveransperiod",
        "2025-03-01 – 2025-03-12",
        # buyer: name, address, org.nr, VAT number
        "Linköpings kommun",
        "Kultur- och fritidsförvaltningen",
        "Box 1000",
        "581 81 Linköping",
        "212000-0142",
        "SE212000014201",
        # what was sold, quantity, unit price
        "Flytt av kontorsmöbler, Ågatan 3 till Östra Långgatan 12",
        "6,5",
        "tim",
        "450,00",
        "Flyttkartonger",
        "12",
        "st",
        "19,90",
        # VAT: rate, taxable amount and tax per rate; totals
        "Momssats",
        "Underlag",
        "25 %",
        "12 %",
        "6 %",
        "0 % (undantagen)",
        "3 163,80",
        "790,95",
        "1 140,00",
        "136,80",
        "1 317,50",
        "79,05",
        "Undantagen från skatteplikt",
        "Summa exkl. moms",
        "Att betala SEK",
        f"{doc.totals.payable:,.2f}".replace(",", " ").replace(".", ","),
        # payment details and references
        "Bankgiro",
        "5678-1230",
        "OCR-nummer",
        "104265",
        "Förfallodatum",
        "2025-04-13",
        "Er referens",
        "KFN-4711",
        "Vår referens",
        "Möbellagret (ML01)",
        "Arbetsorder AO-1041",
        "Sida 1 av 1",
    ]
    missing = [item for item in required if item not in text]
    assert missing == []


def test_credit_note_pdf_names_itself_and_the_credited_invoice() -> None:
    doc = document(MIXED_LINES[:2], kind=DocumentKind.CREDIT_NOTE)
    text = _text(render_invoice_pdf(doc))
    assert "KREDITFAKTURA" in text
    assert "Kreditfakturanummer" in text
    assert "Avser faktura 1042" in text.replace("\n", " ")
    assert "Krediterar faktura 1042 av 2025-03-14" in text
    assert "Kreditbelopp SEK" in text
    assert "-2 925,00" in text
    assert "OCR-nummer" not in text  # nothing to pay on a credit note


def test_long_invoice_runs_over_pages_with_header_and_page_numbers_on_each() -> None:
    lines = [(f"Vaktmästeri, uppdrag {n}", "2", "HUR", "400.00", "25") for n in range(1, 61)]
    pages = _pages(render_invoice_pdf(document(lines)))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in page
        assert "Beskrivning" in page
        assert "Godkänd för F-skatt" in page
    text = "\n".join(pages)
    assert all(
        f"Vaktmästeri, uppdrag {n}\n" in text + "\n" or f"uppdrag {n} " in text
        for n in range(1, 61)
    )
    assert "Att betala SEK" in pages[-1]
    assert "Fortsättning på nästa sida" in pages[0]


def test_private_buyer_personnummer_is_not_printed() -> None:
    doc = document()
    buyer = dataclasses.replace(
        doc.buyer,
        identity_number="19790412-2389",
        is_private_person=True,
        is_public=False,
        vat_number="",
        name="Anna Andersson",
        department="",
    )
    text = _text(render_invoice_pdf(dataclasses.replace(doc, buyer=buyer)))
    assert "Anna Andersson" in text
    assert "2389" not in text


def test_pdf_is_a4_and_the_same_bytes_every_time() -> None:
    doc = twelve_line_document()
    first, second = render_invoice_pdf(doc), render_invoice_pdf(doc)
    assert first.startswith(b"%PDF-")
    assert first == second
    box = PdfReader(io.BytesIO(first)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
