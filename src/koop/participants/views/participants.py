"""The participant list, one participant, registration, referral, consents and placements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koop.core.access import Principal, Role, found, principal_of, require
from koop.core.errors import KoopValidationError, NotFound
from koop.core.forms import add_service_errors
from koop.organisation.models import Unit
from koop.organisation.selectors import cooperative_current
from koop.participants.access import (
    access_agreement,
    access_participant,
    can_edit_participants,
    can_read_case_file,
    can_record_cooperative_consent,
)
from koop.participants.forms import (
    AgreementChangeForm,
    ParticipantForm,
    PlacementForm,
    ReferralForm,
)
from koop.participants.models import AgreementChangeKind, ConsentKind
from koop.participants.selectors import agreements_ending_soon, agreements_of, next_meeting
from koop.participants.selectors import participant_list as select_participants
from koop.participants.services import (
    agreement_consent,
    agreement_end_early,
    agreement_extend,
    participant_register,
    placement_move,
    placement_start,
    referral_create,
)
from koop.participants.views._common import form_page
from koop.people.models import Person


def _editable_units(principal: Principal) -> QuerySet[Unit]:
    units = Unit.objects.filter(cooperative_id=principal.cooperative_id or 0)
    if principal.has_any(Role.ADMIN, Role.REGIONAL_MANAGER):
        return units
    return units.filter(pk__in=principal.led_unit_ids)


@login_required
def participant_list(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    today = timezone.localdate()
    search = request.GET.get("q", "").strip()
    people = select_participants(principal=principal, on=today, search=search)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "participants/participant_list.html",
        {
            "page": page,
            "search": search,
            "can_create": can_edit_participants(principal),
            "ending_soon": (
                agreements_ending_soon(unit_ids=sorted(principal.led_unit_ids), on=today)
                if principal.led_unit_ids
                else []
            ),
        },
    )


@login_required
def participant_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    principal = principal_of(request)
    person = access_participant(principal, person_id)
    today = timezone.localdate()
    agreements = list(agreements_of(person))
    return render(
        request,
        "participants/participant_detail.html",
        {
            "person": person,
            "agreements": agreements,
            "today": today,
            "next_meeting": next_meeting(person, on=today),
            "can_write": principal.person_id != person.pk and _may_write(principal, person_id),
            "can_read_case_file": can_read_case_file(principal, person),
            "consent_kinds": list(ConsentKind),
        },
    )


def _may_write(principal: Principal, person_id: int) -> bool:
    try:
        access_participant(principal, person_id, write=True)
    except NotFound:
        return False
    return True


@login_required
def participant_create(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    require(can_edit_participants(principal))
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = participant_register(
                cooperative=cooperative_current(), acting_user=request.user, **form.cleaned_data
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was registered. Now record the referral.") % {"name": person.full_name},
            )
            return redirect("participants:referral-create", person_id=person.pk)
    return form_page(request, form, _("New participant"), "/participants/")


@login_required
def referral_create_view(request: HttpRequest, person_id: int) -> HttpResponse:
    principal = principal_of(request)
    require(can_edit_participants(principal))
    person = found(
        Person.objects.filter(pk=person_id, cooperative_id=principal.cooperative_id or 0).first()
    )
    units = _editable_units(principal)
    # A new participant (no referral yet) is visible to whoever registered them; otherwise
    # the usual need-to-know rule applies.
    if person.participant_referrals.exists():
        access_participant(principal, person_id, write=True)
    assert principal.cooperative_id is not None
    form = ReferralForm(
        request.POST or None, cooperative_id=principal.cooperative_id or 0, units=units
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral_create(person=person, acting_user=request.user, **form.cleaned_data)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The referral was recorded."))
            return redirect("participants:detail", person_id=person.pk)
    return form_page(
        request, form, _("Referral for %(name)s") % {"name": person.full_name}, "/participants/"
    )


@login_required
@require_POST
def consent_view(request: HttpRequest, agreement_id: int, kind: str) -> HttpResponse:
    principal = principal_of(request)
    agreement = access_agreement(principal, agreement_id, write=True)
    require(kind in ConsentKind.values)
    consent = ConsentKind(kind)
    if consent == ConsentKind.COOPERATIVE:
        require(can_record_cooperative_consent(principal, agreement))
    try:
        agreement_consent(agreement=agreement, kind=consent, acting_user=request.user)
    except KoopValidationError as error:
        messages.error(request, str(error.problems[0].message))
    else:
        messages.success(request, _("Recorded: %(consent)s.") % {"consent": consent.label})
    return redirect("participants:detail", person_id=agreement.person_id)


@login_required
def agreement_change_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    principal = principal_of(request)
    agreement = access_agreement(principal, agreement_id, write=True)
    form = AgreementChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == AgreementChangeKind.EXTENSION:
                agreement_extend(
                    agreement=agreement,
                    new_ends_on=data["new_ends_on"],
                    decision_reference=data["decision_reference"],
                    reason=data["reason"],
                    acting_user=request.user,
                )
            else:
                agreement_end_early(
                    agreement=agreement,
                    ended_on=data["new_ends_on"],
                    reason=data["reason"],
                    acting_user=request.user,
                )
        except KoopValidationError as error:
            error.problems = [
                type(p)("new_ends_on", p.message) if p.field == "ended_on" else p
                for p in error.problems
            ]
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agreement was changed."))
            return redirect("participants:detail", person_id=agreement.person_id)
    return form_page(
        request, form, _("Extend or end the agreement"), f"/participants/{agreement.person_id}/"
    )


@login_required
def placement_create_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """Start the first placement on an agreement, or move the participant to another unit."""
    principal = principal_of(request)
    agreement = access_agreement(principal, agreement_id, write=True)
    units = Unit.objects.filter(cooperative_id=principal.cooperative_id or 0)
    form = PlacementForm(
        request.POST or None,
        units=units,
        initial={"unit": agreement.unit_id, "starts_on": agreement.starts_on},
    )
    today = timezone.localdate()
    current = agreement.placements.filter(starts_on__lte=today).exclude(ends_on__lt=today).first()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if current is not None and data["starts_on"] > current.starts_on:
                placement_move(
                    placement=current,
                    unit=data["unit"],
                    supervisor=data["supervisor"],
                    business_area=data["business_area"],
                    moved_on=data["starts_on"],
                    schedule=form.schedule(),
                    acting_user=request.user,
                )
            else:
                placement_start(
                    agreement=agreement,
                    unit=data["unit"],
                    supervisor=data["supervisor"],
                    business_area=data["business_area"],
                    starts_on=data["starts_on"],
                    schedule=form.schedule(),
                    acting_user=request.user,
                )
        except KoopValidationError as error:
            error.problems = [
                type(p)("starts_on", p.message) if p.field == "moved_on" else p
                for p in error.problems
            ]
            add_service_errors(form, error)
        else:
            messages.success(request, _("The placement was saved."))
            return redirect("participants:detail", person_id=agreement.person_id)
    title = _("Move to another unit") if current else _("Start the placement")
    return form_page(request, form, title, f"/participants/{agreement.person_id}/")


@login_required
def ending_soon(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    require(principal.is_central or bool(principal.led_unit_ids))
    unit_ids = None if principal.is_central else sorted(principal.led_unit_ids)
    return render(
        request,
        "participants/ending_soon.html",
        {
            "agreements": agreements_ending_soon(unit_ids=unit_ids, on=timezone.localdate()),
        },
    )
