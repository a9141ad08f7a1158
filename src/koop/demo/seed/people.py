"""Demo people: persons, employments, memberships, the seven demo logins and their roles.

Each copy of the organisation (scale N makes N) has exactly 87 current employees: six
central staff, one leader per active unit and cooperators for the rest, of whom 54 are
women and 23 report another ethnic background (62.1 % and 26.4 %, as the group reports
itself). Every current employee has consented to the self-reported data; some former
staff have not. The demo logins belong to the first copy; those employed are members.

Fills ``ctx.data`` keys ``persons``, ``employees``, ``employments``, ``unit_leaders``,
``unit_staff``, ``members``, ``users`` and ``demo_persons``."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from stdnum import luhn

from koop.core.access import Role
from koop.demo.seed import names
from koop.demo.seed.context import SeedContext
from koop.demo.seed.organisation import DEMO_UNIT_NAME, PLACES, random_day
from koop.organisation.models import Unit, UnitStatus
from koop.people.models import (
    Employment,
    EmploymentKind,
    Gender,
    Membership,
    Person,
    RoleAssignment,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEMO_PASSWORD = "koop-demo"
EMPLOYEES_PER_COPY = 87
WOMEN_PER_COPY = 54
OTHER_BACKGROUND_PER_COPY = 23
# One employee in 87 reports a gender other than woman or man.
OTHER_GENDER_PER_COPY = 1
FORMER_STAFF_PER_COPY = 14
SUPPORTING_MEMBERS_PER_COPY = 4

# demo login -> its role (unit roles are held in the demo unit)
DEMO_LOGINS: dict[str, Role] = {
    "admin": Role.ADMIN,
    "ekonomi": Role.FINANCE,
    "vd": Role.REGIONAL_MANAGER,
    "styrelse": Role.BOARD,
    "ledare": Role.UNIT_LEADER,
    "kooperator": Role.COOPERATOR,
    "deltagare": Role.PARTICIPANT,
}

# title, demo login of the holder (first copy only)
CENTRAL_STAFF = [
    ("VD, regional verksamhetschef", "vd"),
    ("Ekonomichef", "ekonomi"),
    ("Ekonomiassistent", None),
    ("Administratör och systemansvarig", "admin"),
    ("Marknadsförare", None),
    ("Verksamhetsutvecklare", None),
]
COOPERATORS_IN_DEMO_UNIT = 3
HOURS = [Decimal(40)] * 6 + [Decimal(35), Decimal(30), Decimal(30), Decimal(20)]


@dataclass
class PersonSpec:
    gender: str  # what the name is drawn from; stored only with consent
    other_background: bool
    consent: bool
    town: str
    employments: list[Employment] = field(default_factory=list)
    member_from: dt.date | None = None
    member_until: dt.date | None = None
    login: str | None = None
    consent_on: dt.date | None = None
    person: Person | None = None

    @property
    def saved(self) -> Person:
        """The person made from this spec (after they are built)."""
        if self.person is None:
            raise RuntimeError("the person has not been built yet")
        return self.person


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum() or ch in ".-")


def _first_name(ctx: SeedContext, gender: str, international: bool) -> str:
    if gender == Gender.OTHER:
        return ctx.rng.choice(names.UNISEX)
    if gender == Gender.WOMAN:
        return ctx.rng.choice(names.INTERNATIONAL_WOMEN if international else names.SWEDISH_WOMEN)
    return ctx.rng.choice(names.INTERNATIONAL_MEN if international else names.SWEDISH_MEN)


def _personnummer(ctx: SeedContext, gender: str, latest_birth: dt.date, taken: set[str]) -> str:
    """A Luhn-valid personnummer born 1960–2003 (and before ``latest_birth``); the
    second-to-last digit is even for women and odd for men, as in real numbers."""
    last = min(dt.date(2003, 12, 31), latest_birth)
    while True:
        born = random_day(ctx, dt.date(1960, 1, 1), last)
        serial = ctx.rng.randint(0, 99) * 10
        if gender == Gender.WOMAN:
            serial += ctx.rng.choice((0, 2, 4, 6, 8))
        elif gender == Gender.MAN:
            serial += ctx.rng.choice((1, 3, 5, 7, 9))
        else:
            serial += ctx.rng.randint(0, 9)
        body = f"{born:%y%m%d}{serial:03d}"
        number = f"{born:%Y%m%d}-{serial:03d}{luhn.calc_check_digit(body)}"
        if number not in taken:
            taken.add(number)
            return number


def _wage_step(kind: str, started: dt.date, today: dt.date) -> int:
    """Entry wage at step 1, one step per two years, capped per kind (the wage ladder)."""
    years = (today - started).days // 365
    base, ceiling = {
        EmploymentKind.COOPERATOR: (1, 5),
        EmploymentKind.UNIT_LEADER: (3, 7),
        EmploymentKind.CENTRAL: (5, 9),
    }[EmploymentKind(kind)]
    return min(ceiling, base + years // 2)


class _Builder:
    def __init__(self, ctx: SeedContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.specs: list[PersonSpec] = []

    def person(
        self, *, gender: str, other_background: bool, consent: bool, town: str
    ) -> PersonSpec:
        spec = PersonSpec(gender, other_background, consent, town)
        self.specs.append(spec)
        return spec

    def employ(
        self,
        spec: PersonSpec,
        *,
        kind: EmploymentKind,
        unit: Unit | None,
        title: str,
        started: dt.date,
        ended: dt.date | None = None,
    ) -> Employment:
        employment = Employment(
            kind=kind,
            unit=unit,
            title=title,
            started_on=started,
            ended_on=ended,
            wage_step=_wage_step(kind, started, ended or self.today),
            hours_per_week=self.rng.choice(HOURS) if kind != EmploymentKind.CENTRAL else 40,
        )
        spec.employments.append(employment)
        return employment

    def copy(self, copy: int, units: list[Unit]) -> None:
        """One copy of the group's people: 87 current employees, former staff, members."""
        rng, today = self.rng, self.today
        active = [u for u in units if u.status == UnitStatus.ACTIVE]
        demo_unit = next(u for u in units if u.name.startswith(DEMO_UNIT_NAME))
        first_copy = copy == 1

        # Who holds each of the 87 posts, in a fixed order: central staff, leaders,
        # cooperators in the demo unit, other cooperators.
        posts: list[tuple[EmploymentKind, Unit | None, str, str | None]] = [
            (EmploymentKind.CENTRAL, None, title, login if first_copy else None)
            for title, login in CENTRAL_STAFF
        ]
        posts += [
            (
                EmploymentKind.UNIT_LEADER,
                unit,
                "Verksamhetsledare",
                "ledare" if first_copy and unit is demo_unit else None,
            )
            for unit in active
        ]
        posts += [
            (
                EmploymentKind.COOPERATOR,
                demo_unit,
                "Kooperatör",
                "kooperator" if first_copy and i == 0 else None,
            )
            for i in range(COOPERATORS_IN_DEMO_UNIT)
        ]
        others = [u for u in active if u is not demo_unit]
        # The bigger towns have the bigger units.
        weights = [2 if u.municipality.name in ("Norrköping", "Linköping") else 1 for u in others]
        while len(posts) < EMPLOYEES_PER_COPY:
            chosen = rng.choices(others, weights)[0]
            posts.append((EmploymentKind.COOPERATOR, chosen, "Kooperatör", None))
        if len(posts) != EMPLOYEES_PER_COPY:
            raise RuntimeError("more posts than employees: add fewer units or staff")

        men = EMPLOYEES_PER_COPY - WOMEN_PER_COPY - OTHER_GENDER_PER_COPY
        genders = (
            [Gender.WOMAN] * WOMEN_PER_COPY
            + [Gender.MAN] * men
            + [Gender.OTHER] * OTHER_GENDER_PER_COPY
        )
        backgrounds = [True] * OTHER_BACKGROUND_PER_COPY + [False] * (
            EMPLOYEES_PER_COPY - OTHER_BACKGROUND_PER_COPY
        )
        rng.shuffle(genders)
        rng.shuffle(backgrounds)

        for (kind, unit, title, login), gender, background in zip(
            posts, genders, backgrounds, strict=True
        ):
            town = unit.municipality.name if unit else rng.choice(["Norrköping", "Linköping"])
            spec = self.person(gender=gender, other_background=background, consent=True, town=town)
            spec.login = login
            earliest = unit.started_on if unit else today - dt.timedelta(days=15 * 365)
            # The demo logins have worked long enough to have a history to show.
            latest = today - dt.timedelta(days=730 if login else 14)
            started = random_day(self.ctx, earliest, max(earliest, latest))
            if kind == EmploymentKind.UNIT_LEADER and rng.random() < 0.3:
                # Many leaders grew into the job from being a cooperator in the unit.
                assert unit is not None  # leaders always have a unit
                promoted = random_day(self.ctx, started, today - dt.timedelta(days=14))
                if promoted > started:
                    self.employ(
                        spec,
                        kind=EmploymentKind.COOPERATOR,
                        unit=unit,
                        title="Kooperatör",
                        started=started,
                        ended=promoted - dt.timedelta(days=1),
                    )
                    started = promoted
            self.employ(spec, kind=kind, unit=unit, title=title, started=started)
            first_start = min(e.started_on for e in spec.employments)
            spec.consent_on = min(today, first_start + dt.timedelta(days=rng.randint(0, 30)))
            member_from = first_start + dt.timedelta(days=rng.randint(30, 240))
            if login or (member_from <= today and rng.random() < 0.93):
                spec.member_from = min(member_from, today)

        self._former_staff(units, active)
        self._supporting_members(copy)

    def _former_staff(self, units: list[Unit], active: list[Unit]) -> None:
        rng, today = self.rng, self.today
        ended_units = [u for u in units if u.status != UnitStatus.ACTIVE]
        leavers: list[tuple[Unit, EmploymentKind]] = []
        for unit in ended_units:
            leavers.append((unit, EmploymentKind.UNIT_LEADER))
            leavers += [(unit, EmploymentKind.COOPERATOR)] * rng.randint(0, 2)
        while len(leavers) < FORMER_STAFF_PER_COPY + len(ended_units):
            leavers.append((rng.choice(active), EmploymentKind.COOPERATOR))
        for unit, kind in leavers:
            consent = rng.random() < 0.7
            spec = self.person(
                gender=rng.choice(
                    [Gender.WOMAN, Gender.WOMAN, Gender.WOMAN, Gender.MAN, Gender.MAN]
                ),
                other_background=rng.random() < 0.25,
                consent=consent,
                town=unit.municipality.name,
            )
            if unit.closed_on is not None:
                ended = unit.closed_on
            elif unit.status == UnitStatus.PAUSED:
                ended = random_day(
                    self.ctx, today - dt.timedelta(days=300), today - dt.timedelta(days=30)
                )
            else:
                ended = random_day(
                    self.ctx,
                    unit.started_on + dt.timedelta(days=200),
                    today - dt.timedelta(days=30),
                )
            ended = max(ended, unit.started_on)
            started = random_day(
                self.ctx, unit.started_on, max(unit.started_on, ended - dt.timedelta(days=90))
            )
            title = "Verksamhetsledare" if kind == EmploymentKind.UNIT_LEADER else "Kooperatör"
            self.employ(spec, kind=kind, unit=unit, title=title, started=started, ended=ended)
            if consent:
                spec.consent_on = started
            member_from = started + dt.timedelta(days=rng.randint(30, 240))
            if member_from <= ended and rng.random() < 0.8:
                spec.member_from = member_from
                # Some stay members after they leave: one member, one vote, for life if they like.
                if rng.random() < 0.6:
                    spec.member_until = min(today, ended + dt.timedelta(days=rng.randint(0, 90)))

    def _supporting_members(self, copy: int) -> None:
        rng, today = self.rng, self.today
        for i in range(SUPPORTING_MEMBERS_PER_COPY):
            spec = self.person(
                gender=rng.choice([Gender.WOMAN, Gender.MAN]),
                other_background=rng.random() < 0.25,
                consent=True,
                town=rng.choice(sorted(PLACES)),
            )
            spec.member_from = random_day(
                self.ctx, today - dt.timedelta(days=12 * 365), today - dt.timedelta(days=400)
            )
            spec.consent_on = spec.member_from
            if copy == 1 and i == 0:
                spec.login = "styrelse"
        if copy == 1:
            # A participant placed in the demo unit: not employed, not (yet) a member.
            spec = self.person(
                gender=rng.choice([Gender.WOMAN, Gender.MAN]),
                other_background=rng.random() < 0.4,
                consent=False,
                town="Norrköping",
            )
            spec.login = "deltagare"


def _make_users() -> dict[str, User]:
    """The seven demo logins, sharing one password hash (hashing is slow on purpose)."""
    user_model = get_user_model()
    password = make_password(DEMO_PASSWORD)
    users = user_model.objects.bulk_create(
        user_model(
            username=login,
            password=password,
            email=f"{login}@kooptjanst.example",
            is_staff=login == "admin",
            is_superuser=login == "admin",
        )
        for login in DEMO_LOGINS
    )
    return {user.get_username(): user for user in users}


def seed_people(ctx: SeedContext) -> None:
    rng, today = ctx.rng, ctx.today
    builder = _Builder(ctx)
    units: list[Unit] = ctx.data["units"]
    copies: dict[int, int] = ctx.data["unit_copies"]
    for copy in range(1, ctx.scale + 1):
        builder.copy(copy, [u for u in units if copies[u.pk] == copy])

    users = _make_users()
    admin = users["admin"]
    taken: set[str] = set()
    emails: dict[str, int] = {}
    persons: list[Person] = []
    for index, spec in enumerate(builder.specs):
        international = (spec.other_background and rng.random() < 0.85) or (
            not spec.other_background and rng.random() < 0.04
        )
        first = _first_name(ctx, spec.gender, international)
        if spec.other_background:
            last = rng.choice(
                names.INTERNATIONAL_SURNAMES if rng.random() < 0.9 else names.SWEDISH_SURNAMES
            )
        else:
            last = rng.choice(
                names.SWEDISH_SURNAMES if rng.random() < 0.95 else names.INTERNATIONAL_SURNAMES
            )
        local = f"{_ascii(first)}.{_ascii(last)}"
        emails[local] = emails.get(local, 0) + 1
        if emails[local] > 1:
            local = f"{local}{emails[local]}"
        place = PLACES[spec.town]
        first_start = min((e.started_on for e in spec.employments), default=today)
        pnr = None
        if rng.random() < 0.45:
            latest_birth = first_start.replace(year=first_start.year - 18, day=1)
            pnr = _personnummer(ctx, spec.gender, latest_birth, taken)
        consent_at = None
        if spec.consent:
            assert spec.consent_on is not None  # set wherever consent is
            consent_at = timezone.make_aware(
                dt.datetime.combine(spec.consent_on, dt.time(9, rng.randint(0, 59)))
            )
        person = Person(
            cooperative=ctx.coop,
            user=users[spec.login] if spec.login else None,
            first_name=first,
            last_name=last,
            email=f"{local}@kooptjanst.example",
            phone=names.fiction_phone(index),
            street_address=f"{rng.choice(names.STREETS)} {rng.randint(1, 60)}",
            postal_code=rng.choice(place.postal_codes),
            city=place.town,
            personnummer=pnr,
            gender=spec.gender if spec.consent else "",
            other_background=spec.other_background if spec.consent else None,
            self_report_consent_at=consent_at,
            self_report_consent_by=admin if spec.consent else None,
        )
        spec.person = person
        persons.append(person)
    persons = Person.objects.bulk_create(persons)

    employments: list[Employment] = []
    memberships: list[Membership] = []
    for spec in builder.specs:
        for employment in spec.employments:
            employment.person = spec.saved
            employments.append(employment)
        if spec.member_from is not None:
            memberships.append(
                Membership(
                    person=spec.saved,
                    cooperative=ctx.coop,
                    started_on=spec.member_from,
                    ended_on=spec.member_until,
                )
            )
    employments = Employment.objects.bulk_create(employments)
    Membership.objects.bulk_create(memberships)

    demo_unit: Unit = ctx.data["demo_unit"]
    RoleAssignment.objects.bulk_create(
        RoleAssignment(
            user=users[login],
            role=role.value,
            unit=demo_unit if role.is_unit_role else None,
        )
        for login, role in DEMO_LOGINS.items()
    )
    for login, user in users.items():
        person = next(s.saved for s in builder.specs if s.login == login)
        user.first_name, user.last_name = person.first_name, person.last_name
    get_user_model().objects.bulk_update(list(users.values()), ["first_name", "last_name"])

    current = [e for e in employments if e.ended_on is None]
    unit_staff: dict[int, list[Person]] = {}
    unit_leaders: dict[int, Person] = {}
    for employment in sorted(current, key=lambda e: e.kind != EmploymentKind.UNIT_LEADER):
        if employment.unit_id is None:
            continue
        unit_staff.setdefault(employment.unit_id, []).append(employment.person)
        if employment.kind == EmploymentKind.UNIT_LEADER:
            unit_leaders[employment.unit_id] = employment.person
    employee_ids = {e.person_id for e in current}
    ctx.data["persons"] = persons
    ctx.data["employees"] = [p for p in persons if p.pk in employee_ids]
    ctx.data["employments"] = employments
    ctx.data["unit_leaders"] = unit_leaders
    ctx.data["unit_staff"] = unit_staff
    ctx.data["members"] = [
        s.person for s in builder.specs if s.member_from is not None and s.member_until is None
    ]
    ctx.data["users"] = users
    ctx.data["demo_persons"] = {s.login: s.person for s in builder.specs if s.login is not None}
    ctx.progress(
        f"people: {len(persons)} persons, {len(ctx.data['employees'])} employees, "
        f"{len(memberships)} memberships, {len(users)} demo logins"
    )
