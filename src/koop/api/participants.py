"""The participants endpoints, under the same need-to-know rules as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from koop.core.access import found, principal_of, require
from koop.participants.access import (
    access_agreement,
    access_attendance_unit,
    access_own_attendance,
    access_participant,
    access_placement,
    access_referral,
    can_record_cooperative_consent,
)
from koop.participants.models import (
    Agreement,
    Attendance,
    ConsentKind,
    DevelopmentPlan,
    Placement,
    Referral,
)
from koop.participants.selectors import agreements_of
from koop.participants.selectors import participant_list as select_participants
from koop.participants.services import (
    AttendanceEntry,
    agreement_consent,
    attendance_save,
    attendance_self_report,
    placement_start,
)
from koop.people.models import Person

router = Router(tags=["participants"])


class ScheduleDayOut(Schema):
    weekday: int
    hours: Decimal


class PlacementOut(Schema):
    id: int
    agreement_id: int
    person_id: int
    unit_id: int
    unit: str
    business_area_id: int | None
    supervisor_id: int
    supervisor: str
    starts_on: dt.date
    ends_on: dt.date | None
    schedule: list[ScheduleDayOut]


class ParticipantOut(Schema):
    """A participant as a list shows them: to the unit's cooperators only this."""

    id: int
    first_name: str
    last_name: str
    full_view: bool
    current_placement: PlacementOut | None


class ConsentOut(Schema):
    kind: str
    recorded_at: dt.datetime | None
    recorded_by_id: int | None


class AgreementOut(Schema):
    id: int
    person_id: int
    referral_id: int
    unit_id: int
    starts_on: dt.date
    ends_on: dt.date
    ended_early_on: dt.date | None
    complete: bool
    consents: list[ConsentOut]


class ReferralOut(Schema):
    id: int
    person_id: int
    body_id: int
    body: str
    body_kind: str
    officer_name: str
    officer_phone: str
    officer_email: str
    decision_reference: str
    decision_date: dt.date
    support_kind: str
    starts_on: dt.date
    ends_on: dt.date
    hours_per_week: Decimal


class ParticipantDetailOut(ParticipantOut):
    personnummer_masked: str
    email: str
    phone: str
    agreements: list[AgreementOut]


class AttendanceOut(Schema):
    person_id: int
    agreement_id: int
    unit_id: int
    day: dt.date
    status: str
    reason: str
    hours: Decimal
    self_reported_at: dt.datetime | None = Field(
        None, description="When the participant reported it themself (empty: staff marked it)."
    )
    confirmed_at: dt.datetime | None = Field(
        None, description="When staff confirmed what the participant reported."
    )
    awaiting_confirmation: bool = Field(
        False, description="Reported by the participant and not yet confirmed by staff."
    )


class GoalOut(Schema):
    id: int
    text: str
    status: str
    target_on: dt.date | None


class MeetingOut(Schema):
    id: int
    held_on: dt.date
    notes: str
    next_on: dt.date | None


class PlanOut(Schema):
    agreement_id: int
    goals: list[GoalOut]
    meetings: list[MeetingOut]


class PlacementIn(Schema):
    agreement_id: int
    unit_id: int
    supervisor_id: int
    starts_on: dt.date
    business_area_id: int | None = None
    schedule: dict[int, Decimal] = {}


class AttendanceIn(Schema):
    person_id: int
    day: dt.date = Field(description="Today or a day that has passed, never a day to come.")
    status: str = Field(
        description='"present", "absent" (with a reason) or "" to remove the day\'s mark.'
    )
    reason: str = ""
    hours: Decimal | None = None
    confirm: bool = Field(
        False, description="Confirm what the participant reported for the day, as it stands."
    )


class AttendanceBatchIn(Schema):
    unit_id: int
    entries: list[AttendanceIn] = []
    fill_day: dt.date | None = Field(
        None,
        description="All present: everyone scheduled that day and not marked yet is marked "
        "present with their scheduled hours.",
    )


class AttendanceSavedOut(Schema):
    created: int
    corrected: int
    unchanged: int
    removed: int
    confirmed: int
    filled: int


class AbsenceIn(Schema):
    kind: str = Field(description='"sick" or "away".')
    day: dt.date | None = Field(None, description="Today (the only day that may be given).")


def _attendance_out(a: Attendance) -> AttendanceOut:
    return AttendanceOut(
        person_id=a.person_id,
        agreement_id=a.agreement_id,
        unit_id=a.unit_id,
        day=a.day,
        status=a.status,
        reason=a.reason,
        hours=a.hours,
        self_reported_at=a.self_reported_at,
        confirmed_at=a.confirmed_at,
        awaiting_confirmation=a.awaiting_confirmation,
    )


def _placement_out(p: Placement) -> PlacementOut:
    return PlacementOut(
        id=p.pk,
        agreement_id=p.agreement_id,
        person_id=p.person_id,
        unit_id=p.unit_id,
        unit=p.unit.name,
        business_area_id=p.business_area_id,
        supervisor_id=p.supervisor_id,
        supervisor=p.supervisor.full_name,
        starts_on=p.starts_on,
        ends_on=p.ends_on,
        schedule=[ScheduleDayOut(weekday=d.weekday, hours=d.hours) for d in p.schedule.all()],
    )


def _agreement_out(a: Agreement) -> AgreementOut:
    return AgreementOut(
        id=a.pk,
        person_id=a.person_id,
        referral_id=a.referral_id,
        unit_id=a.unit_id,
        starts_on=a.starts_on,
        ends_on=a.ends_on,
        ended_early_on=a.ended_early_on,
        complete=a.is_complete,
        consents=[
            ConsentOut(kind=k, recorded_at=at, recorded_by_id=by)  # type: ignore[arg-type]  # consents() yields datetimes and ids
            for k, _label, at, by in a.consents()
        ],
    )


def _referral_out(r: Referral) -> ReferralOut:
    return ReferralOut(
        id=r.pk,
        person_id=r.person_id,
        body_id=r.body_id,
        body=str(r.body),
        body_kind=r.body.kind,
        officer_name=r.officer_name,
        officer_phone=r.officer_phone,
        officer_email=r.officer_email,
        decision_reference=r.decision_reference,
        decision_date=r.decision_date,
        support_kind=str(r.support_kind),
        starts_on=r.starts_on,
        ends_on=r.ends_on,
        hours_per_week=r.hours_per_week,
    )


def _participant_out(person: Person) -> ParticipantOut:
    placements = getattr(person, "current_placements", [])
    return ParticipantOut(
        id=person.pk,
        first_name=person.first_name,
        last_name=person.last_name,
        full_view=bool(getattr(person, "full_view", False)),
        current_placement=_placement_out(placements[0]) if placements else None,
    )


@router.get("/participants", response=list[ParticipantOut])
@paginate
def list_participants(request: HttpRequest, q: str = "") -> object:
    people = select_participants(principal=principal_of(request), on=timezone.localdate(), search=q)
    return [_participant_out(p) for p in people]


@router.get("/participants/{person_id}", response=ParticipantDetailOut)
def get_participant(request: HttpRequest, person_id: int) -> object:
    principal = principal_of(request)
    access_participant(principal, person_id)
    person = select_participants(principal=principal, on=timezone.localdate()).get(pk=person_id)
    base = _participant_out(person)
    return ParticipantDetailOut(
        **base.dict(),
        personnummer_masked=person.personnummer_masked,
        email=person.email,
        phone=person.phone,
        agreements=[_agreement_out(a) for a in agreements_of(person)],
    )


@router.get("/participants/{person_id}/referrals", response=list[ReferralOut])
def list_referrals(request: HttpRequest, person_id: int) -> object:
    person = access_participant(principal_of(request), person_id)
    return [
        _referral_out(r)
        for r in Referral.objects.filter(person=person).select_related("body", "support_kind")
    ]


@router.get("/referrals/{referral_id}", response=ReferralOut)
def get_referral(request: HttpRequest, referral_id: int) -> object:
    return _referral_out(access_referral(principal_of(request), referral_id))


@router.get("/participants/{person_id}/agreements", response=list[AgreementOut])
def list_agreements(request: HttpRequest, person_id: int) -> object:
    person = access_participant(principal_of(request), person_id)
    return [_agreement_out(a) for a in Agreement.objects.filter(person=person)]


@router.get("/participant-agreements/{agreement_id}", response=AgreementOut)
def get_agreement(request: HttpRequest, agreement_id: int) -> object:
    return _agreement_out(access_agreement(principal_of(request), agreement_id))


@router.post("/participant-agreements/{agreement_id}/consents/{kind}", response=AgreementOut)
def record_consent(request: HttpRequest, agreement_id: int, kind: str) -> object:
    principal = principal_of(request)
    agreement = access_agreement(principal, agreement_id, write=True)
    require(kind in ConsentKind.values)
    if kind == ConsentKind.COOPERATIVE:
        require(can_record_cooperative_consent(principal, agreement))
    return _agreement_out(
        agreement_consent(agreement=agreement, kind=ConsentKind(kind), acting_user=request.user)
    )


@router.get("/participants/{person_id}/placements", response=list[PlacementOut])
def list_placements(request: HttpRequest, person_id: int) -> object:
    person = access_participant(principal_of(request), person_id)
    return [
        _placement_out(p)
        for p in Placement.objects.filter(person=person)
        .select_related("unit", "supervisor")
        .prefetch_related("schedule")
    ]


@router.get("/placements/{placement_id}", response=PlacementOut)
def get_placement(request: HttpRequest, placement_id: int) -> object:
    return _placement_out(access_placement(principal_of(request), placement_id))


@router.post("/placements", response={201: PlacementOut})
def start_placement(request: HttpRequest, payload: PlacementIn) -> object:
    from koop.organisation.models import BusinessArea, Unit

    principal = principal_of(request)
    agreement = access_agreement(principal, payload.agreement_id, write=True)
    unit = found(
        Unit.objects.filter(
            pk=payload.unit_id, cooperative_id=principal.cooperative_id or 0
        ).first()
    )
    supervisor = found(
        Person.objects.filter(
            pk=payload.supervisor_id, cooperative_id=principal.cooperative_id or 0
        ).first()
    )
    area = (
        BusinessArea.objects.filter(pk=payload.business_area_id).first()
        if payload.business_area_id
        else None
    )
    placement = placement_start(
        agreement=agreement,
        unit=unit,
        supervisor=supervisor,
        business_area=area,
        starts_on=payload.starts_on,
        schedule=payload.schedule,
        acting_user=request.user,
    )
    return 201, _placement_out(placement)


@router.get("/participants/{person_id}/attendance", response=list[AttendanceOut])
def list_attendance(
    request: HttpRequest,
    person_id: int,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> object:
    person = access_participant(principal_of(request), person_id)
    records = Attendance.objects.filter(person=person).order_by("day")
    if date_from:
        records = records.filter(day__gte=date_from)
    if date_to:
        records = records.filter(day__lte=date_to)
    return [_attendance_out(a) for a in records]


@router.post("/attendance", response=AttendanceSavedOut)
def save_attendance(request: HttpRequest, payload: AttendanceBatchIn) -> object:
    unit = access_attendance_unit(principal_of(request), payload.unit_id, write=True)
    entries = [
        AttendanceEntry(
            person_id=e.person_id,
            day=e.day,
            status=e.status,
            reason=e.reason,
            hours=e.hours,
            confirm=e.confirm,
        )
        for e in payload.entries
    ]
    return attendance_save(
        unit=unit, entries=entries, fill_day=payload.fill_day, acting_user=request.user
    )


@router.post("/participants/{person_id}/absences", response={201: AttendanceOut})
def report_absence(request: HttpRequest, person_id: int, payload: AbsenceIn) -> object:
    """The participant reports themself sick or away today, for staff to confirm."""
    person = access_own_attendance(principal_of(request), person_id)
    a = attendance_self_report(
        person=person, kind=payload.kind, day=payload.day, acting_user=request.user
    )
    return Status(201, _attendance_out(a))


@router.get("/participant-agreements/{agreement_id}/plan", response=PlanOut)
def get_plan(request: HttpRequest, agreement_id: int) -> object:
    agreement = access_agreement(principal_of(request), agreement_id)
    plan = DevelopmentPlan.objects.filter(agreement=agreement).first()
    return PlanOut(
        agreement_id=agreement.pk,
        goals=[
            GoalOut(id=g.pk, text=g.text, status=g.status, target_on=g.target_on)
            for g in (plan.goals.all() if plan else [])
        ],
        meetings=[
            MeetingOut(id=m.pk, held_on=m.held_on, notes=m.notes, next_on=m.next_on)
            for m in (plan.meetings.all() if plan else [])
        ],
    )


class ClaimInvoiceIn(Schema):
    unit_id: int


class ClaimInvoiceOut(Schema):
    claim_id: int
    invoice_draft_id: int
    lines: int
    total: Decimal


@router.post("/claims/{claim_id}/invoice", response={201: ClaimInvoiceOut})
def invoice_claim(request: HttpRequest, claim_id: int, payload: ClaimInvoiceIn) -> object:
    """Make the invoice draft to the referring body's customer from a sent claim."""
    from koop.organisation.models import Unit
    from koop.participants.access import access_claim
    from koop.participants.services import claim_invoice_create

    principal = principal_of(request)
    claim = access_claim(principal, claim_id, write=True)
    unit = found(
        Unit.objects.filter(pk=payload.unit_id, cooperative_id=claim.cooperative_id).first()
    )
    draft = claim_invoice_create(claim=claim, unit=unit, acting_user=request.user)
    lines = list(draft.lines.all())
    return 201, {
        "claim_id": claim.pk,
        "invoice_draft_id": draft.pk,
        "lines": len(lines),
        "total": sum((line.quantity * line.unit_price for line in lines), Decimal(0)),
    }
