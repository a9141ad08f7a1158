"""The live meeting: the current item, votes and their results, updating without a reload.

The page has two parts. The state (who is present, the current item, the latest results)
is asked for every 2 s and holds no form. The vote panel (the ballot, the chair's close
button) holds the forms and is replaced only when the vote itself changes: the poll sends
the panel's key, and the answer carries a new panel (an out-of-band swap) only when the
key differs. So nobody's half-filled ballot is ever replaced. Nothing changed: 204, and
the page stays as it is."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koop.core.access import Principal, principal_of
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors
from koop.governance.access import access_meeting, access_vote, can_run_meeting
from koop.governance.counting import Tally
from koop.governance.forms import DecisionForm, VoteOpenForm
from koop.governance.models import (
    AgendaItem,
    Meeting,
    MeetingStatus,
    Outcome,
    Vote,
    VoteMethod,
    VoterReceipt,
    VoteStatus,
)
from koop.governance.results import result_text, rule_label, rule_text
from koop.governance.selectors import (
    VotingRegister,
    meeting_people_ids,
    person_at_meeting,
    represented_member,
    statutes_of,
    voting_register,
)
from koop.governance.services import (
    decision_record,
    meeting_set_current_item,
    vote_break_tie,
    vote_cast,
    vote_close,
    vote_open,
)
from koop.governance.services.attendance import no_proxy_for, not_at_meeting
from koop.governance.views.common import me, people_choices, post_then_redirect


@dataclass
class Result:
    vote: Vote
    text: str


@dataclass
class Live:
    """Everything the live page shows, read once per request."""

    meeting: Meeting
    register: VotingRegister
    can_run: bool
    checked_in: bool
    may_attend: bool
    in_register: bool = False  # has a voice here (their own or a proxy's)
    open_vote: Vote | None = None
    tied_vote: Vote | None = None  # the latest vote, closed on a tie the chair must break
    results: list[Result] = field(default_factory=list)
    voted: int = 0  # receipts in the open vote
    my_voices: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def panel_key(self) -> str:
        """Changes exactly when the vote panel must be drawn again."""
        vote = self.open_vote or self.tied_vote
        parts = [
            self.meeting.status,
            f"{vote.pk}.{vote.status}.{vote.outcome}" if vote else "-",
            f"r{self.results[0].vote.pk}" if self.results else "-",
            "in" if self.checked_in else "out",
            ",".join(str(m or "own") for m, _name in self.my_voices),
        ]
        return "/".join(parts)

    @property
    def progress(self) -> str:
        """ "3 of 5 have voted" while a ballot or roll call is open."""
        if self.open_vote is None or self.open_vote.method == VoteMethod.ACCLAMATION:
            return ""
        return _("%(voted)d of %(votes)d have voted") % {
            "voted": self.voted,
            "votes": self.register.votes,
        }


def _live(principal: Principal, meeting: Meeting) -> Live:
    register = voting_register(meeting)
    person_id = principal.person_id
    live = Live(
        meeting=meeting,
        register=register,
        can_run=can_run_meeting(principal, meeting),
        checked_in=person_id is not None
        and meeting.attendances.filter(person_id=person_id).exists(),
        may_attend=person_id is not None and person_id in meeting_people_ids(meeting),
    )
    live.in_register = any(e.person_id == person_id for e in register.entries)
    votes = list(meeting.votes.prefetch_related("options").order_by("-opened_at", "-pk")[:4])
    live.open_vote = next((v for v in votes if v.status == VoteStatus.OPEN), None)
    closed = [v for v in votes if v.status == VoteStatus.CLOSED]
    if live.open_vote is None and closed and closed[0].outcome == Outcome.TIE:
        live.tied_vote = closed[0]
    live.results = [Result(v, result_text(v)) for v in closed[:3]]
    if live.open_vote is not None and live.open_vote.method != VoteMethod.ACCLAMATION:
        done = set(
            VoterReceipt.objects.filter(vote=live.open_vote).values_list("person_id", flat=True)
        )
        live.voted = len(done)
        for entry in register.entries:
            if entry.person_id == person_id:
                if entry.own_vote and entry.person_id not in done:
                    live.my_voices.append((None, _("Your own vote")))
                live.my_voices += [
                    (m, _("On behalf of %(name)s") % {"name": n})
                    for m, n in entry.represents
                    if m not in done
                ]
    return live


def _panel_context(live: Live) -> dict[str, object]:
    vote = live.open_vote or live.tied_vote
    context: dict[str, object] = {"live": live, "meeting": live.meeting, "vote": vote}
    if vote is not None:
        tie_rule = statutes_of(live.meeting.body.cooperative_id).tie_rule
        context["rule_label"] = rule_label(vote)
        context["rule_text"] = rule_text(vote, tie_rule=tie_rule)
    return context


def _state(request: HttpRequest, live: Live) -> tuple[str, str]:
    """The polled state as HTML, and a fingerprint of it with the vote's progress (what
    the page shows now, so the next poll can answer "nothing changed")."""
    html = render_to_string(
        "governance/live_state.html",
        {"live": live, "meeting": live.meeting, "register": live.register},
        request=request,
    )
    seen = hashlib.sha256((html + live.progress).encode()).hexdigest()[:16]
    return html, seen


@login_required
def live(request: HttpRequest, meeting_id: int) -> HttpResponse:
    principal = principal_of(request)
    meeting = access_meeting(principal, meeting_id)
    state = _live(principal, meeting)
    state_html, seen = _state(request, state)
    return render(
        request,
        "governance/live.html",
        {
            **_panel_context(state),
            "state_html": state_html,
            "seen": seen,
            "items": meeting.items.order_by("position", "pk") if state.can_run else [],
        },
    )


@login_required
def live_state(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The state for the poll: 204 when nothing changed; otherwise the new state, with the
    vote panel (out of band) only if the vote changed, else only its progress line."""
    principal = principal_of(request)
    meeting = access_meeting(principal, meeting_id)
    state = _live(principal, meeting)
    state_html, seen = _state(request, state)
    panel_changed = request.GET.get("panel") != state.panel_key
    # Once the meeting is closed nothing changes any more: 286 tells htmx to stop asking.
    closed = meeting.status == MeetingStatus.CLOSED
    if not panel_changed and request.GET.get("seen") == seen and not closed:
        return HttpResponse(status=204)
    return render(
        request,
        "governance/live_poll.html",
        {
            **_panel_context(state),
            "state_html": state_html,
            "seen": seen,
            "panel_changed": panel_changed,
        },
        status=286 if closed else 200,
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
    people = people_choices(meeting_people_ids(meeting))
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
        candidates = [person_at_meeting(meeting, int(pk)) for pk in data["candidates"]]
        try:
            if any(c is None for c in candidates):
                raise not_at_meeting("candidates")
            vote_open(
                meeting=meeting,
                question=data["question"],
                method=data["method"],
                item=item,
                candidates=sorted(
                    (c for c in candidates if c is not None),
                    key=lambda p: (p.last_name, p.first_name, p.pk),
                ),
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
    behalf = request.POST.get("on_behalf_of", "")

    def act() -> object:
        person = me(principal)
        on_behalf = None
        if behalf:
            # Only a member whose proxy the caster holds at this meeting; anyone else gets
            # the same refusal, naming nobody.
            member_id = int(behalf) if behalf.isdigit() else 0
            on_behalf = represented_member(vote.meeting, person.pk, member_id)
            if on_behalf is None:
                raise no_proxy_for("on_behalf_of")
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


def _count(raw: str | None) -> int:
    raw = (raw or "0").strip() or "0"
    return int(raw) if raw.isdigit() else -1


@login_required
def close(request: HttpRequest, vote_id: int) -> HttpResponse:
    """GET (or a POST without ``confirmed=yes``): what closing the vote will do; POST with
    ``confirmed=yes``: close and count it."""
    vote = access_vote(principal_of(request), vote_id, write=True)
    data = request.POST if request.method == "POST" else request.GET
    live_url = f"/governance/meetings/{vote.meeting_id}/live/"
    acclamation = vote.method == VoteMethod.ACCLAMATION
    counts = (
        Tally(_count(data.get("yes")), _count(data.get("no")), _count(data.get("abstain")))
        if acclamation
        else None
    )
    if counts is not None and min(counts.yes, counts.no, counts.abstain) < 0:
        messages.error(request, _("Counts cannot be negative."))
        return redirect(live_url)
    if request.method == "POST" and data.get("confirmed") == "yes":
        return post_then_redirect(
            request,
            lambda: vote_close(vote=vote, counts=counts, acting_user=request.user),
            _("The vote is closed."),
            live_url,
        )
    consequences = [_("Voting stops: nobody can vote in it any more.")]
    if counts is not None:
        consequences.append(
            _("The chair's count is recorded: %(yes)d for, %(no)d against, %(abstain)d abstained.")
            % {"yes": counts.yes, "no": counts.no, "abstain": counts.abstain}
        )
    else:
        register = voting_register(vote.meeting)
        voted = vote.receipts.count()
        consequences.append(
            _("%(voted)d of %(votes)d voices present have voted; the others can no longer vote.")
            % {"voted": voted, "votes": register.votes}
        )
        consequences.append(_("The ballots are counted and the result is shown to everyone."))
    consequences.append(
        _("Counted by the rule: %(rule)s.") % {"rule": rule_label(vote).lower()}
        if not vote.is_election
        else rule_label(vote)
    )
    hidden = [("yes", counts.yes), ("no", counts.no), ("abstain", counts.abstain)] if counts else []
    return render(
        request,
        "koop/confirm.html",
        {
            "title": _("Close the vote"),
            "question": vote.question,
            "consequences": consequences,
            "confirm_label": _("Close the vote and count"),
            "cancel_url": live_url,
            "action_url": f"/governance/votes/{vote.pk}/close/",
            "hidden": hidden,
        },
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
    people = people_choices(meeting_people_ids(meeting))
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
            by = person_at_meeting(meeting, int(data["reservation_by"]))
            if by is not None:
                reservations.append((by, data["reservation_text"]))
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
                responsible=person_at_meeting(meeting, int(data["responsible"]))
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
