"""Reports as CSV, xlsx (openpyxl) and PDF (ReportLab), one shape for all of them: two
columns naming the line (the cost centre code and the name, or the month and the unit), then
revenue, costs and result. CSV keeps plain figures (``1234.50``) for other programs to read;
the PDF shows them as the page does (``1 234,50``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from html import escape

from django.utils.translation import gettext as _

from koop.core.formatting import format_amount
from koop.ledger.reports import Line

Headings = tuple[str, str]


def _headings(headings: Headings | None) -> list[str]:
    first, second = headings or (_("Cost centre"), _("Name"))
    return [first, second, _("Revenue"), _("Costs"), _("Result")]


def _rows(lines: Sequence[Line], headings: Headings | None) -> list[list[object]]:
    out: list[list[object]] = [list(_headings(headings))]
    for ln in lines:
        out.append([ln.code, ln.label, ln.revenue, ln.costs, ln.result])
    return out


def lines_csv(lines: Sequence[Line], *, headings: Headings | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _rows(lines, headings):
        writer.writerow([f"{v:.2f}" if not isinstance(v, str) else v for v in row])
    return buffer.getvalue().encode("utf-8")


def lines_xlsx(lines: Sequence[Line], *, title: str, headings: Headings | None = None) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # no stubs published

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    # A sheet's name has at most 31 characters and none of these.
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31]
    for row in _rows(lines, headings):
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2, min_col=3, max_col=5):
        for cell in cells:
            cell.number_format = "#,##0.00"
    sheet.column_dimensions["B"].width = 32
    for column in "CDE":
        sheet.column_dimensions[column].width = 16
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def lines_pdf(lines: Sequence[Line], *, title: str, headings: Headings | None = None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title)
    data: list[list[str]] = [_headings(headings)]
    for ln in lines:
        data.append(
            [
                ln.code,
                ln.label[:40],
                format_amount(ln.revenue),
                format_amount(ln.costs),
                format_amount(ln.result),
            ]
        )
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
            ]
        )
    )
    doc.build([Paragraph(escape(title), getSampleStyleSheet()["Heading1"]), table])
    return buffer.getvalue()
