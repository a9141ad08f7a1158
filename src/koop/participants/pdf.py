"""PDF documents: the monthly attendance report and the register extract (ReportLab)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

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
        [_("Hours"), summary.hours],
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
                [_("Decision"), f"{referral.decision_reference} ({referral.decision_date})"],
                [_("Kind of support"), str(referral.support_kind)],
                [_("Agreement"), f"{agreement.starts_on} – {agreement.ends_on}"],
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
                    r.day.isoformat(),
                    AttendanceStatus(r.status).label,
                    reasons.get(r.reason, "") if r.reason else "",
                    r.hours,
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
            % {"day": until.isoformat()}
        )
    if unconfirmed:
        notes.append(
            _(
                "%(count)s days the participant reported themself are not yet confirmed by "
                "the supervisor and are not counted here."
            )
            % {"count": unconfirmed}
        )
    for note in notes:
        story += [Spacer(1, 4 * mm), Paragraph(note, styles["Normal"])]
    return _document(title, story)


def _last_day(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def register_extract(*, data: dict[str, Any]) -> bytes:
    """The register extract (GDPR art. 15) as a readable document: one table per section."""
    styles = getSampleStyleSheet()
    title = _("Register extract")
    story: list[Flowable] = [Paragraph(title, styles["Title"])]
    story.append(
        Paragraph(
            _("Everything Koop holds about %(name)s, made %(when)s.")
            % {"name": data["person"].get("name", ""), "when": data["made_at"]},
            styles["Normal"],
        )
    )
    for section, content in data.items():
        if section in {"made_at"}:
            continue
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph(section.replace("_", " ").capitalize(), styles["Heading2"]))
        story.extend(_flowables(content, styles))
    return _document(title, story)


def _flowables(content: Any, styles: Any) -> Iterable[Flowable]:
    if isinstance(content, dict):
        yield _table([[k, _text(v)] for k, v in content.items()], widths=[55 * mm, 115 * mm])
    elif isinstance(content, list):
        if not content:
            yield Paragraph("—", styles["Normal"])
        for item in content:
            yield from _flowables(item, styles)
            yield Spacer(1, 2 * mm)
    else:
        yield Paragraph(_text(content), styles["Normal"])


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in (value.values() if isinstance(value, dict) else value))
    return str(value)
