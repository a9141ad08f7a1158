"""The board's seats (kept by the administrators and the board) and editing the statutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.access import found, principal_of
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.governance.access import access_board, access_board_seat, access_statutes
from koop.governance.forms import (
    BoardSeatEditForm,
    BoardSeatForm,
    BodyRuleForm,
    ElectionSeatsForm,
    StatutesForm,
)
from koop.governance.models import BoardSeat, BodyKind, BodyRule, Vote, VoteStatus
from koop.governance.selectors import statutes_of
from koop.governance.services import (
    board_seat_add,
    board_seat_update,
    board_seats_from_election,
    body_rule_update,
    statutes_update,
)
from koop.governance.views.common import people_choices
from koop.people.models import Person

SEATS_URL = "/governance/board/seats/"


def _elections(cooperative_id: int) -> list[tuple[int, str]]:
    """Closed elections at the general assembly whose seats are not yet recorded."""
    votes = (
        Vote.objects.filter(
            meeting__body__cooperative_id=cooperative_id,
            meeting__body__kind=BodyKind.GENERAL_ASSEMBLY,
            is_election=True,
            status=VoteStatus.CLOSED,
            board_seats__isnull=True,
        )
        .select_related("meeting")
        .order_by("-meeting__starts_at", "pk")
    )
    return [(v.pk, f"{v.meeting.title} {v.meeting.date}: {v.question}") for v in votes[:50]]


@login_required
def seat_list(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    board = access_board(principal)
    today = timezone.localdate()
    votes = _elections(board.cooperative_id)
    form = ElectionSeatsForm(request.POST or None, votes=votes) if votes else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vote = Vote.objects.filter(pk=data["vote"], meeting__body__cooperative=board.cooperative_id)
        try:
            seats = board_seats_from_election(
                vote=vote.get(),
                role=data["role"],
                ended_on=data["ended_on"],
                acting_user=request.user,
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(n)d seat(s) recorded.") % {"n": len(seats)})
            return redirect("governance:board-seats")
    seats = list(board.seats.select_related("person", "election__meeting").order_by("-started_on"))
    return render(
        request,
        "governance/board_seats.html",
        {
            "board": board,
            "current": [s for s in seats if s.ended_on is None or s.ended_on >= today],
            "past": [s for s in seats if s.ended_on is not None and s.ended_on < today],
            "form": form,
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
def seat_create(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    board = access_board(principal)
    ids = Person.objects.filter(cooperative_id=board.cooperative_id).values_list("pk", flat=True)
    people = people_choices(list(ids))
    form = BoardSeatForm(
        request.POST or None, people=people, initial={"started_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            board_seat_add(
                body=board,
                person=Person.objects.get(pk=data["person"]),
                role=data["role"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
                acting_user=request.user,
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The seat was added."))
            return redirect("governance:board-seats")
    return render(
        request,
        "koop/form.html",
        {"form": form, "title": _("New board seat"), "cancel_url": SEATS_URL},
        status=422 if form.errors else 200,
    )


@login_required
def seat_edit(request: HttpRequest, seat_id: int) -> HttpResponse:
    seat: BoardSeat = access_board_seat(principal_of(request), seat_id)
    form = BoardSeatEditForm(
        request.POST or None,
        initial={"role": seat.role, "started_on": seat.started_on, "ended_on": seat.ended_on},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            board_seat_update(
                seat=seat,
                role=data["role"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
                acting_user=request.user,
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The seat was saved."))
            return redirect("governance:board-seats")
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("Board seat: %(name)s") % {"name": seat.person.full_name},
            "cancel_url": SEATS_URL,
        },
        status=422 if form.errors else 200,
    )


@login_required
def statutes_edit(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_statutes(principal, write=True)
    statutes = statutes_of(principal.cooperative_id or 0)
    form = StatutesForm(request.POST or None, instance=statutes)
    if request.method == "POST" and form.is_valid():
        try:
            statutes_update(statutes=statutes, acting_user=request.user, **form.cleaned_data)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The statutes were saved."))
            return redirect("governance:statutes")
    return render(
        request,
        "koop/form.html",
        {"form": form, "title": _("Edit the statutes"), "cancel_url": "/governance/statutes/"},
        status=422 if form.errors else 200,
    )


@login_required
def body_rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    principal = principal_of(request)
    access_statutes(principal, write=True)
    rule = found(
        BodyRule.objects.filter(
            pk=rule_id, statutes__cooperative_id=principal.cooperative_id or 0
        ).first()
    )
    form = BodyRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            body_rule_update(rule=rule, acting_user=request.user, **form.cleaned_data)
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The rules were saved."))
            return redirect("governance:statutes")
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("Rules for %(body)s") % {"body": rule.get_body_kind_display()},
            "cancel_url": "/governance/statutes/",
        },
        status=422 if form.errors else 200,
    )
