"""Demo participants: about 150 a year at scale 1 over the last two years, referred by
Arbetsförmedlingen, the municipalities and Försäkringskassan, with placements, attendance
for the last three months, plans, follow-up meetings, exits with outcomes and claims.

Keys read: ``units``, ``unit_staff``, ``unit_business_areas``, ``business_areas``,
``municipalities``, ``demo_unit``, ``demo_persons``, ``users``.
Keys written: ``participants`` (list[Person]), ``participant_agreements`` (list[Agreement]).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from koop.demo.seed import names
from koop.demo.seed.context import SeedContext
from koop.demo.seed.organisation import random_day
from koop.organisation.models import Unit
from koop.participants import crypto
from koop.participants.models import (
    AbsenceReason,
    Agreement,
    Attendance,
    BodyKind,
    CaseFile,
    ClaimLine,
    ClaimStatus,
    ClaimStatusChange,
    CompensationBasis,
    CompensationClaim,
    CompensationRate,
    DevelopmentPlan,
    Exit,
    ExitFollowUp,
    ExitOutcome,
    FollowUpMeeting,
    Placement,
    PlanGoal,
    PlanStep,
    Referral,
    ReferringBody,
    ScheduleDay,
    SupportKind,
)
from koop.participants.services.claims import claim_lines_for
from koop.participants.services.plans import add_months
from koop.people.models import Person

PER_YEAR = 150
YEARS = 2
ATTENDANCE_DAYS = 92

# Which kinds of support each kind of body decides on, and its illustrative demo rates
# (amount, basis) -- the real levels are set by each agency and entered by an administrator.
SUPPORT = {
    BodyKind.EMPLOYMENT_SERVICE: (
        ["arbetstraning", "praktik", "lonebidrag", "nystartsjobb", "introduktionsjobb"],
        (Decimal("5000.00"), CompensationBasis.PER_MONTH),
    ),
    BodyKind.MUNICIPALITY: (
        ["arbetstraning", "praktik"],
        (Decimal("300.00"), CompensationBasis.PER_DAY),
    ),
    BodyKind.SOCIAL_INSURANCE: (
        ["arbetsprovning", "arbetstraning"],
        (Decimal("4500.00"), CompensationBasis.PER_MONTH),
    ),
}
OUTCOMES = [
    (ExitOutcome.EMPLOYED_HERE, 12),
    (ExitOutcome.EMPLOYED_WITH_SUPPORT, 18),
    (ExitOutcome.EMPLOYED_WITHOUT_SUPPORT, 14),
    (ExitOutcome.STUDIES, 14),
    (ExitOutcome.OTHER_PROGRAMME, 16),
    (ExitOutcome.SICK_LEAVE, 10),
    (ExitOutcome.MOVED, 6),
    (ExitOutcome.OTHER, 10),
]
GOALS = [
    ("Komma i tid varje dag", ["Ställa två väckarklockor", "Ta morgonbussen till jobbet"]),
    ("Ta truckkort", ["Gå teoridelen", "Öva med handledaren", "Göra provet"]),
    ("Jobba fyra timmar per dag", ["Börja med tre timmar", "Öka efter en månad"]),
    ("Bli tryggare i kundkontakt", ["Följa med på leveranser", "Ta emot kunden själv"]),
    ("Lära sig kassan", ["Gå igenom kassan med handledaren"]),
    ("Söka jobb med stöd", ["Skriva CV", "Söka tre jobb"]),
]
REASONS = (
    [AbsenceReason.SICK] * 5
    + [AbsenceReason.CHILD_CARE] * 2
    + [AbsenceReason.AGENCY_MEETING, AbsenceReason.OTHER]
)


def _bodies(ctx: SeedContext) -> list[ReferringBody]:
    bodies = [
        ReferringBody(
            cooperative=ctx.coop,
            kind=BodyKind.EMPLOYMENT_SERVICE,
            name="Arbetsförmedlingen",
            department="Östergötland",
            org_number="202100-2114",
        ),
        ReferringBody(
            cooperative=ctx.coop,
            kind=BodyKind.SOCIAL_INSURANCE,
            name="Försäkringskassan",
            department="Linköping",
            org_number="202100-5521",
        ),
    ]
    for name, municipality in sorted(ctx.data["municipalities"].items()):
        bodies.append(
            ReferringBody(
                cooperative=ctx.coop,
                kind=BodyKind.MUNICIPALITY,
                name=f"{name} kommun",
                municipality=municipality,
                department="Arbetsmarknadsenheten",
            )
        )
    return ReferringBody.objects.bulk_create(bodies)


def _rates(ctx: SeedContext, kinds: dict[str, SupportKind]) -> None:
    this_year = dt.date(ctx.today.year, 1, 1)
    first = dt.date(ctx.today.year - YEARS, 1, 1)
    rates = []
    for body_kind, (codes, (amount, basis)) in SUPPORT.items():
        for code in codes:
            rates.append(
                CompensationRate(
                    body_kind=body_kind,
                    support_kind=kinds[code],
                    amount=amount,
                    basis=basis,
                    valid_from=first,
                    valid_to=this_year - dt.timedelta(days=1),
                )
            )
            rates.append(
                CompensationRate(
                    body_kind=body_kind,
                    support_kind=kinds[code],
                    amount=(amount * Decimal("1.03")).quantize(Decimal("1")),
                    basis=basis,
                    valid_from=this_year,
                )
            )
    CompensationRate.objects.bulk_create(rates)


def _new_people(ctx: SeedContext, count: int) -> list[Person]:
    rng = ctx.rng
    people = []
    for i in range(count):
        pool = rng.choice(
            [
                names.SWEDISH_WOMEN,
                names.SWEDISH_MEN,
                names.INTERNATIONAL_WOMEN,
                names.INTERNATIONAL_MEN,
            ]
        )
        surnames = names.SWEDISH_SURNAMES if rng.random() < 0.6 else names.INTERNATIONAL_SURNAMES
        first, last = rng.choice(pool), rng.choice(surnames)
        people.append(
            Person(
                cooperative=ctx.coop,
                first_name=first,
                last_name=last,
                phone=names.fiction_phone(i),
                email="",
            )
        )
    return Person.objects.bulk_create(people)


def seed_participants(ctx: SeedContext) -> None:
    rng = ctx.rng
    today = ctx.today
    now = timezone.now()
    admin = ctx.data["users"].get("admin")
    kinds = {k.code: k for k in SupportKind.objects.order_by("code")}
    bodies = _bodies(ctx)
    by_kind: dict[str, list[ReferringBody]] = {}
    for body in bodies:
        by_kind.setdefault(body.kind, []).append(body)
    _rates(ctx, kinds)

    units: list[Unit] = [u for u in ctx.data["units"] if ctx.data["unit_staff"].get(u.pk)]
    staff: dict[int, list[Person]] = ctx.data["unit_staff"]
    demo_unit: Unit = ctx.data["demo_unit"]
    count = PER_YEAR * YEARS * ctx.scale
    people = _new_people(ctx, count)
    demo_person: Person | None = ctx.data.get("demo_persons", {}).get("deltagare")

    specs: list[tuple[Person, Unit, ReferringBody, str, dt.date, dt.date]] = []
    for person in people:
        unit = rng.choice(units)
        body_kind = rng.choices(
            [BodyKind.EMPLOYMENT_SERVICE, BodyKind.MUNICIPALITY, BodyKind.SOCIAL_INSURANCE],
            weights=[50, 35, 15],
        )[0]
        candidates = by_kind[body_kind]
        if body_kind == BodyKind.MUNICIPALITY:
            local = [b for b in candidates if b.municipality_id == unit.municipality_id]
            candidates = local or candidates
        body = rng.choice(candidates)
        code = rng.choice(SUPPORT[body_kind][0])
        starts = random_day(
            ctx, today - dt.timedelta(days=365 * YEARS), today + dt.timedelta(days=20)
        )
        ends = add_months(starts, rng.choice([3, 6, 6, 9, 12])) - dt.timedelta(days=1)
        specs.append((person, unit, body, code, starts, ends))
    if demo_person is not None:
        # The demo participant: placed in the demo leader's unit, agreement ending soon so
        # it shows on the leader's "ending within 30 days" list.
        specs.append(
            (
                demo_person,
                demo_unit,
                by_kind[BodyKind.EMPLOYMENT_SERVICE][0],
                "arbetstraning",
                today - dt.timedelta(days=150),
                today + dt.timedelta(days=25),
            )
        )

    referrals = Referral.objects.bulk_create(
        Referral(
            person=person,
            body=body,
            officer_name=(
                f"{rng.choice(names.SWEDISH_WOMEN + names.SWEDISH_MEN)} "
                f"{rng.choice(names.SWEDISH_SURNAMES)}"
            ),
            officer_phone=names.fiction_phone(i + 40),
            decision_reference=f"{body.kind.upper()}-{10000 + i}",
            decision_date=starts - dt.timedelta(days=rng.randint(5, 30)),
            support_kind=kinds[code],
            starts_on=starts,
            ends_on=ends,
            hours_per_week=Decimal(rng.choice([20, 25, 30, 40])),
        )
        for i, (person, unit, body, code, starts, ends) in enumerate(specs)
    )
    agreements = []
    for referral, (person, unit, _b, _c, starts, ends) in zip(referrals, specs, strict=True):
        consented = starts <= today + dt.timedelta(days=5) or rng.random() < 0.5
        at = dt.datetime.combine(referral.decision_date, dt.time(10), tzinfo=dt.UTC)
        agreements.append(
            Agreement(
                referral=referral,
                person=person,
                unit=unit,
                starts_on=starts,
                ends_on=ends,
                body_consent_at=at,
                body_consent_by=admin,
                cooperative_consent_at=at if consented else None,
                participant_consent_at=at if consented else None,
            )
        )
    agreements = Agreement.objects.bulk_create(agreements)

    placements: list[Placement] = []
    for agreement in agreements:
        if agreement.participant_consent_at is None or agreement.starts_on > today:
            continue
        supervisors = staff[agreement.unit_id]
        supervisor = (
            ctx.data["demo_persons"].get("kooperator", supervisors[-1])
            if agreement.person_id == getattr(demo_person, "pk", None)
            else rng.choice(supervisors)
        )
        area_codes = ctx.data.get("unit_business_areas", {}).get(agreement.unit_id) or []
        area = ctx.data["business_areas"].get(area_codes[0]) if area_codes else None
        length = (agreement.ends_on - agreement.starts_on).days
        if length > 120 and rng.random() < 0.1 and len(units) > 1:
            # A move half-way: the history keeps both placements.
            middle = agreement.starts_on + dt.timedelta(days=length // 2)
            other = rng.choice([u for u in units if u.pk != agreement.unit_id])
            placements.append(
                Placement(
                    agreement=agreement,
                    person_id=agreement.person_id,
                    unit_id=agreement.unit_id,
                    business_area=area,
                    supervisor=supervisor,
                    starts_on=agreement.starts_on,
                    ends_on=middle - dt.timedelta(days=1),
                )
            )
            placements.append(
                Placement(
                    agreement=agreement,
                    person_id=agreement.person_id,
                    unit=other,
                    supervisor=rng.choice(staff[other.pk]),
                    starts_on=middle,
                )
            )
        else:
            placements.append(
                Placement(
                    agreement=agreement,
                    person_id=agreement.person_id,
                    unit_id=agreement.unit_id,
                    business_area=area,
                    supervisor=supervisor,
                    starts_on=agreement.starts_on,
                )
            )
    placements = Placement.objects.bulk_create(placements)
    schedules: dict[int, dict[int, Decimal]] = {}
    days: list[ScheduleDay] = []
    for placement in placements:
        hours = Decimal(rng.choice([4, 5, 6, 8]))
        weekdays = [0, 1, 2, 3, 4] if rng.random() < 0.7 else [0, 1, 2, 3]
        schedules[placement.pk] = {d: hours for d in weekdays}
        days.extend(ScheduleDay(placement=placement, weekday=d, hours=hours) for d in weekdays)
    ScheduleDay.objects.bulk_create(days)

    by_agreement = {a.pk: a for a in agreements}
    attendance: list[Attendance] = []
    first_day = today - dt.timedelta(days=ATTENDANCE_DAYS)
    for placement in placements:
        agreement = by_agreement[placement.agreement_id]
        start = max(first_day, placement.starts_on, agreement.starts_on)
        end = min(
            today - dt.timedelta(days=1), placement.ends_on or agreement.ends_on, agreement.ends_on
        )
        day = start
        schedule = schedules[placement.pk]
        reliable = rng.random()
        while day <= end:
            if day.weekday() in schedule:
                present = rng.random() < 0.75 + 0.2 * reliable
                attendance.append(
                    Attendance(
                        agreement=agreement,
                        person_id=placement.person_id,
                        unit_id=placement.unit_id,
                        day=day,
                        status="present" if present else "absent",
                        reason="" if present else rng.choice(REASONS),
                        hours=schedule[day.weekday()] if present else Decimal(0),
                    )
                )
            day += dt.timedelta(days=1)
    Attendance.objects.bulk_create(attendance, batch_size=2000)

    plans = DevelopmentPlan.objects.bulk_create(
        DevelopmentPlan(agreement=a)
        for a in agreements
        if a.participant_consent_at is not None and a.starts_on <= today
    )
    goals, steps_for = [], []
    meetings = []
    for plan in plans:
        agreement = by_agreement[plan.agreement_id]
        for text, steps in rng.sample(GOALS, rng.randint(1, 3)):
            goals.append(
                PlanGoal(
                    plan=plan,
                    text=text,
                    target_on=agreement.ends_on,
                    status="reached"
                    if agreement.ends_on < today and rng.random() < 0.6
                    else "open",
                )
            )
            steps_for.append(steps)
        held = agreement.starts_on + dt.timedelta(days=rng.randint(20, 40))
        while held < min(today, agreement.ends_on):
            next_on = held + dt.timedelta(days=rng.choice([42, 56, 63]))
            meetings.append(
                FollowUpMeeting(
                    plan=plan,
                    held_on=held,
                    notes=rng.choice(
                        [
                            "Det går bra. Närvaron är god.",
                            "Trött på morgnarna; vi provar kortare dagar.",
                            "Vill gärna prova leveranser.",
                            "Handläggaren nöjd. Fortsätter enligt plan.",
                        ]
                    ),
                    next_on=next_on,
                    recorded_by=admin,
                )
            )
            held = next_on
    goals = PlanGoal.objects.bulk_create(goals)
    PlanStep.objects.bulk_create(
        PlanStep(goal=goal, text=text, done_on=goal.target_on if goal.status == "reached" else None)
        for goal, steps in zip(goals, steps_for, strict=True)
        for text in steps
    )
    FollowUpMeeting.objects.bulk_create(meetings)

    ended = [a for a in agreements if a.ends_on < today and a.participant_consent_at is not None]
    outcome_values = [o for o, _w in OUTCOMES]
    weights = [w for _o, w in OUTCOMES]
    exits = Exit.objects.bulk_create(
        Exit(
            agreement=a,
            exited_on=a.ends_on,
            outcome=rng.choices(outcome_values, weights)[0],
            recorded_by=admin,
        )
        for a in ended
    )
    follow_ups = []
    for exit_ in exits:
        for months in (6, 12):
            due = add_months(exit_.exited_on, months)
            done = due <= today and rng.random() < 0.8
            follow_ups.append(
                ExitFollowUp(
                    exit=exit_,
                    months=months,
                    due_on=due,
                    done_on=due if done else None,
                    outcome=rng.choices(outcome_values, weights)[0] if done else "",
                )
            )
    ExitFollowUp.objects.bulk_create(follow_ups)

    sensitive = [p for p in people if rng.random() < 0.2]
    if demo_person is not None:
        sensitive.append(demo_person)
    CaseFile.objects.bulk_create(
        CaseFile(
            person=p,
            health=crypto.encrypt("Ryggbesvär; undviker tunga lyft."),
            background=crypto.encrypt("Långtidsarbetslös sedan flera år."),
        )
        for p in sensitive
    )

    _claims(ctx, bodies, now)
    ctx.data["participants"] = [*people, *([demo_person] if demo_person else [])]
    ctx.data["participant_agreements"] = agreements
    ctx.progress(
        f"participants: {len(agreements)} agreements, {len(placements)} placements, "
        f"{len(attendance)} attendance days, {len(exits)} exits"
    )


def _claims(ctx: SeedContext, bodies: list[ReferringBody], now: dt.datetime) -> None:
    """Last month's claims sent, the month before paid."""
    last_month = (ctx.today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    before = (last_month - dt.timedelta(days=1)).replace(day=1)
    for month, status in ((before, ClaimStatus.PAID), (last_month, ClaimStatus.SENT)):
        for body in bodies:
            lines = claim_lines_for(body=body, month=month)
            if not lines:
                continue
            claim = CompensationClaim.objects.create(
                cooperative=ctx.coop,
                body=body,
                month=month,
                status=status,
                total=sum((line.amount for line in lines), Decimal(0)),
            )
            for line in lines:
                line.claim = claim
            ClaimLine.objects.bulk_create(lines)
            path = [ClaimStatus.DRAFT, ClaimStatus.SENT, ClaimStatus.PAID]
            ClaimStatusChange.objects.bulk_create(
                ClaimStatusChange(
                    claim=claim, from_status=path[i - 1] if i else "", to_status=path[i]
                )
                for i in range(path.index(status) + 1)
            )
