"""The live meeting: check-in, the current item, votes and decisions, updating without a
reload (htmx polls the state fragment)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koop.core.access import principal_of
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.governance.access import access_meeting, access_vote, can_run_meeting
from koop.governance.counting import Tally
from koop.governance.forms import DecisionForm, VoteOpenForm
from koop.governance.models import AgendaItem, Vote, VoterReceipt, VoteStatus
from koop.governance.selectors import body_member_ids, meeting_date, voting_register
from koop.governance.services import (
    attendance_check_in,
    decision_record,
    meeting_set_current_item,
    vote_break_tie,
    vote_cast,
    vote_close,
    vote_open,
)
from koop.governance.views.common import me, people_choices, post_then_redirect
from koop.people.models import Person


def _live_context(request: HttpRequest, meeting_id: int) -> dict[str, object]:
    principal = principal_of(request)
    meeting = access_meeting(principal, meeting_id)
    register = voting_register(meeting)
    votes = list(meeting.votes.prefetch_related("options").order_by("-pk")[:3])
    open_vote = next((v for v in votes if v.status == VoteStatus.OPEN), None)
    my_voices: list[tuple[int | None, str]] = []
    if open_vote is not None and principal.person_id is not None:
        done = set(VoterReceipt.objects.filter(vote=open_vote).values_list("person_id", flat=True))
        for entry in register.entries:
            if entry.person_id == principal.person_id:
                if entry.own_vote and entry.person_id not in done:
                    my_voices.append((None, _("your own vote")))
                my_voices += [(m, n) for m, n in entry.represents if m not in done]
    return {
        "meeting": meeting,
        "register": register,
        "current": meeting.current_item,
        "open_vote": open_vote,
        "recent": [v for v in votes if v.status == VoteStatus.CLOSED],
        "my_voices": my_voices,
        "can_run": can_run_meeting(principal, meeting),
        "items": meeting.items.order_by("position", "pk")
        if can_run_meeting(principal, meeting)
        else [],
    }


@login_required
def live(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return render(request, "governance/live.html", _live_context(request, meeting_id))


@login_required
def live_state(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return render(request, "governance/live_state.html", _live_context(request, meeting_id))


@login_required
@require_POST
def check_in(request: HttpRequest, meeting_id: int) -> HttpResponse:
    principal = principal_of(request)
    meeting = access_meeting(principal, meeting_id)
    person_id = request.POST.get("person")

    def act() -> object:
        if person_id and can_run_meeting(principal, meeting):
            person = Person.objects.filter(
                pk=int(person_id), cooperative_id=meeting.body.cooperative_id
            ).first()
            if person is None:
                raise KoopValidationError(_("No such person."), field="person")
        else:
            person = me(principal)
        return attendance_check_in(meeting=meeting, person=person, acting_user=request.user)

    return post_then_redirect(
        request, act, _("Checked in."), f"/governance/meetings/{meeting.pk}/live/"
    )


@login_required
@require_POST
def set_current(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(principal_of(request), meeting_id, write=True)
    item = AgendaItem.objects.filter(meeting=meeting, pk=request.POST.get("item") or 0).first()

    def act() -> object:
        if item is None:
            raise KoopValidationError(_("Choose an item on the agenda."), field="item")
        return meeting_set_current_item(meeting=meeting, item=item, acting_user=request.user)

    return post_then_redirect(
        request, act, _("Current item changed."), f"/governance/meetings/{meeting.pk}/live/"
    )


@login_required
def vote_open_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(principal_of(request), meeting_id, write=True)
    items = [(i.pk, i.title) for i in meeting.items.order_by("position", "pk")]
    people = people_choices(body_member_ids(meeting.body, meeting_date(meeting)))
    form = VoteOpenForm(
        request.POST or None, items=items, people=people, initial={"item": meeting.current_item_id}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = (
            AgendaItem.objects.filter(meeting=meeting, pk=data["item"]).first()
            if data["item"]
            else None
        )
        candidates = list(
            Person.objects.filter(pk__in=data["candidates"]).order_by("last_name", "first_name")
        )
        try:
            vote_open(
                meeting=meeting,
                question=data["question"],
                method=data["method"],
                item=item,
                candidates=candidates,
                seats=data["seats"] or 1,
                acting_user=request.user,
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The vote is open."))
            return redirect("governance:meeting-live", meeting_id=meeting.pk)
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("Open a vote"),
            "cancel_url": f"/governance/meetings/{meeting.pk}/live/",
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def cast(request: HttpRequest, vote_id: int) -> HttpResponse:
    principal = principal_of(request)
    vote = access_vote(principal, vote_id)
    behalf = request.POST.get("on_behalf_of")

    def act() -> object:
        person = me(principal)
        on_behalf = Person.objects.filter(pk=int(behalf)).first() if behalf else None
        if behalf and on_behalf is None:
            raise KoopValidationError(_("No such person."), field="on_behalf_of")
        option_ids = [int(o) for o in request.POST.getlist("option") if o.isdigit()]
        return vote_cast(
            vote=vote,
            person=person,
            option_ids=option_ids,
            on_behalf_of=on_behalf,
            acting_user=request.user,
        )

    return post_then_redirect(
        request, act, _("Your vote was counted."), f"/governance/meetings/{vote.meeting_id}/live/"
    )


def _count(request: HttpRequest, name: str) -> int:
    raw = request.POST.get(name, "0") or "0"
    return int(raw) if raw.isdigit() else -1


@login_required
@require_POST
def close(request: HttpRequest, vote_id: int) -> HttpResponse:
    vote = access_vote(principal_of(request), vote_id, write=True)
    counts = None
    if vote.method == "acclamation":
        counts = Tally(_count(request, "yes"), _count(request, "no"), _count(request, "abstain"))
    return post_then_redirect(
        request,
        lambda: vote_close(vote=vote, counts=counts, acting_user=request.user),
        _("The vote is closed."),
        f"/governance/meetings/{vote.meeting_id}/live/",
    )


@login_required
@require_POST
def tie(request: HttpRequest, vote_id: int) -> HttpResponse:
    vote = access_vote(principal_of(request), vote_id, write=True)
    adopt = request.POST.get("adopt") == "yes"
    return post_then_redirect(
        request,
        lambda: vote_break_tie(vote=vote, adopt=adopt, acting_user=request.user),
        _("The chair's casting vote was recorded."),
        f"/governance/meetings/{vote.meeting_id}/live/",
    )


@login_required
def decide(request: HttpRequest, item_id: int) -> HttpResponse:
    principal = principal_of(request)
    item = AgendaItem.objects.filter(pk=item_id).select_related("meeting", "matter").first()
    meeting = access_meeting(principal, item.meeting_id if item else 0, write=True)
    assert item is not None  # access_meeting answered 404 otherwise
    votes = [
        (v.pk, v.question)
        for v in Vote.objects.filter(
            meeting=meeting, status=VoteStatus.CLOSED, decision__isnull=True
        )
    ]
    present = list(meeting.attendances.values_list("person_id", flat=True))
    people = people_choices(set(present) | body_member_ids(meeting.body, meeting_date(meeting)))
    form = DecisionForm(
        request.POST or None,
        votes=votes,
        people=people,
        initial={
            "matter_kind": item.matter_kind,
            "amount": item.matter.amount if item.matter else None,
            "text": item.matter.text if item.matter else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reservations = []
        if data["reservation_by"]:
            reservations.append(
                (Person.objects.get(pk=data["reservation_by"]), data["reservation_text"])
            )
        try:
            decision_record(
                meeting=meeting,
                item=item,
                text=data["text"],
                vote=Vote.objects.filter(pk=data["vote"], meeting=meeting).first()
                if data["vote"]
                else None,
                manner=data["manner"] or None,
                matter_kind=data["matter_kind"],
                amount=Decimal(data["amount"]) if data["amount"] is not None else None,
                responsible=Person.objects.filter(pk=data["responsible"]).first()
                if data["responsible"]
                else None,
                due_on=data["due_on"],
                reservations=reservations,
                acting_user=request.user,
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("governance:meeting-live", meeting_id=meeting.pk)
    return render(
        request,
        "koop/form.html",
        {
            "form": form,
            "title": _("Decision on %(item)s") % {"item": item.title},
            "cancel_url": f"/governance/meetings/{meeting.pk}/live/",
        },
        status=422 if form.errors else 200,
    )
