"""The minutes as a PDF (ReportLab), for publishing once they are locked."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from koop.governance.models import Minutes, MinutesStatus


def minutes_pdf(minutes: Minutes) -> bytes:
    meeting = minutes.meeting
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=str(_("Minutes of %(title)s") % {"title": meeting.title}),
        author=str(meeting.body.cooperative),
    )
    story: list[object] = [
        Paragraph(escape(str(meeting.body.cooperative)), styles["Normal"]),
        Paragraph(escape(_("Minutes of %(title)s") % {"title": meeting.title}), styles["Title"]),
    ]
    for block in minutes.text.split("\n\n"):
        lines = [escape(line) for line in block.splitlines()]
        if not lines:
            continue
        style = styles["Heading3"] if lines[0].startswith("§") else styles["Normal"]
        story.append(Paragraph(lines[0], style))
        if len(lines) > 1:
            story.append(Paragraph("<br/>".join(lines[1:]), styles["Normal"]))
        story.append(Spacer(1, 4 * mm))
    if minutes.status == MinutesStatus.LOCKED:
        approved = ", ".join(
            f"{a.adjuster.full_name} {timezone.localtime(a.approved_at):%Y-%m-%d}"
            for a in minutes.approvals.select_related("adjuster").order_by("approved_at")
        )
        story.append(
            Paragraph(
                escape(_("Approved by the adjusters: %(names)s") % {"names": approved}),
                styles["Italic"],
            )
        )
    else:
        story.append(Paragraph(escape(_("Draft: not yet approved.")), styles["Italic"]))
    document.build(story)  # type: ignore[arg-type]
    return buffer.getvalue()
