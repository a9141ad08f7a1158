"""Reports as CSV, xlsx (openpyxl) and PDF (ReportLab)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from koop.ledger.reports import Line


def _rows(lines: Sequence[Line], first_column: str) -> list[list[object]]:
    out: list[list[object]] = [[first_column, "name", "revenue", "costs", "result"]]
    for ln in lines:
        out.append([ln.key, ln.label, ln.revenue, ln.costs, ln.result])
    return out


def lines_csv(lines: Sequence[Line], *, first_column: str = "key") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _rows(lines, first_column):
        writer.writerow([f"{v:.2f}" if not isinstance(v, str) else v for v in row])
    return buffer.getvalue().encode("utf-8")


def lines_xlsx(lines: Sequence[Line], *, title: str, first_column: str = "key") -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]  # no stubs published

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    for row in _rows(lines, first_column):
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2, min_col=3, max_col=5):
        for cell in cells:
            cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def lines_pdf(lines: Sequence[Line], *, title: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title)
    data = [["", "", "Intäkter", "Kostnader", "Resultat"]]
    for ln in lines:
        data.append(
            [ln.key, ln.label[:40], f"{ln.revenue:,.2f}", f"{ln.costs:,.2f}", f"{ln.result:,.2f}"]
        )
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
            ]
        )
    )
    doc.build([Paragraph(title, getSampleStyleSheet()["Heading1"]), table])
    return buffer.getvalue()
