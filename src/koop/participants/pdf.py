"""PDF documents: the monthly attendance report and the register extract (ReportLab)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from koop.core.formatting import NO_VALUE, format_date, format_datetime, format_hours
from koop.participants.extract import Extract, Record, Section
from koop.participants.models import AbsenceReason, Agreement, Attendance, AttendanceStatus
from koop.participants.selectors import month_summary


def _document(title: str, story: list[Flowable]) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    doc.build(story)
    return buffer.getvalue()


def _table(rows: Sequence[Sequence[Any]], widths: list[float] | None = None) -> Table:
    table = Table([[str(c) for c in row] for row in rows], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def attendance_report(
    *,
    agreement: Agreement,
    month: dt.date,
    records: list[Attendance],
    cooperative_name: str,
    until: dt.date,
    unconfirmed: int = 0,
) -> bytes:
    """One participant's attendance in one month, for the referring body's follow-up and as
    the basis of the compensation claim.

    ``records`` are what happened (``selectors.attendance_that_happened``) up to ``until``;
    ``unconfirmed`` counts the days the participant reported that nobody has confirmed
    yet: they are not in the report, and the report says so."""
    styles = getSampleStyleSheet()
    referral = agreement.referral
    person = agreement.person
    title = _("Attendance report %(month)s") % {"month": f"{month:%Y-%m}"}
    summary = month_summary(records)
    reasons = dict(AbsenceReason.choices)
    summary_rows: list[list[object]] = [
        [_("Summary"), ""],
        [_("Days present"), summary.present_days],
        [_("Days absent"), summary.absent_days],
        [_("Hours"), format_hours(summary.hours)],
    ]
    summary_rows += [[reasons.get(k, k), v] for k, v in sorted(summary.absences.items())]
    story: list[Flowable] = [
        Paragraph(title, styles["Title"]),
        _table(
            [
                [_("Participant"), person.full_name],
                [_("Personnummer"), person.personnummer_masked or "—"],
                [_("Referring body"), str(referral.body)],
                [_("Case officer"), referral.officer_name],
                [
                    _("Decision"),
                    f"{referral.decision_reference} ({format_date(referral.decision_date)})",
                ],
                [_("Kind of support"), str(referral.support_kind)],
                [
                    _("Agreement"),
                    f"{format_date(agreement.starts_on)} – {format_date(agreement.ends_on)}",
                ],
                [_("Unit"), str(agreement.unit)],
                [_("Cooperative"), cooperative_name],
            ],
            widths=[45 * mm, 125 * mm],
        ),
        Spacer(1, 6 * mm),
        _table(
            [[_("Day"), _("Status"), _("Reason"), _("Hours")]]
            + [
                [
                    format_date(r.day),
                    AttendanceStatus(r.status).label,
                    reasons.get(r.reason, "") if r.reason else "",
                    format_hours(r.hours),
                ]
                for r in records
            ],
            widths=[30 * mm, 35 * mm, 70 * mm, 25 * mm],
        ),
        Spacer(1, 6 * mm),
        _table(summary_rows, widths=[60 * mm, 40 * mm]),
    ]
    notes = []
    if until < _last_day(month):
        notes.append(
            _("The month is not over: the report covers the days up to %(day)s.")
            % {"day": format_date(until)}
        )
    if unconfirmed:
        notes.append(
            ngettext(
                "%(count)s day the participant reported themself is not yet confirmed by the "
                "supervisor and is not counted here.",
                "%(count)s days the participant reported themself are not yet confirmed by "
                "the supervisor and are not counted here.",
                unconfirmed,
            )
            % {"count": unconfirmed}
        )
    for note in notes:
        story += [Spacer(1, 4 * mm), Paragraph(note, styles["Normal"])]
    return _document(title, story)


def _last_day(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def register_extract(*, extract: Extract) -> bytes:
    """The register extract (GDPR art. 15) as the person reads it: a heading per section,
    a label beside every value, lists of like rows as tables."""
    styles = getSampleStyleSheet()
    title = _("Register extract")
    story: list[Flowable] = [Paragraph(escape(title), styles["Title"])]
    story.append(
        Paragraph(
            escape(
                _(
                    "This is everything Koop holds about %(name)s, as it was on %(when)s. "
                    "Ask us if something is wrong: we correct it."
                )
                % {"name": extract.person_name, "when": format_datetime(extract.made_at)}
            ),
            styles["Normal"],
        )
    )
    for section in extract.sections:
        story.extend(_section(section, styles, level=2))
    return _document(title, story)


def _cell(text: str, style: Any) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _section(section: Section, styles: Any, *, level: int) -> Iterable[Flowable]:
    heading = styles[f"Heading{min(level, 4)}"]
    small = styles["BodyText"].clone("extract-cell", fontSize=9, leading=11)
    bold = small.clone("extract-head", fontName="Helvetica-Bold")
    yield Spacer(1, 3 * mm)
    yield Paragraph(escape(section.heading), heading)
    if not section.records:
        yield Paragraph(escape(_("Nothing is kept here.")), styles["Normal"])
        return
    if section.table:
        labels = [v.label for v in section.records[0].values]
        rows = [[_cell(label, bold) for label in labels]] + [
            [_cell(v.text, small) for v in record.values] for record in section.records
        ]
        table = Table(rows, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        yield table
        for record in section.records:
            for part in record.parts:
                yield from _section(part, styles, level=level + 1)
        return
    for record in section.records:
        yield from _record(record, styles, small, bold, level=level)


def _record(
    record: Record, styles: Any, small: Any, bold: Any, *, level: int
) -> Iterable[Flowable]:
    if record.title:
        yield Paragraph(escape(record.title), styles[f"Heading{min(level + 1, 4)}"])
    if record.values:
        table = Table(
            [[_cell(v.label, bold), _cell(v.text or NO_VALUE, small)] for v in record.values],
            colWidths=[60 * mm, 114 * mm],
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ]
            )
        )
        yield table
        yield Spacer(1, 2 * mm)
    for part in record.parts:
        yield from _section(part, styles, level=level + 1)
