"""A morning in the test world: something for every count on every home, in unit A and in
unit B, so a test can check both what a count says and whose it is.

The clock is frozen at ``NOW`` (a Wednesday); the week runs from ``MONDAY`` to Sunday.
``fill(world, copies=n)`` makes ``n`` of each thing per unit, plus things that must not be
counted (a cancelled order today, a marked day, an agreement ending in 40 days)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.core.files.base import ContentFile

from koop.billing.factories import InvoiceSettingsFactory
from koop.billing.models import InvoiceSettings
from koop.billing.services import invoice_draft_add_line, invoice_draft_create, invoice_issue
from koop.governance.models import Body, MatterDocument
from koop.governance.services import decision_record, matter_submit, meeting_create
from koop.ledger.models import Budget, FiscalYear, ImportJob, ImportStatus
from koop.ledger.services import RowSpec, cost_centre_for_unit, voucher_post
from koop.organisation.models import Unit
from koop.participants.factories import AgreementFactory as ParticipantAgreementFactory
from koop.participants.models import Attendance
from koop.people.factories import PersonFactory
from koop.work.factories import AgreementFactory, CustomerFactory, TimeRowFactory, WorkOrderFactory
from koop.work.models import WorkOrderStatus
from tests.governance.helpers import build_gov, open_meeting
from tests.participants.cases import place
from tests.personas import World

ZONE = zoneinfo.ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2026, 3, 11, 9, 0, tzinfo=ZONE)
TODAY = NOW.date()
MONDAY = dt.date(2026, 3, 9)
FRIDAY = dt.date(2026, 3, 13)


def at(day: dt.date, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=ZONE)


def _governance(world: World) -> dict[str, Body]:
    cached = getattr(world, "_portal_gov", None)
    if cached is None:
        gov = build_gov(world)
        cached = {
            "board": gov.board,
            "assembly": gov.assembly,
            "vs_a": gov.vs_a,
            "vs_b": gov.vs_b,
        }
        world._portal_gov = cached  # type: ignore[attr-defined]
    return cached


def _work(world: World, unit: Unit, copies: int) -> None:
    area = unit.business_areas.first()
    if area is None:
        area = world.unit_a.business_areas.get()
        unit.business_areas.add(area)
    customer = CustomerFactory(cooperative=world.cooperative)
    cooperator = world.persons["cooperator"]
    for _ in range(copies):
        WorkOrderFactory(
            unit=unit,
            business_area=area,
            customer=customer,
            planned_date=TODAY,
            status=WorkOrderStatus.PLANNED,
            assigned=[cooperator] if unit == world.unit_a else [],
        )
        WorkOrderFactory(unit=unit, business_area=area, customer=customer, planned_date=FRIDAY)
        WorkOrderFactory(
            unit=unit,
            business_area=area,
            customer=customer,
            planned_date=MONDAY - dt.timedelta(days=7),
            status=WorkOrderStatus.DONE,
        )
        worked = WorkOrderFactory(
            unit=unit,
            business_area=area,
            customer=customer,
            planned_date=MONDAY,
            status=WorkOrderStatus.IN_PROGRESS,
        )
        if unit == world.unit_a:
            TimeRowFactory(work_order=worked, person=cooperator, date=MONDAY, hours=Decimal("3.5"))
    # Not counted: cancelled today, and an agreement ending after 30 days.
    WorkOrderFactory(
        unit=unit,
        business_area=area,
        customer=customer,
        planned_date=TODAY,
        status=WorkOrderStatus.CANCELLED,
    )
    for days in [10] * copies + [40]:
        AgreementFactory(
            cooperative=world.cooperative,
            customer=customer,
            business_area=area,
            units=[unit],
            valid_to=TODAY + dt.timedelta(days=days),
        )


def _billing(world: World, unit: Unit, copies: int) -> None:
    if not InvoiceSettings.objects.filter(cooperative=world.cooperative).exists():
        InvoiceSettingsFactory(cooperative=world.cooperative)
    customer = CustomerFactory(cooperative=world.cooperative)
    area = unit.business_areas.first()
    for i in range(copies * 2):
        draft = invoice_draft_create(unit=unit, customer=customer, acting_user=None)
        invoice_draft_add_line(
            draft=draft,
            description="Flytt",
            quantity="2",
            unit_price="450",
            vat_rate="25",
            business_area=area,
            acting_user=None,
        )
        if i % 2 == 0:  # half issued long ago (overdue), half left as drafts
            invoice_issue(draft=draft, acting_user=None, issue_date=dt.date(2026, 1, 5))


def _participants(world: World, unit: Unit, copies: int) -> None:
    supervisor = world.persons["leader"]
    for i in range(copies):
        person = PersonFactory(cooperative=world.cooperative)
        agreement = ParticipantAgreementFactory(
            person=person,
            unit=unit,
            consented=True,
            starts_on=dt.date(2026, 1, 1),
            ends_on=TODAY + dt.timedelta(days=20),
        )
        # Scheduled Monday to Friday: Monday and Tuesday marked for the first, none for
        # the rest, so the first leaves only today unmarked.
        place(
            agreement,
            supervisor_id=supervisor.pk,
            starts_on=dt.date(2026, 1, 1),
            ends_on=TODAY + dt.timedelta(days=15),
        )
        if i == 0:
            for day in (MONDAY, MONDAY + dt.timedelta(days=1)):
                Attendance.objects.create(
                    agreement=agreement,
                    person=person,
                    unit=unit,
                    day=day,
                    status="present",
                    hours=Decimal(6),
                )


def unmarked_days(copies: int) -> int:
    """Monday to Wednesday for each participant, less the first one's two marked days."""
    return 3 * copies - 2


def _governance_objects(world: World, unit_body: Body, copies: int) -> None:
    bodies = _governance(world)
    p = world.persons
    present = (
        [p["leader"], p["cooperator"], p["participant"]]
        if unit_body == bodies["vs_a"]
        else [p["leader_b"]]
    )
    for _ in range(copies):
        meeting_create(
            body=unit_body,
            title=f"{unit_body.name} planerat",
            starts_at=at(FRIDAY, 15),
            place="Lagret",
            acting_user=None,
            today=TODAY - dt.timedelta(days=60),
        )
        held = open_meeting(unit_body, present=present)
        item = held.items.order_by("position").first()
        decision_record(
            meeting=held,
            item=item,
            text="Städdag på fredag",
            manner="consensus",
            responsible=p["cooperator"],
            due_on=TODAY + dt.timedelta(days=5),
            acting_user=None,
        )
    if unit_body == bodies["vs_a"]:
        board = bodies["board"]
        for _ in range(copies):
            board_meeting = meeting_create(
                body=board,
                title="Styrelsemöte",
                starts_at=at(TODAY + dt.timedelta(days=14), 17),
                place="Kontoret",
                acting_user=None,
                today=TODAY - dt.timedelta(days=60),
            )
            matter = matter_submit(
                body=board,
                submitted_by=p["board"],
                title="Investering i lokal",
                meeting=board_meeting,
                acting_user=None,
            )
            MatterDocument.objects.create(
                matter=matter, name="underlag.txt", file=ContentFile(b"x", name="underlag.txt")
            )
            matter_submit(
                body=bodies["assembly"],
                submitted_by=p["cooperator"],
                title="Motion om solceller",
                submission="motion",
                acting_user=None,
            )
            held_board = open_meeting(board, present=[p["board"]], days=-3)
            item = held_board.items.order_by("position").first()
            decision_record(
                meeting=held_board,
                item=item,
                text="Köp ny skåpbil",
                manner="consensus",
                responsible=p["board"],
                acting_user=None,
            )


def _ledger(world: World, unit: Unit, copies: int, *, deficit: bool) -> None:
    for year in (2026,):
        FiscalYear.objects.get_or_create(
            start=dt.date(year, 1, 1), defaults={"end": dt.date(year, 12, 31)}
        )
    cc = cost_centre_for_unit(unit).pk
    revenue, costs = (Decimal("1000.00"), Decimal("3000.00"))
    if not deficit:
        revenue, costs = costs, revenue
    for _ in range(copies):
        voucher_post(
            voucher_date=dt.date(2026, 2, 10),
            series="A",
            text="Försäljning och kostnad",
            acting_user=None,
            rows=[
                RowSpec(1930, revenue - costs),
                RowSpec(3041, -revenue, cost_centre_id=cc),
                RowSpec(5010, costs, cost_centre_id=cc),
            ],
        )
    # Budgeted: 5 000 kr of revenue a copy in February, more than either unit made.
    budget, _ = Budget.objects.get_or_create(
        fiscal_year=FiscalYear.objects.get(start=dt.date(2026, 1, 1)),
        month=dt.date(2026, 2, 1),
        account_id=3041,
        cost_centre_id=cc,
        defaults={"amount": Decimal(0)},
    )
    budget.amount -= Decimal("5000.00") * copies
    budget.save(update_fields=["amount"])


def fill(world: World, *, copies: int) -> None:
    """``copies`` of everything in unit A and in unit B; unit A in deficit, B not."""
    bodies = _governance(world)
    for unit, body in ((world.unit_a, bodies["vs_a"]), (world.unit_b, bodies["vs_b"])):
        _work(world, unit, copies)
        _billing(world, unit, copies)
        _participants(world, unit, copies)
        _governance_objects(world, body, copies)
        _ledger(world, unit, copies, deficit=unit == world.unit_a)
    for i in range(copies):
        ImportJob.objects.create(
            file_name=f"bokslut-{i}.se", path="/nonexistent", status=ImportStatus.FAILED
        )
