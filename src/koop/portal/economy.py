"""The economy's figures on the agendas: the books (ledger) report to the meetings
(governance) through the provider seam in ``koop.governance.economy``, joined here so that
neither of the two apps imports the other."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from koop.core.access import Principal
from koop.core.formatting import format_whole_kronor
from koop.governance.economy import EconomicReport
from koop.governance.models import Body
from koop.governance.models.choices import UNIT_BODY_KINDS
from koop.ledger.access import can_read_ledger
from koop.ledger.reports import Line, cost_centre_ids_for_units, pnl_by_cost_centre


def _rows(lines: list[Line]) -> list[tuple[str, str]]:
    revenue = sum((line.revenue for line in lines), Decimal(0))
    costs = sum((line.costs for line in lines), Decimal(0))
    return [
        (_("Revenue"), format_whole_kronor(revenue)),
        (_("Costs"), format_whole_kronor(costs)),
        (_("Result"), format_whole_kronor(revenue - costs)),
    ]


def economic_reports_from_the_books(
    body: Body, on: dt.date, reader: Principal
) -> list[EconomicReport]:
    """The year to date up to the end of the month before the meeting: the unit's own for
    a unit's meetings, the whole group's for the board and the general assembly; linked to
    the full report for a reader the ledger lets open it."""
    end = on.replace(day=1) - dt.timedelta(days=1)
    start = end.replace(month=1, day=1)
    period = f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"
    if body.kind in UNIT_BODY_KINDS and body.unit_id is not None:
        ids = cost_centre_ids_for_units([body.unit_id])
        lines = pnl_by_cost_centre(start=start, end=end, cost_centre_ids=ids) if ids else []
        return [
            EconomicReport(
                title=_("The unit's result, %(period)s") % {"period": period},
                rows=_rows(lines),
                url=(
                    reverse("ledger:report-unit", args=[body.unit_id])
                    if reader.is_central or body.unit_id in reader.led_unit_ids
                    else ""
                ),
            )
        ]
    lines = pnl_by_cost_centre(start=start, end=end)
    return [
        EconomicReport(
            title=_("The group's result, %(period)s") % {"period": period},
            rows=_rows(lines),
            url=reverse("ledger:report-units") if can_read_ledger(reader) else "",
        )
    ]
