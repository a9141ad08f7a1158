"""Demo books: three fiscal years of each unit's economy.

Per unit and month: the invoiced sales (from the billing step's invoices), the payments,
and the costs a small unit has (wages 7010 with social fees 7510, rent 5010, vehicles 5611,
material 4010), so each unit shows a believable result, some in deficit. The group levy is
run each closed month, its shares go to the solidarity pool and the investment fund, the
pool pays two units in deficit, the fund grants and lends, and every unit has a budget.

The triggers are respected: vouchers are inserted as drafts, their rows after them, and
then all posted by one UPDATE per batch (the database checks each balances). Numbers are
taken per series in date order and the series counters set once at the end.

Keys in ``ctx.data`` filled here: ``fiscal_years`` (list[FiscalYear], oldest first)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from koop.billing.models import InvoiceKind, Payment
from koop.core.money import ZERO, round_money, split_largest_remainder
from koop.demo.seed.context import SeedContext
from koop.ledger.levy import CENTRAL_COST_CENTRE
from koop.ledger.models import (
    AccountPurpose,
    Budget,
    Dimension,
    FiscalYear,
    Fund,
    FundMovement,
    FundMovementKind,
    LedgerObject,
    LevyEntry,
    LevyMonth,
    LevyRate,
    LevyShare,
    Loan,
    LoanInstalment,
    ObjectMapping,
    Voucher,
    VoucherSeries,
    VoucherSource,
)
from koop.ledger.models.accounts import COST_CENTRE_DIMENSION, PROJECT_DIMENSION
from koop.ledger.numbering import SERIES_NAMES
from koop.ledger.services import DIMENSION_NAMES, mapped_account
from koop.organisation.models import Unit

YEARS = 3
BATCH = 2000
ROW_INSERT = (
    "INSERT INTO ledger_voucherrow "
    "(voucher_id, position, account_id, amount, cost_centre_id, other_objects, text) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s)"
)
LEVY_RATE = Decimal("15.00")
POOL_PERCENT, FUND_PERCENT = Decimal("20.00"), Decimal("20.00")
SOCIAL_FEES = Decimal("0.3142")
DECISION = "Styrelsen {year}-01-20 § 7"
HUNDRED = Decimal(100)


@dataclass
class _Draft:
    day: dt.date
    series: str
    text: str
    source: str
    rows: Sequence[tuple[int, Decimal, int | None, str]]
    source_key: str = ""
    levy: list[tuple[int, Decimal, Decimal]] = field(default_factory=list)  # cc, turnover, levy


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _money(value: float) -> Decimal:
    return round_money(Decimal(str(round(value, 2))))


class _Books:
    """Drafts collected in memory, written and posted in batches at the end."""

    def __init__(self, years: list[FiscalYear]) -> None:
        self.years = years
        self.drafts: list[_Draft] = []

    def year_of(self, day: dt.date) -> FiscalYear:
        return next(y for y in self.years if y.start <= day <= y.end)

    def add(self, draft: _Draft) -> None:
        draft.rows = [r for r in draft.rows if r[1] != ZERO]
        if sum((r[1] for r in draft.rows), ZERO) != ZERO:
            raise ValueError(f"unbalanced demo voucher {draft.text}")
        self.drafts.append(draft)

    def write(self) -> dict[int, Voucher]:
        """Insert every draft, its rows, post them; the vouchers by draft index."""
        self.drafts.sort(key=lambda d: (d.day, d.series))
        series: dict[tuple[int, str], VoucherSeries] = {}
        numbers: dict[tuple[int, str], int] = defaultdict(int)
        vouchers: list[Voucher] = []
        now = timezone.now()
        for draft in self.drafts:
            year = self.year_of(draft.day)
            key = (year.pk, draft.series)
            if key not in series:
                series[key] = VoucherSeries.objects.create(
                    fiscal_year=year, code=draft.series, name=SERIES_NAMES.get(draft.series, "")
                )
            numbers[key] += 1
            vouchers.append(
                Voucher(
                    fiscal_year=year,
                    series=series[key],
                    number=numbers[key],
                    date=draft.day,
                    text=draft.text[:200],
                    source=draft.source,
                    source_key=draft.source_key,
                )
            )
        out: dict[int, Voucher] = {}
        for start in range(0, len(vouchers), BATCH):
            batch = Voucher.objects.bulk_create(vouchers[start : start + BATCH])
            # Plain executemany: model instances for ~100,000 rows at scale 10 cost more
            # than the inserts themselves.
            rows = [
                (voucher.pk, position, account, amount, cc, "", text[:200])
                for voucher, draft in zip(batch, self.drafts[start : start + BATCH], strict=True)
                for position, (account, amount, cc, text) in enumerate(draft.rows, start=1)
            ]
            with connection.cursor() as cursor:
                cursor.executemany(ROW_INSERT, rows)
            Voucher.objects.filter(pk__in=[v.pk for v in batch]).update(posted=True, posted_at=now)
            for i, voucher in enumerate(batch, start=start):
                voucher.posted = True
                out[i] = voucher
        for key, s in series.items():
            VoucherSeries.objects.filter(pk=s.pk).update(next_number=numbers[key] + 1)
        return out


def _cost_centres(units: list[Unit]) -> tuple[dict[int, int], int]:
    """Unit id -> cost centre object id, and the central cost centre's id."""
    for number in (COST_CENTRE_DIMENSION, PROJECT_DIMENSION):
        Dimension.objects.get_or_create(number=number, defaults={"name": DIMENSION_NAMES[number]})
    objects = LedgerObject.objects.bulk_create(
        [
            LedgerObject(dimension_id=COST_CENTRE_DIMENSION, code=u.cost_centre, name=u.name)
            for u in units
        ]
        + [
            LedgerObject(
                dimension_id=COST_CENTRE_DIMENSION,
                code=CENTRAL_COST_CENTRE,
                name="Koncerngemensamt",
            )
        ]
    )
    ObjectMapping.objects.bulk_create(
        ObjectMapping(object=obj, unit=unit) for obj, unit in zip(objects, units, strict=False)
    )
    return {u.pk: o.pk for u, o in zip(units, objects, strict=False)}, objects[-1].pk


def seed_ledger(ctx: SeedContext) -> None:
    rng = ctx.rng
    units: list[Unit] = ctx.data["units"]
    first_year = ctx.today.year - YEARS + 1
    years = FiscalYear.objects.bulk_create(
        FiscalYear(start=dt.date(y, 1, 1), end=dt.date(y, 12, 31))
        for y in range(first_year, ctx.today.year + 1)
    )
    years.sort(key=lambda y: y.start)
    ctx.data["fiscal_years"] = years
    books = _Books(years)
    cc_of, central = _cost_centres(units)
    receivable = mapped_account(AccountPurpose.RECEIVABLE)
    bank = mapped_account(AccountPurpose.BANK)
    output_vat = mapped_account(AccountPurpose.OUTPUT_VAT)
    levy_cost = mapped_account(AccountPurpose.LEVY_COST)
    levy_income = mapped_account(AccountPurpose.LEVY_INCOME)
    support_cost = mapped_account(AccountPurpose.SUPPORT_COST)
    support_income = mapped_account(AccountPurpose.SUPPORT_INCOME)
    start = years[0].start
    months = _months(start, ctx.today)

    # Sales and payments per unit and month, summed from the billing step's documents.
    sales: dict[tuple[int, dt.date], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for invoice in ctx.data.get("invoices", []):
        if invoice.issue_date < start:
            continue
        sign = -1 if invoice.kind == InvoiceKind.CREDIT_NOTE else 1
        cell = sales[(invoice.unit_id, invoice.issue_date.replace(day=1))]
        cell[0] += sign * invoice.net_total
        cell[1] += sign * invoice.vat_total
    paid: dict[tuple[int, dt.date], Decimal] = defaultdict(lambda: ZERO)
    for unit_id, paid_on, amount in Payment.objects.filter(paid_on__gte=start).values_list(
        "invoice__unit_id", "paid_on", "amount"
    ):
        paid[(unit_id, paid_on.replace(day=1))] += amount

    turnover: dict[tuple[int, dt.date], Decimal] = defaultdict(lambda: ZERO)
    budget: list[Budget] = []
    staff = ctx.data.get("unit_staff", {})
    for unit in units:
        cc = cc_of[unit.pk]
        # A unit's character: how heavy its wages are, its rent and whether it drives.
        # Wages with fees take 50-75 % of turnover; with rent, material, vehicles and the
        # levy most units end the year a little above zero and a few below.
        wage_share = rng.uniform(0.36, 0.56)
        people = max(1, len(staff.get(unit.pk, [])))
        rent = _money(rng.choice([3500, 5000, 6500, 9000, 12500]))
        drives = rng.random() < 0.6
        base = sum((sales[(unit.pk, m)][0] for m in months), ZERO) / max(1, len(months))
        base = max(base, Decimal(15000) * people)
        for month in months:
            last = min(_month_end(month), ctx.today)
            net, vat = sales.get((unit.pk, month), (ZERO, ZERO))
            if net or vat:
                books.add(
                    _Draft(
                        last,
                        "K",
                        f"Kundfakturor {month:%Y-%m} {unit.name}",
                        VoucherSource.SALE,
                        [
                            (receivable, net + vat, cc, "Kundfordringar"),
                            (3001, -net, cc, "Försäljning"),
                            (output_vat, -vat, cc, "Utgående moms"),
                        ],
                    )
                )
                turnover[(cc, month)] += net
            amount = paid.get((unit.pk, month), ZERO)
            if amount:
                books.add(
                    _Draft(
                        last,
                        "I",
                        f"Inbetalningar {month:%Y-%m} {unit.name}",
                        VoucherSource.PAYMENT,
                        [
                            (bank, amount, cc, "Bankgiro"),
                            (receivable, -amount, cc, "Kundfordringar"),
                        ],
                    )
                )
            season = 0.75 if month.month == 7 else 1.0
            wages = _money(float(base) * wage_share * season * rng.uniform(0.9, 1.1))
            fees = round_money(wages * SOCIAL_FEES)
            material = _money(float(base) * rng.uniform(0.02, 0.06))
            vehicles = _money(float(base) * rng.uniform(0.02, 0.05)) if drives else ZERO
            costs = [
                (7010, wages, "Löner"),
                (7510, fees, "Arbetsgivaravgifter"),
                (5010, rent, "Lokalhyra"),
                (4010, material, "Material"),
            ]
            if vehicles:
                costs.append((5611, vehicles, "Drivmedel"))
            total = sum((c[1] for c in costs), ZERO)
            books.add(
                _Draft(
                    last,
                    "A",
                    f"Kostnader {month:%Y-%m} {unit.name}",
                    VoucherSource.MANUAL,
                    [(acc, amount, cc, text) for acc, amount, text in costs]
                    + [(bank, -total, cc, "Utbetalt")],
                )
            )
            if month.year == ctx.today.year:
                fy = books.year_of(month)
                plan = float(base) * rng.uniform(0.95, 1.1)
                for account, amount in (
                    (3001, -_money(plan)),
                    (7010, _money(plan * wage_share)),
                    (7510, _money(plan * wage_share * float(SOCIAL_FEES))),
                    (5010, rent),
                    (4010, _money(plan * 0.04)),
                ):
                    budget.append(
                        Budget(
                            fiscal_year=fy,
                            month=month,
                            account_id=account,
                            cost_centre_id=cc,
                            amount=amount,
                        )
                    )

    # The levy: one voucher per closed month, a cost per unit, income centrally.
    LevyRate.objects.create(
        valid_from=start, rate=LEVY_RATE, decision_ref=DECISION.format(year=start.year)
    )
    LevyShare.objects.create(
        valid_from=start,
        pool_percent=POOL_PERCENT,
        fund_percent=FUND_PERCENT,
        decision_ref=DECISION.format(year=start.year),
    )
    levy_drafts: list[int] = []
    for month in months:
        last = _month_end(month)
        if last >= ctx.today:
            break
        changes = []
        for unit in units:
            cc = cc_of[unit.pk]
            net = round_money(turnover.get((cc, month), ZERO))
            due = round_money(net * LEVY_RATE / HUNDRED)
            if due != ZERO:
                changes.append((cc, net, due))
        if not changes:
            continue
        text = f"Koncerngemensam avgift {month:%Y-%m}"
        total = sum((c[2] for c in changes), ZERO)
        levy_drafts.append(len(books.drafts))
        books.add(
            _Draft(
                last,
                "L",
                text,
                VoucherSource.LEVY,
                [(levy_cost, due, cc, text) for cc, _n, due in changes]
                + [(levy_income, -total, central, text)],
                source_key=f"levy:{month:%Y-%m}:1",
                levy=changes,
            )
        )
    levy_draft_objects = [books.drafts[i] for i in levy_drafts]

    # The pool pays two units in deficit; the fund grants to one and lends to another.
    support: list[tuple[_Draft, FundMovement]] = []
    payout_day = ctx.today.replace(day=1) - dt.timedelta(days=1)
    if payout_day.year != ctx.today.year:
        payout_day = ctx.today
    ordered = sorted(units, key=lambda u: u.pk)
    for i, unit in enumerate(ordered[:2]):
        amount = _money(rng.choice([25000, 40000, 60000]))
        text = f"Solidaritetspoolen: {unit.name}"
        draft = _Draft(
            payout_day,
            "F",
            text,
            VoucherSource.FUND,
            [
                (support_cost, amount, central, text),
                (support_income, -amount, cc_of[unit.pk], text),
            ],
            source_key=f"pool:{i + 1}",
        )
        books.add(draft)
        support.append(
            (
                draft,
                FundMovement(
                    fund=Fund.POOL,
                    kind=FundMovementKind.PAYOUT,
                    date=payout_day,
                    amount=-amount,
                    unit=unit,
                    decision_ref=DECISION.format(year=payout_day.year),
                ),
            )
        )
    if len(ordered) > 2:
        unit = ordered[2]
        amount = Decimal("75000.00")
        text = f"Investeringsfonden, bidrag: {unit.name}"
        draft = _Draft(
            payout_day,
            "F",
            text,
            VoucherSource.FUND,
            [
                (support_cost, amount, central, text),
                (support_income, -amount, cc_of[unit.pk], text),
            ],
            source_key="fund:1",
        )
        books.add(draft)
        support.append(
            (
                draft,
                FundMovement(
                    fund=Fund.FUND,
                    kind=FundMovementKind.GRANT,
                    date=payout_day,
                    amount=-amount,
                    unit=unit,
                    decision_ref=DECISION.format(year=payout_day.year),
                ),
            )
        )

    written = books.write()
    index = {id(d): i for i, d in enumerate(books.drafts)}

    entries: list[LevyEntry] = []
    for draft in levy_draft_objects:
        voucher = written[index[id(draft)]]
        period = draft.day.replace(day=1)
        entries.extend(
            LevyEntry(
                period=period,
                cost_centre_id=cc,
                turnover=net,
                rate=LEVY_RATE,
                amount=due,
                voucher=voucher,
            )
            for cc, net, due in draft.levy
        )
    entries = LevyEntry.objects.bulk_create(entries, batch_size=BATCH)
    # Each levied month has had one run, so a run now is the month's second posting.
    LevyMonth.objects.bulk_create(
        [LevyMonth(period=d.day.replace(day=1), postings=1) for d in levy_draft_objects]
    )
    movements: list[FundMovement] = []
    decision = DECISION.format(year=start.year)
    for entry in entries:
        for fund, percent in ((Fund.POOL, POOL_PERCENT), (Fund.FUND, FUND_PERCENT)):
            amount = round_money(entry.amount * percent / HUNDRED)
            movements.append(
                FundMovement(
                    fund=fund,
                    kind=FundMovementKind.LEVY_SHARE,
                    date=_month_end(entry.period),
                    amount=amount,
                    levy_entry=entry,
                    voucher=entry.voucher,
                    decision_ref=decision,
                )
            )
    for draft, movement in support:
        movement.voucher = written[index[id(draft)]]
        movements.append(movement)
    if len(ordered) > 3:
        movements.extend(_loan(ordered[3], payout_day, ctx.today))
    FundMovement.objects.bulk_create(movements, batch_size=BATCH)
    Budget.objects.bulk_create(budget, batch_size=BATCH)


def _loan(unit: Unit, day: dt.date, today: dt.date) -> list[FundMovement]:
    """A loan from the fund paid out a year before ``day``, repaid monthly, partly so far."""
    paid_out = day - dt.timedelta(days=365)
    decision = DECISION.format(year=paid_out.year)
    principal = Decimal("120000.00")
    loan = Loan.objects.create(
        unit=unit, principal=principal, paid_out_on=paid_out, decision_ref=decision
    )
    plan, due = [], (paid_out.replace(day=28) + dt.timedelta(days=4)).replace(day=25)
    for part in split_largest_remainder(principal, [Decimal(1)] * 24):
        plan.append(
            LoanInstalment(
                loan=loan, due_on=due, amount=part, paid_on=due if due <= today else None
            )
        )
        due = (due.replace(day=28) + dt.timedelta(days=4)).replace(day=25)
    LoanInstalment.objects.bulk_create(plan)
    movements = [
        FundMovement(
            fund=Fund.FUND,
            kind=FundMovementKind.LOAN,
            date=paid_out,
            amount=-principal,
            unit=unit,
            decision_ref=decision,
            loan=loan,
        )
    ]
    movements += [
        FundMovement(
            fund=Fund.FUND,
            kind=FundMovementKind.REPAYMENT,
            date=i.paid_on,
            amount=i.amount,
            unit=unit,
            decision_ref=decision,
            loan=loan,
            instalment=i,
        )
        for i in plan
        if i.paid_on is not None
    ]
    return movements
