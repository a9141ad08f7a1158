"""Demo organisation: the cooperative, its eight municipalities, business areas and units.

Fills ``ctx.cooperative`` and ``ctx.data`` keys ``municipalities``, ``business_areas``,
``units``, ``unit_business_areas``, ``unit_copies`` and ``demo_unit``. Scale N repeats the
units N times (copies after the first carry a suffix in the name and the cost centre);
the municipalities and business areas stay the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from koop.demo.seed.context import SeedContext
from koop.organisation.models import BusinessArea, Cooperative, Municipality, Unit, UnitStatus

# A fictional organisation number of an ekonomisk förening (first digit 7, Luhn-valid).
COOPERATIVE_ORGNR = "769624-5310"


@dataclass(frozen=True)
class Place:
    name: str
    code: str  # the municipality code of Statistics Sweden
    cost_centre_prefix: str
    town: str  # where its units and people have their addresses
    postal_codes: tuple[str, ...]


MUNICIPALITIES = [
    Place("Finspång", "0562", "1", "Finspång", ("612 30", "612 31", "612 32", "612 34")),
    Place("Katrineholm", "0483", "2", "Katrineholm", ("641 30", "641 32", "641 35", "641 37")),
    Place("Kinda", "0513", "3", "Kisa", ("590 37", "590 38", "590 39")),
    Place("Linköping", "0580", "4", "Linköping", ("582 22", "582 46", "583 30", "584 31")),
    Place("Norrköping", "0581", "5", "Norrköping", ("602 14", "602 24", "603 36", "603 60")),
    Place("Tranås", "0687", "6", "Tranås", ("573 31", "573 34", "573 36")),
    Place("Vingåker", "0428", "7", "Vingåker", ("643 30", "643 31", "643 32")),
    Place("Ydre", "0512", "8", "Österbymo", ("573 75",)),
]
PLACES = {place.name: place for place in MUNICIPALITIES}

# code -> (name, what a unit in this area does)
BUSINESS_AREAS = {
    "transport": ("Transport", "Kör varor och gods åt företag, kommun och privatpersoner."),
    "vaktmasteri": ("Vaktmästeri", "Sköter fastigheter, lokaler och utemiljöer."),
    "underhall": ("Underhåll", "Målar, reparerar och underhåller lokaler och lägenheter."),
    "stad": ("Städ", "Städar kontor, trapphus och lokaler med miljömärkta medel."),
    "mobellager": ("Möbellager", "Hämtar, lagrar, renoverar och lånar ut begagnade möbler."),
    "cykeltransporter": ("Cykeltransporter", "Kör post, paket och matkassar med lastcykel."),
    "cafe": ("Café", "Driver café med hembakat och lunch."),
    "second-hand": ("Second hand", "Tar emot skänkta saker och säljer dem vidare."),
    "tvatteri": ("Tvätteri", "Tvättar och manglar åt företag, föreningar och hushåll."),
    "tradgard": ("Trädgård", "Klipper gräs, beskär och sköter parker och trädgårdar."),
    "catering": ("Kök och catering", "Lagar lunch och levererar catering."),
    "snickeri": ("Snickeri", "Bygger och renoverar möbler, ramar och inredning."),
    "aterbruk": ("Återbruk", "Tar tillvara byggmaterial och annat som annars slängs."),
    "flytt": ("Flytt", "Hjälper till med flyttar, bärhjälp och tömning av bostäder."),
    "bilvard": ("Bilvård", "Tvättar och rekonditionerar bilar."),
}


@dataclass(frozen=True)
class UnitSpec:
    name: str
    municipality: str
    areas: tuple[str, ...]
    status: UnitStatus = UnitStatus.ACTIVE


UNITS = [
    UnitSpec("Möbellagret", "Norrköping", ("mobellager", "transport")),
    UnitSpec("Cykelbudet Norrköping", "Norrköping", ("cykeltransporter",)),
    UnitSpec("Vaktmästeriet Navestad", "Norrköping", ("vaktmasteri",)),
    UnitSpec("Städpoolen Norrköping", "Norrköping", ("stad",)),
    UnitSpec("Café Strömmen", "Norrköping", ("cafe", "catering")),
    UnitSpec("Secondhand Hageby", "Norrköping", ("second-hand",)),
    UnitSpec("Tvätteriet Klingsberg", "Norrköping", ("tvatteri",)),
    UnitSpec("Trädgårdsgänget Norrköping", "Norrköping", ("tradgard",)),
    UnitSpec("Fastighetsservice Ektorp", "Norrköping", ("underhall", "vaktmasteri")),
    UnitSpec("Flyttfixarna Norrköping", "Norrköping", ("flytt", "transport")),
    UnitSpec("Snickeriet Hageby", "Norrköping", ("snickeri",)),
    UnitSpec("Lunchköket Marielund", "Norrköping", ("catering",)),
    UnitSpec("Cykelverkstaden Norrköping", "Norrköping", ("cykeltransporter", "underhall")),
    UnitSpec("Återbruket Norrköping", "Norrköping", ("aterbruk", "second-hand")),
    UnitSpec("Bilvården Norrköping", "Norrköping", ("bilvard",), UnitStatus.CLOSED),
    UnitSpec("Cykelbudet Linköping", "Linköping", ("cykeltransporter",)),
    UnitSpec("Städpoolen Linköping", "Linköping", ("stad",)),
    UnitSpec("Vaktmästeriet Skäggetorp", "Linköping", ("vaktmasteri",)),
    UnitSpec("Café Trädgårdsföreningen", "Linköping", ("cafe",)),
    UnitSpec("Secondhand Ryd", "Linköping", ("second-hand",)),
    UnitSpec("Återbruket Linköping", "Linköping", ("aterbruk",)),
    UnitSpec("Flyttfixarna Linköping", "Linköping", ("flytt", "transport")),
    UnitSpec("Fastighetsservice Berga", "Linköping", ("underhall",)),
    UnitSpec("Trädgårdsgänget Linköping", "Linköping", ("tradgard",)),
    UnitSpec("Lunchköket Lambohov", "Linköping", ("catering",), UnitStatus.CLOSED),
    UnitSpec("Tvätteriet Ekholmen", "Linköping", ("tvatteri",)),
    UnitSpec("Snickeriet Tornby", "Linköping", ("snickeri", "aterbruk"), UnitStatus.PAUSED),
    UnitSpec("Bruksstädet Finspång", "Finspång", ("stad",)),
    UnitSpec("Vaktmästeriet Finspång", "Finspång", ("vaktmasteri", "underhall")),
    UnitSpec("Café Bruket", "Finspång", ("cafe",)),
    UnitSpec("Återbruket Finspång", "Finspång", ("aterbruk", "second-hand")),
    UnitSpec("Transportgruppen Finspång", "Finspång", ("transport",)),
    UnitSpec("Städpoolen Katrineholm", "Katrineholm", ("stad",)),
    UnitSpec("Loppisen Katrineholm", "Katrineholm", ("second-hand",)),
    UnitSpec("Fastighetsservice Katrineholm", "Katrineholm", ("underhall", "vaktmasteri")),
    UnitSpec("Café Stationen", "Katrineholm", ("cafe",)),
    UnitSpec("Trädgårdsgänget Katrineholm", "Katrineholm", ("tradgard",)),
    UnitSpec("Cykelbudet Katrineholm", "Katrineholm", ("cykeltransporter",), UnitStatus.CLOSED),
    UnitSpec("Möbelåterbruket Tranås", "Tranås", ("mobellager", "second-hand")),
    UnitSpec("Städpoolen Tranås", "Tranås", ("stad",)),
    UnitSpec("Vaktmästeriet Tranås", "Tranås", ("vaktmasteri",)),
    UnitSpec("Café Holavedet", "Tranås", ("cafe",)),
    UnitSpec("Tvätteriet Tranås", "Tranås", ("tvatteri",), UnitStatus.PAUSED),
    UnitSpec("Kisa Servicegrupp", "Kinda", ("vaktmasteri", "underhall")),
    UnitSpec("Café Kinda kanal", "Kinda", ("cafe",)),
    UnitSpec("Rimforsa Trädgård", "Kinda", ("tradgard",)),
    UnitSpec("Vingåkers Städservice", "Vingåker", ("stad",)),
    UnitSpec("Loppisen Vingåker", "Vingåker", ("second-hand",)),
    UnitSpec("Fastighetsservice Vingåker", "Vingåker", ("underhall", "transport")),
    UnitSpec("Ydre Servicegrupp", "Ydre", ("vaktmasteri", "tradgard")),
    UnitSpec("Café Österbymo", "Ydre", ("cafe",)),
]
DEMO_UNIT_NAME = "Möbellagret"


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def random_day(ctx: SeedContext, first: dt.date, last: dt.date) -> dt.date:
    """A day in ``first``..``last`` (both included) drawn from the seeded generator."""
    if last <= first:
        return first
    return first + dt.timedelta(days=ctx.rng.randint(0, (last - first).days))


def seed_organisation(ctx: SeedContext) -> None:
    cooperative = Cooperative.objects.create(
        name="Kooperativtjänst K ekonomisk förening",
        short_name="Kooptjänst",
        legal_form="ekonomisk förening",
        org_number=COOPERATIVE_ORGNR,
        vat_number="SE" + COOPERATIVE_ORGNR.replace("-", "") + "01",
        approved_for_f_tax=True,
        street_address="Bergsbrogatan 12",
        postal_code="602 24",
        city="Norrköping",
        email="info@kooptjanst.example",
        phone="011-10 20 30",
        website="https://kooptjanst.example",
    )
    ctx.cooperative = cooperative

    municipalities = Municipality.objects.bulk_create(
        Municipality(cooperative=cooperative, name=place.name, code=place.code)
        for place in MUNICIPALITIES
    )
    ctx.data["municipalities"] = {m.name: m for m in municipalities}
    areas = BusinessArea.objects.bulk_create(
        BusinessArea(cooperative=cooperative, name=name, code=code)
        for code, (name, _description) in BUSINESS_AREAS.items()
    )
    ctx.data["business_areas"] = {a.code: a for a in areas}

    oldest = _years_before(ctx.today, 20)
    newest = ctx.today - dt.timedelta(days=180)
    units: list[Unit] = []
    copies: list[int] = []
    area_codes: list[tuple[str, ...]] = []
    for copy in range(1, ctx.scale + 1):
        numbers: dict[str, int] = {}
        for spec in UNITS:
            place = PLACES[spec.municipality]
            numbers[place.name] = numbers.get(place.name, 0) + 1
            cost_centre = f"{place.cost_centre_prefix}{numbers[place.name]:02d}"
            name = spec.name
            if copy > 1:
                name, cost_centre = f"{name} ({copy})", f"{cost_centre}-{copy}"
            # The demo unit is one of the oldest: the group grew out of it.
            started = (
                random_day(ctx, oldest, oldest + dt.timedelta(days=400))
                if spec.name == DEMO_UNIT_NAME
                else random_day(ctx, oldest, newest)
            )
            closed = (
                random_day(ctx, started + dt.timedelta(days=365), ctx.today - dt.timedelta(days=30))
                if spec.status == UnitStatus.CLOSED
                else None
            )
            units.append(
                Unit(
                    cooperative=cooperative,
                    name=name,
                    municipality=ctx.data["municipalities"][place.name],
                    cost_centre=cost_centre,
                    started_on=started,
                    status=spec.status,
                    closed_on=closed,
                    description=BUSINESS_AREAS[spec.areas[0]][1],
                )
            )
            copies.append(copy)
            area_codes.append(spec.areas)
    units = Unit.objects.bulk_create(units)
    ctx.data["units"] = units
    ctx.data["unit_copies"] = {unit.pk: copy for unit, copy in zip(units, copies, strict=True)}
    ctx.data["unit_business_areas"] = {
        unit.pk: list(codes) for unit, codes in zip(units, area_codes, strict=True)
    }
    ctx.data["demo_unit"] = units[[spec.name for spec in UNITS].index(DEMO_UNIT_NAME)]

    through = Unit.business_areas.through
    through.objects.bulk_create(
        through(unit_id=unit.pk, businessarea_id=ctx.data["business_areas"][code].pk)
        for unit in units
        for code in ctx.data["unit_business_areas"][unit.pk]
    )
    ctx.progress(
        f"organisation: {len(municipalities)} municipalities, {len(areas)} business areas, "
        f"{len(units)} units"
    )
