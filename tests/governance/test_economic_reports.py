"""The agendas' "economic reports" come from the books: a unit's meetings see the unit's
result for the year to date, the board and the assembly the whole group's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from koop.governance.economy import economic_reports
from koop.ledger.models import FiscalYear
from koop.ledger.services import RowSpec, cost_centre_for_unit, voucher_post
from koop.people.selectors import principal_for_user
from tests.governance.helpers import build_gov
from tests.personas import World


def _sale(unit_cost_centre: int, day: dt.date, net: str) -> None:
    amount = Decimal(net)
    voucher_post(
        voucher_date=day,
        series="K",
        text="Försäljning",
        rows=[
            RowSpec(1510, amount, cost_centre_id=unit_cost_centre),
            RowSpec(3001, -amount, cost_centre_id=unit_cost_centre),
        ],
        acting_user=None,
    )


def test_a_units_meeting_shows_its_result_and_the_board_the_groups(world: World) -> None:
    gov = build_gov(world)
    FiscalYear.objects.create(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    a = cost_centre_for_unit(world.unit_a).pk
    b = cost_centre_for_unit(world.unit_b).pk
    _sale(a, dt.date(2024, 2, 10), "1000.00")
    _sale(b, dt.date(2024, 2, 12), "500.00")
    _sale(a, dt.date(2024, 3, 5), "7000.00")  # in the meeting's own month: not yet reported

    leader = principal_for_user(world.user("leader"))
    unit_reports = economic_reports(gov.vs_a, dt.date(2024, 3, 20), leader)
    assert len(unit_reports) == 1
    assert unit_reports[0].url == f"/ledger/reports/units/{world.unit_a.pk}/"
    rows = dict(unit_reports[0].rows)
    assert rows["Revenue"].replace("\xa0", " ").replace(",", " ") == "1 000 kr"
    assert rows["Result"].replace("\xa0", " ").replace(",", " ") == "1 000 kr"

    group = dict(economic_reports(gov.board, dt.date(2024, 3, 20), leader)[0].rows)
    assert group["Revenue"].replace("\xa0", " ").replace(",", " ") == "1 500 kr"


def test_a_report_links_to_its_full_version_only_for_a_reader_who_may_open_it(
    world: World,
) -> None:
    gov = build_gov(world)
    FiscalYear.objects.create(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    on = dt.date(2024, 3, 20)
    readers = {p: principal_for_user(world.user(p)) for p in ("leader", "cooperator", "board")}
    assert economic_reports(gov.vs_a, on, readers["leader"])[0].url
    assert economic_reports(gov.vs_a, on, readers["cooperator"])[0].url == ""
    assert economic_reports(gov.board, on, readers["board"])[0].url == ""
    assert economic_reports(gov.board, on, principal_for_user(world.user("finance")))[0].url
    # what the reports say is the same for every reader
    assert (
        economic_reports(gov.vs_a, on, readers["cooperator"])[0].rows
        == economic_reports(gov.vs_a, on, readers["leader"])[0].rows
    )
