"""The PDF rendering of an invoice document: Swedish, A4, everything mervärdesskattelagen
(2023:200) 17 kap. 24 § asks of an invoice, plus the payment details a payer needs.

Drawn straight onto a ReportLab canvas with the built-in Helvetica (WinAnsi covers å ä ö
and é), so there is no font file, no image and no network: a 12-line invoice takes a few
milliseconds. The lines are measured and split into pages first, so every page can say
"Sida N av M"; each page repeats the table header and the seller's legal details.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import Font, getFont
from reportlab.pdfgen.canvas import Canvas

from koop.billing.documents import formatting as fmt
from koop.billing.documents.model import DocumentLine, InvoiceDocument, VatCategory

PAGE_WIDTH, PAGE_HEIGHT = A4
MM = 72 / 25.4
LEFT = 18 * MM
RIGHT = PAGE_WIDTH - 18 * MM
TOP = PAGE_HEIGHT - 16 * MM
FOOTER_TOP = 30 * MM  # the legal footer lives below this line on every page
FONT = "Helvetica"
BOLD = "Helvetica-Bold"
GREY = (0.35, 0.35, 0.35)
BLACK = (0.0, 0.0, 0.0)
RULE_GREY = (0.75, 0.75, 0.75)

# Table columns: (right or left edge, alignment). Description wraps within its width.
COL_DESC = LEFT
COL_QTY = LEFT + 104 * MM  # right edge
COL_UNIT = LEFT + 107 * MM  # left edge
COL_PRICE = LEFT + 140 * MM  # right edge
COL_VAT = LEFT + 155 * MM  # right edge
COL_AMOUNT = RIGHT  # right edge
DESC_WIDTH = 88 * MM
ROW_LEADING = 11.0
ROW_GAP = 3.0
BODY_SIZE = 9
SUMMARY_HEIGHT = 50 * MM  # VAT breakdown, totals and payment box under the last line


_FONTS: dict[str, Font] = {}


def _width(text: str, font: str, size: float) -> float:
    """ReportLab's ``stringWidth``, without looking the font up by name on every call."""
    face = _FONTS.get(font)
    if face is None:
        face = _FONTS[font] = getFont(font)
    return face.stringWidth(text, size)


@dataclass(frozen=True)
class _Row:
    line: DocumentLine
    text_lines: tuple[str, ...]  # the wrapped description, then the work order, if any

    @property
    def height(self) -> float:
        return len(self.text_lines) * ROW_LEADING + ROW_GAP


def render_invoice_pdf(doc: InvoiceDocument) -> bytes:
    """The invoice or credit note as a PDF, ready to send."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=0)
    title = "Kreditfaktura" if doc.is_credit_note else "Faktura"
    canvas.setTitle(f"{title} {doc.number}")
    canvas.setAuthor(doc.seller.name)
    canvas.setSubject(f"{title} {doc.number} till {doc.buyer.name}")
    canvas.setCreator("Koop")

    rows = [_row(line) for line in doc.lines]
    w = _Writer(canvas)
    first_table_top = _first_page_header(w, doc, title)
    pages = _paginate(rows, first_table_top)
    for number, page_rows in enumerate(pages, start=1):
        if number == 1:
            y = first_table_top
        else:
            w = _Writer(canvas)
            y = _continuation_header(w, doc, title)
        y = _table(w, doc, page_rows, y)
        if number == len(pages):
            _summary(w, doc, y)
        else:
            w.text(RIGHT, y - 4, "Fortsättning på nästa sida", size=8, align="right")
        _footer(w, doc, number, len(pages))
        w.finish()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# -- layout ------------------------------------------------------------------------------


FIRST_TABLE_TOP = TOP - 84 * MM  # at the highest: the header blocks end above it
NEXT_TABLE_TOP = TOP - 22 * MM
TABLE_BOTTOM = FOOTER_TOP + 6 * MM


def _row(line: DocumentLine) -> _Row:
    text = _wrap(line.description.strip() or "-", FONT, BODY_SIZE, DESC_WIDTH)
    if line.work_order_reference.strip():
        text.append(f"Arbetsorder {line.work_order_reference.strip()}")
    return _Row(line, tuple(text))


def _paginate(rows: list[_Row], first_table_top: float) -> list[list[_Row]]:
    """Split the rows into pages; the last page keeps room for the summary."""
    pages: list[list[_Row]] = [[]]
    room = first_table_top - 8 * MM - TABLE_BOTTOM
    for row in rows:
        if row.height > room and pages[-1]:
            pages.append([])
            room = NEXT_TABLE_TOP - 8 * MM - TABLE_BOTTOM
        pages[-1].append(row)
        room -= row.height
    if room < SUMMARY_HEIGHT:
        pages.append([])
    return pages


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if _width(candidate, font, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            # A single word wider than the column is cut, not allowed to overflow.
            while _width(word, font, size) > width:
                cut = len(word)
                while cut > 1 and _width(word[:cut], font, size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


# -- drawing -----------------------------------------------------------------------------


class _Writer:
    """One page's text, written into a single PDF text object.

    A text object per page, with the font and colour set only when they change, keeps
    the content stream short and the rendering fast; rules and boxes go straight onto
    the canvas and end up under the text, which is drawn last."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._text = canvas.beginText()
        self._font: tuple[str, float] | None = None
        self._grey = False

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        font: str = FONT,
        size: float = BODY_SIZE,
        align: str = "left",
        grey: bool = False,
    ) -> None:
        if self._font != (font, size):
            self._text.setFont(font, size)
            self._font = (font, size)
        if self._grey != grey:
            self._text.setFillColorRGB(*(GREY if grey else BLACK))
            self._grey = grey
        if align == "right":
            x -= _width(text, font, size)
        self._text.setTextOrigin(x, y)
        # Every text is placed by its own origin, so the cursor advance textOut measures
        # (a second stringWidth per text) is never used; _textOut writes the same bytes.
        self._text._textOut(text)  # type: ignore[attr-defined]  # not in types-reportlab

    def label_value(self, x: float, y: float, label: str, value: str, label_width: float) -> float:
        self.text(x, y, label, size=8, grey=True)
        self.text(x + label_width, y, value)
        return y - 12

    def finish(self) -> None:
        self.canvas.drawText(self._text)


def _first_page_header(w: _Writer, doc: InvoiceDocument, title: str) -> float:
    seller = doc.seller
    w.text(LEFT, TOP - 4, seller.name, font=BOLD, size=15)
    y = TOP - 17
    for text in (
        seller.address.street,
        f"{seller.address.postal_code} {seller.address.city}".strip(),
    ):
        if text:
            w.text(LEFT, y, text)
            y -= 11

    x = LEFT + 104 * MM
    w.text(x, TOP - 4, title.upper(), font=BOLD, size=18)
    facts: list[tuple[str, str]] = [
        (f"{title}nummer", doc.number),
        (f"{title}datum", fmt.date(doc.issue_date)),
    ]
    if not doc.is_credit_note:
        facts.append(("Förfallodatum", fmt.date(doc.due_date)))
        if doc.ocr_reference:
            facts.append(("OCR-nummer", doc.ocr_reference))
    else:
        facts.append(("Avser faktura", doc.credited_invoice_number))
        if doc.credited_invoice_date is not None:
            facts.append(("Fakturans datum", fmt.date(doc.credited_invoice_date)))
    y = TOP - 20
    for label, value in facts:
        y = w.label_value(x, y, label, value, 30 * MM)

    # The buyer's address sits where a C5 window envelope shows it.
    buyer = doc.buyer
    y = TOP - 48 * MM
    w.text(x, y + 12, "Köpare", size=8)
    address = [
        buyer.name,
        buyer.department,
        buyer.address.street,
        f"{buyer.address.postal_code} {buyer.address.city}".strip(),
    ]
    if buyer.address.country and buyer.address.country.upper() != "SE":
        address.append(buyer.address.country.upper())
    for index, text in enumerate(t for t in address if t):
        w.text(x, y, text, font=BOLD if index == 0 else FONT, size=10)
        y -= 12
    if not buyer.is_private_person and buyer.identity_number:
        y = w.label_value(x, y - 2, "Org.nr", fmt.org_number(buyer.identity_number), 20 * MM)
    if buyer.vat_number:
        y = w.label_value(x, y, "Momsreg.nr", buyer.vat_number, 20 * MM)
    address_bottom = y

    y = TOP - 48 * MM
    details: list[tuple[str, str]] = []
    if buyer.buyer_reference:
        details.append(("Er referens", buyer.buyer_reference))
    if seller.reference:
        details.append(("Vår referens", seller.reference))
    details.append(_supply(doc))
    if doc.contract_reference:
        details.append(("Avtal", doc.contract_reference))
    if not doc.is_credit_note and doc.payment_terms_text:
        details.append(("Betalningsvillkor", doc.payment_terms_text))
    for label, value in details:
        if value:
            y = w.label_value(LEFT, y, label, value, 28 * MM)

    y = min(y, address_bottom) - 6
    for note in doc.notes:
        for text in _wrap(note, FONT, BODY_SIZE, RIGHT - LEFT):
            w.text(LEFT, y, text)
            y -= 11
    return min(y - 4, FIRST_TABLE_TOP)


def _supply(doc: InvoiceDocument) -> tuple[str, str]:
    """When the work was done: a day, or a period (17 kap. 24 § 7 ML)."""
    if doc.supply_date is not None:
        return "Leveransdatum", fmt.date(doc.supply_date)
    if doc.period_start is not None and doc.period_end is not None:
        if doc.period_start == doc.period_end:
            return "Leveransdatum", fmt.date(doc.period_start)
        return "Leveransperiod", f"{fmt.date(doc.period_start)} – {fmt.date(doc.period_end)}"
    # Without a recorded supply date the work was delivered when it was invoiced.
    return "Leveransdatum", fmt.date(doc.issue_date)


def _continuation_header(w: _Writer, doc: InvoiceDocument, title: str) -> float:
    w.text(LEFT, TOP - 4, doc.seller.name, font=BOLD, size=12)
    w.text(RIGHT, TOP - 4, f"{title} {doc.number} (forts.)", font=BOLD, size=12, align="right")
    w.text(RIGHT, TOP - 17, f"{title}datum {fmt.date(doc.issue_date)}", align="right")
    return NEXT_TABLE_TOP


def _table(w: _Writer, doc: InvoiceDocument, rows: list[_Row], y: float) -> float:
    w.canvas.setFillColorRGB(0.93, 0.93, 0.93)
    w.canvas.rect(LEFT - 2, y - 4, RIGHT - LEFT + 4, 14, stroke=0, fill=1)
    w.canvas.setFillColorRGB(0, 0, 0)
    header = [
        (COL_DESC, "Beskrivning", "left"),
        (COL_QTY, "Antal", "right"),
        (COL_UNIT, "Enhet", "left"),
        (COL_PRICE, "À-pris", "right"),
        (COL_VAT, "Moms", "right"),
        (COL_AMOUNT, "Belopp", "right"),
    ]
    for x, text, align in header:
        w.text(x, y, text, font=BOLD, size=8, align=align)
    y -= 16
    sign = "-" if doc.is_credit_note else ""
    for row in rows:
        line = row.line
        w.text(COL_DESC, y, row.text_lines[0])
        w.text(COL_QTY, y, fmt.quantity(line.quantity), align="right")
        w.text(COL_UNIT, y, fmt.unit_name(line.unit_code))
        w.text(COL_PRICE, y, fmt.unit_price(line.unit_price), align="right")
        w.text(COL_VAT, y, fmt.percent(line.vat_rate), align="right")
        w.text(COL_AMOUNT, y, sign + fmt.sek(line.net_amount), align="right")
        extra = row.text_lines[1:]
        for index, text in enumerate(extra):
            is_reference = index == len(extra) - 1 and bool(line.work_order_reference.strip())
            w.text(
                COL_DESC,
                y - ROW_LEADING * (index + 1),
                text,
                size=8 if is_reference else BODY_SIZE,
                grey=is_reference,
            )
        y -= row.height
    w.canvas.setStrokeColorRGB(*RULE_GREY)
    w.canvas.line(LEFT, y + ROW_LEADING - 4, RIGHT, y + ROW_LEADING - 4)
    w.canvas.setStrokeColorRGB(0, 0, 0)
    return y


def _summary(w: _Writer, doc: InvoiceDocument, y: float) -> None:
    sign = "-" if doc.is_credit_note else ""
    top = y - 4
    # VAT per rate: the taxable amount and the tax, as 17 kap. 24 § asks.
    x_rate, x_base, x_vat = LEFT, LEFT + 50 * MM, LEFT + 78 * MM
    w.text(x_rate, top, "Momssats", font=BOLD, size=8)
    w.text(x_base, top, "Underlag", font=BOLD, size=8, align="right")
    w.text(x_vat, top, "Moms", font=BOLD, size=8, align="right")
    row_y = top - 12
    for entry in doc.vat_breakdown:
        label = fmt.percent(entry.rate)
        if entry.category is VatCategory.EXEMPT:
            label += " (undantagen)"
        elif entry.category is VatCategory.ZERO:
            label += " (nollskattesats)"
        w.text(x_rate, row_y, label)
        w.text(x_base, row_y, sign + fmt.sek(entry.taxable_amount), align="right")
        w.text(x_vat, row_y, sign + fmt.sek(entry.vat_amount), align="right")
        row_y -= 11
        if entry.category is VatCategory.EXEMPT and entry.exemption_reason:
            for text in _wrap(entry.exemption_reason, FONT, 7.5, 78 * MM):
                w.text(x_rate, row_y, text, size=7.5, grey=True)
                row_y -= 9

    totals = doc.totals
    x_label, x_value = LEFT + 112 * MM, RIGHT
    lines: list[tuple[str, str]] = [
        ("Summa exkl. moms", sign + fmt.sek(totals.net)),
        ("Moms", sign + fmt.sek(totals.vat)),
    ]
    if totals.rounding:
        lines.append(("Öresavrundning", sign + fmt.sek(totals.rounding)))
    total_y = top
    for label, value in lines:
        w.text(x_label, total_y, label)
        w.text(x_value, total_y, value, align="right")
        total_y -= 12
    w.canvas.line(x_label, total_y + 7, x_value, total_y + 7)
    payable_label = "Kreditbelopp" if doc.is_credit_note else "Att betala"
    w.text(x_label, total_y - 6, f"{payable_label} {doc.currency}", font=BOLD, size=11)
    w.text(x_value, total_y - 6, sign + fmt.sek(totals.payable), font=BOLD, size=11, align="right")

    box_top = min(row_y, total_y - 18) - 4
    if doc.is_credit_note:
        text = (
            f"Krediterar faktura {doc.credited_invoice_number}"
            + (f" av {fmt.date(doc.credited_invoice_date)}" if doc.credited_invoice_date else "")
            + ". Beloppet regleras mot kommande betalning eller återbetalas."
        )
        for index, part in enumerate(_wrap(text, FONT, BODY_SIZE, RIGHT - LEFT)):
            w.text(LEFT, box_top - 12 - index * 11, part)
        return
    _payment_box(w, doc, box_top)


def _payment_box(w: _Writer, doc: InvoiceDocument, top: float) -> None:
    height = 20 * MM
    w.canvas.setStrokeColorRGB(0, 0, 0)
    w.canvas.setLineWidth(0.8)
    w.canvas.rect(LEFT, top - height, RIGHT - LEFT, height, stroke=1, fill=0)
    seller = doc.seller
    fields: list[tuple[str, str]] = []
    if seller.bankgiro:
        fields.append(("Bankgiro", fmt.bankgiro(seller.bankgiro)))
    elif seller.plusgiro:
        fields.append(("Plusgiro", seller.plusgiro))
    elif seller.iban:
        fields.append(("IBAN", seller.iban))
    fields.append(("OCR-nummer", doc.ocr_reference or doc.number))
    fields.append(("Förfallodatum", fmt.date(doc.due_date)))
    fields.append((f"Att betala {doc.currency}", fmt.sek(doc.totals.payable)))
    width = (RIGHT - LEFT) / len(fields)
    for index, (label, value) in enumerate(fields):
        x = LEFT + 4 * MM + index * width
        w.text(x, top - 7 * MM, label, size=8, grey=True)
        w.text(x, top - 13 * MM, value, font=BOLD, size=12)
    if doc.late_interest_text:
        w.text(LEFT, top - height - 10, doc.late_interest_text, size=7.5, grey=True)


def _footer_columns(doc: InvoiceDocument) -> Iterator[list[str]]:
    seller = doc.seller
    yield [
        seller.name,
        seller.address.street,
        f"{seller.address.postal_code} {seller.address.city}".strip(),
        seller.legal_form.capitalize() if seller.legal_form else "",
    ]
    yield [
        f"Org.nr {fmt.org_number(seller.org_number)}",
        f"Momsreg.nr {seller.vat_number}" if seller.vat_number else "",
        seller.f_tax_text,
    ]
    payment = [
        f"Bankgiro {fmt.bankgiro(seller.bankgiro)}" if seller.bankgiro else "",
        f"Plusgiro {seller.plusgiro}" if seller.plusgiro else "",
        f"IBAN {seller.iban}" if seller.iban else "",
        f"BIC {seller.bic}" if seller.bic else "",
    ]
    yield [text for text in payment if text]
    yield [seller.phone, seller.email]


def _footer(w: _Writer, doc: InvoiceDocument, page: int, pages: int) -> None:
    w.canvas.setStrokeColorRGB(*RULE_GREY)
    w.canvas.setLineWidth(0.5)
    w.canvas.line(LEFT, FOOTER_TOP, RIGHT, FOOTER_TOP)
    w.canvas.setStrokeColorRGB(0, 0, 0)
    # The seller's name and address need the widest column; the payment column the least.
    shares = (0.32, 0.26, 0.2, 0.22)
    x = LEFT
    for share, column in zip(shares, _footer_columns(doc), strict=True):
        y = FOOTER_TOP - 10
        for text in column:
            if text:
                w.text(x, y, text, size=7.5)
                y -= 9.5
        x += share * (RIGHT - LEFT)
    w.text(RIGHT, 12 * MM, f"Sida {page} av {pages}", size=8, align="right")
