"""Demo work: customers, agreements with price lists, and three years of work orders.

Reads ``units``, ``unit_business_areas``, ``business_areas``, ``municipalities``,
``unit_staff`` and ``employees``; fills ``ctx.data`` keys ``customers`` (list[Customer]),
``agreements`` (list[Agreement]) and ``work_orders_done`` (list of ids of done orders,
for billing to invoice).

The amounts are drawn so the group's turnover (done work, excl. VAT) comes to about
``TURNOVER_PER_YEAR`` per year at scale 1 and that times the scale above it. Orders are
written as in progress with their rows and then moved to done in one update, because the
database accepts time and material only on open orders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max, Model
from django.utils import timezone
from stdnum import luhn

from koop.demo.seed.context import SeedContext
from koop.demo.seed.names import STREETS, SWEDISH_MEN, SWEDISH_SURNAMES, SWEDISH_WOMEN
from koop.organisation.models import BusinessArea, Unit, UnitStatus
from koop.people.models import Person
from koop.work.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementStatusChange,
    Customer,
    CustomerKind,
    MaterialRow,
    PriceItemKind,
    PriceListItem,
    TimeRow,
    WorkOrder,
    WorkOrderStatus,
    WorkOrderStatusChange,
)

TURNOVER_PER_YEAR = Decimal(30_000_000)
YEARS = 3
VAT = Decimal("25.00")
DAY_HOURS = Decimal(8)
# An order's value is mostly hours; one order in three also carries material.
HOURS_SHARE = Decimal("0.88")
MATERIAL_ODDS = Decimal("0.35")
S = WorkOrderStatus

DEPARTMENTS = [
    ("Tekniska förvaltningen", "TF"),
    ("Socialförvaltningen", "SOC"),
    ("Utbildningsförvaltningen", "UTB"),
    ("Kultur- och fritidsförvaltningen", "KFF"),
    ("Vård- och omsorgsförvaltningen", "VOF"),
    ("Arbetsmarknadsförvaltningen", "AMF"),
]
COMPANY_STEMS = [
    "Bostäder",
    "Fastigheter",
    "Bygg",
    "Logistik",
    "Industriservice",
    "Handel",
    "Energi",
    "Hotell",
    "Event",
    "Kontorsservice",
]
ASSOCIATIONS = [
    "IFK {town}",
    "Hyresgästföreningen {town}",
    "{town} Hembygdsförening",
    "Röda Korset {town}",
    "{town} Scoutkår",
]

# What a business area sells: (service, hourly price), (article, unit price)
AREA_PRICES: dict[str, tuple[tuple[str, int], tuple[str, int]]] = {
    "transport": (("Transport med förare", 520), ("Körning, fast avgift", 350)),
    "vaktmasteri": (("Vaktmästeri", 420), ("Förbrukningsmaterial", 85)),
    "underhall": (("Målning och underhåll", 460), ("Färg, liter", 129)),
    "stad": (("Städning", 395), ("Städmaterial", 65)),
    "mobellager": (("Möbelhantering", 430), ("Renoverad möbel", 650)),
    "cykeltransporter": (("Cykelbud", 410), ("Budleverans", 95)),
    "cafe": (("Fikaservering", 380), ("Fikapaket per person", 75)),
    "second-hand": (("Tömning och sortering", 400), ("Bortforsling", 450)),
    "tvatteri": (("Tvätt och mangling", 390), ("Tvättkasse", 145)),
    "tradgard": (("Trädgårdsskötsel", 430), ("Jord och växter", 240)),
    "catering": (("Catering, personal", 400), ("Lunchportion", 95)),
    "snickeri": (("Snickeri", 480), ("Virke", 210)),
    "aterbruk": (("Återbruk och demontering", 420), ("Återbrukat material", 180)),
    "flytt": (("Flytthjälp", 495), ("Flyttkartong", 35)),
    "bilvard": (("Bilvård", 450), ("Rekond, fast pris", 1200)),
}


def _luhn_complete(nine: str) -> str:
    """Nine digits and the Luhn check digit that makes a valid Swedish number of them."""
    return nine + luhn.calc_check_digit(nine)


def _orgnr(prefix: str, serial: int) -> str:
    digits = _luhn_complete(f"{prefix}{serial:0{9 - len(prefix)}d}")
    return f"{digits[:6]}-{digits[6:]}"


def _vat_of(orgnr: str) -> str:
    return f"SE{orgnr.replace('-', '')}01"


def _make_customers(ctx: SeedContext) -> dict[str, list[Customer]]:
    """Customers by municipality name: its public departments, companies, associations and
    private persons. The municipalities' departments are the same at every scale."""
    coop = ctx.coop
    rng = ctx.rng
    out: dict[str, list[Customer]] = {}
    customers: list[Customer] = []
    serial = 0
    for m_index, name in enumerate(sorted(ctx.data["municipalities"])):
        town = name
        orgnr = _orgnr("2120", 100 + m_index * 37)
        peppol = f"0007:{orgnr.replace('-', '')}"
        local: list[Customer] = []
        for dept, code in DEPARTMENTS[: 3 + rng.randint(0, 3)]:
            local.append(
                Customer(
                    cooperative=coop,
                    kind=CustomerKind.PUBLIC,
                    name=f"{name}s kommun",
                    department=dept,
                    identity_number=orgnr,
                    vat_number=_vat_of(orgnr),
                    street_address="Box 100",
                    postal_code="600 00",
                    city=town,
                    invoice_email=f"faktura.{code.lower()}@{_ascii(name)}.kommun.example",
                    peppol_id=peppol,
                    buyer_reference=f"{code}-{rng.randint(1000, 9999)}",
                    payment_terms_days=30,
                )
            )
        for copy in range(ctx.scale):
            suffix = f" {copy + 1}" if copy else ""
            for stem in rng.sample(COMPANY_STEMS, 4):
                serial += 1
                c_orgnr = _orgnr("556", 100_000 + serial * 7)
                local.append(
                    Customer(
                        cooperative=coop,
                        kind=CustomerKind.COMPANY,
                        name=f"{town} {stem}{suffix} AB",
                        identity_number=c_orgnr,
                        vat_number=_vat_of(c_orgnr),
                        street_address=f"Industrigatan {serial % 40 + 1}",
                        postal_code="600 10",
                        city=town,
                        invoice_email=f"faktura{serial}@foretag.example",
                        payment_terms_days=rng.choice([15, 30, 30, 30]),
                    )
                )
            for pattern in rng.sample(ASSOCIATIONS, 2):
                serial += 1
                a_orgnr = _orgnr("802", 100_000 + serial * 7)
                local.append(
                    Customer(
                        cooperative=coop,
                        kind=CustomerKind.ASSOCIATION,
                        name=pattern.format(town=town) + suffix,
                        identity_number=a_orgnr,
                        street_address=f"Föreningsgatan {serial % 30 + 1}",
                        postal_code="600 20",
                        city=town,
                        invoice_email=f"kassor{serial}@forening.example",
                    )
                )
            for _ in range(6):
                first = rng.choice(SWEDISH_WOMEN + SWEDISH_MEN)
                local.append(
                    Customer(
                        cooperative=coop,
                        kind=CustomerKind.PRIVATE,
                        name=f"{first} {rng.choice(SWEDISH_SURNAMES)}",
                        street_address=f"Villavägen {rng.randint(1, 80)}",
                        postal_code="600 30",
                        city=town,
                        payment_terms_days=15,
                    )
                )
        out[name] = local
        customers.extend(local)
    Customer.objects.bulk_create(customers)
    ctx.data["customers"] = customers
    return out


def _ascii(text: str) -> str:
    return text.lower().replace("å", "a").replace("ä", "a").replace("ö", "o").replace(" ", "")


def _unit_period(unit: Unit, start: dt.date, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days in which ``unit`` took work: the last three years, while it was open."""
    first = max(start, unit.started_on)
    last = today + dt.timedelta(days=28)
    if unit.closed_on is not None:
        last = min(last, unit.closed_on)
    if unit.status == UnitStatus.PAUSED:
        last = min(last, today - dt.timedelta(days=90))
    return (first, last) if first < last else None


def seed_work(ctx: SeedContext) -> None:
    rng = ctx.rng
    today = ctx.today
    start = today - dt.timedelta(days=round(YEARS * 365.25))
    units: list[Unit] = ctx.data["units"]
    areas: dict[str, BusinessArea] = ctx.data["business_areas"]
    unit_areas: dict[int, list[str]] = ctx.data["unit_business_areas"]
    customers_by_town = _make_customers(ctx)

    # --- agreements --------------------------------------------------------------------
    periods = {u.pk: _unit_period(u, start, today) for u in units}
    working = [u for u in units if periods[u.pk] is not None]
    agreements: list[Agreement] = []
    agreement_units: list[tuple[Agreement, Unit]] = []
    reserved_serial = 0
    for unit in working:
        period = periods[unit.pk]
        assert period is not None
        local = customers_by_town[unit.municipality.name]
        public = [c for c in local if c.kind == CustomerKind.PUBLIC]
        others = [c for c in local if c.kind in (CustomerKind.COMPANY, CustomerKind.ASSOCIATION)]
        area_code = unit_areas[unit.pk][0]
        for n, customer in enumerate([rng.choice(public), rng.choice(public), rng.choice(others)]):
            is_public = customer.kind == CustomerKind.PUBLIC
            kind = (
                rng.choice(
                    [
                        AgreementKind.RESERVED,
                        AgreementKind.RESERVED,
                        AgreementKind.FRAMEWORK,
                        AgreementKind.DIRECT,
                    ]
                )
                if is_public
                else rng.choice([AgreementKind.DIRECT, AgreementKind.AD_HOC])
            )
            valid_from = period[0] - dt.timedelta(days=rng.randint(0, 400))
            # The first agreement runs on; the second ends soon for some units (the
            # warning list), the third has ended for some.
            roll = rng.random()
            if n == 0:
                valid_to = None if roll < 0.5 else today + dt.timedelta(days=rng.randint(90, 700))
            elif n == 1:
                valid_to = today + dt.timedelta(
                    days=rng.randint(5, 55) if roll < 0.3 else rng.randint(120, 900)
                )
            else:
                valid_to = today - dt.timedelta(days=rng.randint(30, 300)) if roll < 0.3 else None
            status = (
                AgreementStatus.ENDED
                if valid_to is not None and valid_to < today
                else AgreementStatus.ACTIVE
            )
            reference = ""
            if kind == AgreementKind.RESERVED:
                reserved_serial += 1
                reference = f"{valid_from.year}/{reserved_serial:03d} (LOU 4:18)"
            area_name = areas[area_code].name
            agreement = Agreement(
                cooperative=ctx.coop,
                customer=customer,
                kind=kind,
                title=f"{area_name}, {customer.department or customer.name}",
                procurement_reference=reference,
                business_area=areas[area_code],
                valid_from=valid_from,
                valid_to=valid_to,
                status=status,
                social_requirements=(
                    "Minst hälften av arbetstimmarna utförs av personer som stått långt "
                    "från arbetsmarknaden. Uppföljning varje halvår."
                )
                if kind == AgreementKind.RESERVED
                else "",
                created_at=timezone.make_aware(dt.datetime.combine(valid_from, dt.time(9))),
            )
            agreements.append(agreement)
            agreement_units.append((agreement, unit))
    Agreement.objects.bulk_create(agreements)
    Agreement.units.through.objects.bulk_create(
        Agreement.units.through(agreement_id=a.pk, unit_id=u.pk) for a, u in agreement_units
    )
    items: list[PriceListItem] = []
    services: dict[int, PriceListItem] = {}
    articles: dict[int, PriceListItem] = {}
    changes: list[AgreementStatusChange] = []
    for agreement in agreements:
        (service, hourly), (article, price) = AREA_PRICES.get(
            agreement.business_area.code, (("Arbete", 420), ("Material", 100))
        )
        bump = Decimal(rng.choice([0, 0, 10, 20, -10]))
        s_item = PriceListItem(
            agreement=agreement,
            kind=PriceItemKind.SERVICE,
            name=service,
            price=Decimal(hourly) + bump,
            vat_rate=VAT,
        )
        a_item = PriceListItem(
            agreement=agreement,
            kind=PriceItemKind.ARTICLE,
            name=article,
            price=Decimal(price),
            vat_rate=VAT,
        )
        items += [s_item, a_item]
        services[agreement.pk] = s_item
        articles[agreement.pk] = a_item
        at = agreement.created_at
        changes.append(
            AgreementStatusChange(
                agreement=agreement, at=at, from_status="", to_status=AgreementStatus.ACTIVE
            )
        )
        if agreement.status == AgreementStatus.ENDED:
            assert agreement.valid_to is not None
            changes.append(
                AgreementStatusChange(
                    agreement=agreement,
                    from_status=AgreementStatus.ACTIVE,
                    to_status=AgreementStatus.ENDED,
                    at=timezone.make_aware(dt.datetime.combine(agreement.valid_to, dt.time(17))),
                )
            )
    PriceListItem.objects.bulk_create(items)
    AgreementStatusChange.objects.bulk_create(changes)
    ctx.data["agreements"] = agreements
    by_unit: dict[int, list[Agreement]] = {}
    for agreement, unit in agreement_units:
        by_unit.setdefault(unit.pk, []).append(agreement)

    # --- work orders -------------------------------------------------------------------
    _seed_orders(ctx, working, periods, by_unit, services, articles, customers_by_town)


class _Rows:
    """Rows for one table, written in one go: COPY on PostgreSQL, executemany elsewhere.

    The ORM's bulk_create spends most of its time preparing values; at scale 10 the work
    orders' rows number in the hundreds of thousands, so they skip it."""

    def __init__(self, model: type[Model], fields: list[str]) -> None:
        self.table = model._meta.db_table
        self.columns = [_column(model, f) for f in fields]
        self.rows: list[tuple[Any, ...]] = []

    def add(self, *values: Any) -> None:
        self.rows.append(values)

    def write(self) -> None:
        if not self.rows:
            return
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor
                with raw.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                convert = [_sqlite_converter(v) for v in self.rows[0]]
                prepared: list[tuple[Any, ...]] = [
                    tuple(
                        f(v) if f is not None and v is not None else v
                        for f, v in zip(convert, row, strict=True)
                    )
                    for row in self.rows
                ]
                # Table and column names come from the models' own metadata, not input.
                sql = f"INSERT INTO {self.table} ({columns}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, prepared)


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    assert field.column is not None
    return str(field.column)


def _sqlite_converter(sample: object) -> Callable[[Any], Any] | None:
    """How SQLite stores a column whose first value is ``sample`` (as Django would)."""
    if isinstance(sample, dt.datetime):
        return lambda v: v.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(sample, Decimal):
        return str
    if isinstance(sample, dt.date | dt.time):
        return lambda v: v.isoformat()
    return None


def _seed_orders(
    ctx: SeedContext,
    working: list[Unit],
    periods: dict[int, tuple[dt.date, dt.date] | None],
    by_unit: dict[int, list[Agreement]],
    services: dict[int, PriceListItem],
    articles: dict[int, PriceListItem],
    customers_by_town: dict[str, list[Customer]],
) -> None:
    rng = ctx.rng
    today = ctx.today
    zone = timezone.get_current_timezone()
    areas: dict[str, BusinessArea] = ctx.data["business_areas"]
    unit_areas: dict[int, list[str]] = ctx.data["unit_business_areas"]
    staff: dict[int, list[Person]] = ctx.data.get("unit_staff", {})
    everyone: list[Person] = ctx.data.get("employees") or ctx.data.get("persons", [])

    def at(day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, tzinfo=zone)

    copies = max(1, ctx.scale)
    # The turnover is shared by the units open today; the closed and paused add their bit.
    open_units = sum(1 for u in working if u.status == UnitStatus.ACTIVE) / copies
    per_unit_month = TURNOVER_PER_YEAR / 12 / Decimal(max(1.0, open_units))

    orders = _Rows(
        WorkOrder,
        [
            "id",
            "unit",
            "business_area",
            "customer",
            "agreement",
            "description",
            "place",
            "planned_date",
            "planned_start",
            "planned_end",
            "status",
            "invoice_ref",
            "created_at",
        ],
    )
    history = _Rows(WorkOrderStatusChange, ["work_order", "at", "from_status", "to_status", "note"])
    time_rows = _Rows(
        TimeRow,
        [
            "work_order",
            "person",
            "date",
            "hours",
            "service",
            "description",
            "hourly_price",
            "vat_rate",
            "created_at",
        ],
    )
    material_rows = _Rows(
        MaterialRow,
        [
            "work_order",
            "article",
            "description",
            "quantity",
            "unit_price",
            "vat_rate",
            "created_at",
        ],
    )
    assigned = _Rows(WorkOrder.assigned.through, ["workorder", "person"])
    next_id = (WorkOrder.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    done_ids: list[int] = []
    cancelled_ids: list[int] = []
    for unit in working:
        period = periods[unit.pk]
        assert period is not None
        first, last = period
        people = staff.get(unit.pk) or rng.sample(everyone, min(2, len(everyone)))
        town = unit.municipality.name
        walk_in = [
            c
            for c in customers_by_town[town]
            if c.kind in (CustomerKind.PRIVATE, CustomerKind.COMPANY)
        ]
        area_codes = unit_areas[unit.pk]
        weight = Decimal(str(rng.uniform(0.6, 1.4)))
        month = first.replace(day=1)
        while month <= last:
            n_orders = rng.randint(3, 6)
            budget = per_unit_month * weight * Decimal(str(rng.uniform(0.8, 1.2)))
            for _ in range(n_orders):
                day = month + dt.timedelta(days=rng.randint(0, 27))
                if day < first or day > last:
                    continue
                value = budget / n_orders * Decimal(str(rng.uniform(0.5, 1.5)))
                valid = [
                    a
                    for a in by_unit.get(unit.pk, [])
                    if a.valid_from <= day and (a.valid_to is None or day <= a.valid_to)
                ]
                agreement = rng.choice(valid) if valid and rng.random() < 0.8 else None
                service: PriceListItem | None = None
                article: PriceListItem | None = None
                if agreement is not None:
                    customer, area = agreement.customer, agreement.business_area
                    service, article = services[agreement.pk], articles[agreement.pk]
                    hourly = service.price
                else:
                    customer = rng.choice(walk_in)
                    area = areas[rng.choice(area_codes)]
                    hourly = Decimal(AREA_PRICES.get(area.code, (("", 450),))[0][1])
                hours_total = max(
                    Decimal(1), (value * HOURS_SHARE / hourly).quantize(Decimal("0.5"))
                )
                workers = rng.sample(people, min(len(people), rng.randint(1, 3)))
                split = _split_hours(hours_total, len(workers))
                status = _status_for(rng.random(), day, today)
                start_hour = rng.choice([7, 8, 8, 9, 10, 13])
                order_id = next_id
                next_id += 1
                created = at(day - dt.timedelta(days=rng.randint(3, 30)), 8)
                orders.add(
                    order_id,
                    unit.pk,
                    area.pk,
                    customer.pk,
                    agreement.pk if agreement else None,
                    _describe(area, customer, rng.random()),
                    f"{rng.choice(STREETS)} {rng.randint(1, 60)}, {town}",
                    day,
                    dt.time(start_hour),
                    dt.time(min(start_hour + 4, 20)),
                    # Written open; moved to its real state once its rows are in.
                    S.IN_PROGRESS if status in (S.DONE, S.IN_PROGRESS) else status,
                    "",
                    created,
                )
                for step, (old, new) in enumerate(_history_path(status)):
                    when = created if step == 0 else at(day, 7 + 3 * step)
                    history.add(order_id, when, old, new, "")
                if status == S.CANCELLED:
                    cancelled_ids.append(order_id)
                    continue
                if day >= today - dt.timedelta(days=30):
                    for person in workers:
                        assigned.add(order_id, person.pk)
                if status not in (S.DONE, S.IN_PROGRESS):
                    continue
                description = service.name if service else "Arbete"
                for person, hours in zip(workers, split, strict=False):
                    # A long job is worked a day at a time: at most a working day per row.
                    work_day, left = day, hours
                    while left > 0:
                        chunk = min(DAY_HOURS, left)
                        time_rows.add(
                            order_id,
                            person.pk,
                            work_day,
                            chunk,
                            service.pk if service else None,
                            description,
                            hourly,
                            VAT,
                            at(work_day, 16),
                        )
                        work_day, left = work_day + dt.timedelta(days=1), left - chunk
                if rng.random() < MATERIAL_ODDS:
                    price = article.price if article else Decimal(rng.choice([49, 95, 149, 250]))
                    material_value = value * (1 - HOURS_SHARE) / MATERIAL_ODDS
                    quantity = max(Decimal(1), (material_value / price).quantize(Decimal(1)))
                    material_rows.add(
                        order_id,
                        article.pk if article else None,
                        article.name if article else "Material",
                        quantity,
                        price,
                        VAT,
                        at(day, 16),
                    )
                if status == S.DONE:
                    done_ids.append(order_id)
            month = (month + dt.timedelta(days=32)).replace(day=1)
    for table in (orders, history, time_rows, material_rows, assigned):
        table.write()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [WorkOrder]):
                cursor.execute(sql)
    _update_status(done_ids, S.DONE)
    _update_status(cancelled_ids, S.CANCELLED)
    ctx.data["work_orders_done"] = done_ids
    ctx.progress(
        f"work: {len(ctx.data['customers'])} customers, {len(by_unit)} units with "
        f"agreements, {len(orders.rows)} work orders ({len(done_ids)} done), "
        f"{len(time_rows.rows)} time rows"
    )


def _update_status(ids: list[int], status: str) -> None:
    for i in range(0, len(ids), 5000):
        WorkOrder.objects.filter(pk__in=ids[i : i + 5000]).update(status=status)


def _split_hours(total: Decimal, parts: int) -> list[Decimal]:
    """``total`` hours in ``parts`` half-hour multiples that add up to it."""
    halves = int(total * 2)
    base, extra = divmod(halves, parts)
    return [
        Decimal(base + (1 if i < extra else 0)) / 2
        for i in range(parts)
        if base + (1 if i < extra else 0) > 0
    ] or [total]


def _status_for(roll: float, day: dt.date, today: dt.date) -> str:
    if day > today:
        return S.PLANNED if roll < 0.8 else S.DRAFT
    if roll < 0.03:
        return S.CANCELLED
    if day >= today - dt.timedelta(days=3):
        return S.IN_PROGRESS if roll < 0.6 else S.DONE
    return S.DONE


def _history_path(status: str) -> list[tuple[str, str]]:
    full: list[tuple[str, str]] = [
        ("", S.DRAFT),
        (S.DRAFT, S.PLANNED),
        (S.PLANNED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.DONE),
    ]
    if status == S.DRAFT:
        return full[:1]
    if status == S.PLANNED:
        return full[:2]
    if status == S.IN_PROGRESS:
        return full[:3]
    if status == S.CANCELLED:
        return [*full[:2], (S.PLANNED, S.CANCELLED)]
    return full


def _describe(area: BusinessArea, customer: Customer, roll: float) -> str:
    where = customer.department or customer.name
    templates = {
        "stad": ["Veckostädning", "Storstädning", "Fönsterputs"],
        "vaktmasteri": ["Vaktmästeri och tillsyn", "Felanmälan åtgärdad", "Snöröjning"],
        "transport": ["Transport av gods", "Hämtning och leverans"],
        "flytt": ["Flytt", "Tömning av lägenhet", "Kontorsflytt"],
        "tradgard": ["Gräsklippning", "Beskärning", "Vårstädning av utemiljö"],
        "cafe": ["Fika till möte", "Servering vid evenemang"],
        "catering": ["Lunchleverans", "Catering till konferens"],
    }.get(area.code, [f"{area.name}"])
    return f"{templates[int(roll * len(templates)) % len(templates)]}, {where}"


__all__ = ["seed_work"]
