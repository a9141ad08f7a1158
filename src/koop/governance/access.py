"""Who may see and run governance.

Members see the general assembly and its documents; the board sees the board; a unit's
people (leader, cooperators, participants) see their unit's meetings; the central roles
see everything; a guest invited to a meeting sees that meeting. Everyone else gets 404.
Calling meetings and keeping the registers is for the body's managers: the board for the
general assembly and itself, the unit leader for the unit's meetings, and the
administrator and regional manager everywhere. The statutes are changed by the
administrator and the board; the board's seats are kept by the board, the administrator
and the regional manager."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.access import Principal, Role, found, require
from koop.core.errors import KoopValidationError
from koop.governance.models import (
    BoardSeat,
    Body,
    BodyKind,
    Decision,
    Matter,
    MatterDocument,
    Meeting,
    MeetingGuest,
    Vote,
)
from koop.people.models import Membership, Person


def _is_member_today(principal: Principal) -> bool:
    if principal.person_id is None:
        return False
    today = timezone.localdate()
    return (
        Membership.objects.filter(person_id=principal.person_id, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .exists()
    )


def _has_board_seat(principal: Principal) -> bool:
    if principal.person_id is None:
        return False
    today = timezone.localdate()
    return (
        BoardSeat.objects.filter(person_id=principal.person_id, started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .exists()
    )


def is_board(principal: Principal) -> bool:
    return principal.is_board or _has_board_seat(principal)


def visible_bodies_q(principal: Principal) -> Q:
    if not principal.is_authenticated or principal.cooperative_id is None:
        return Q(pk__in=[])
    mine = Q(cooperative_id=principal.cooperative_id)
    if principal.is_central:
        return mine
    q = Q(unit_id__in=list(principal.unit_roles))
    if _is_member_today(principal) or is_board(principal):
        q |= Q(kind=BodyKind.GENERAL_ASSEMBLY)
    if is_board(principal):
        q |= Q(kind=BodyKind.BOARD)
    return mine & q


def bodies_visible(principal: Principal) -> QuerySet[Body]:
    return Body.objects.filter(visible_bodies_q(principal)).select_related("unit")


def can_manage_body(principal: Principal, body: Body) -> bool:
    if principal.has_any(Role.ADMIN, Role.REGIONAL_MANAGER):
        return True
    if body.kind in (BodyKind.GENERAL_ASSEMBLY, BodyKind.BOARD):
        return is_board(principal)
    return body.unit_id in principal.led_unit_ids


def can_run_meeting(principal: Principal, meeting: Meeting) -> bool:
    return can_manage_body(principal, meeting.body) or (
        principal.person_id is not None and principal.person_id == meeting.chair_id
    )


def can_keep_minutes(principal: Principal, meeting: Meeting) -> bool:
    return can_manage_body(principal, meeting.body) or (
        principal.person_id is not None and principal.person_id == meeting.secretary_id
    )


def can_delegate(principal: Principal) -> bool:
    return principal.has_any(Role.ADMIN, Role.REGIONAL_MANAGER) or is_board(principal)


def acting_person(principal: Principal) -> Person:
    """The person behind the login, or a clear refusal when the login has none."""
    person = Person.objects.filter(pk=principal.person_id).first() if principal.person_id else None
    if person is None:
        raise KoopValidationError(_("Your login is not linked to a person."), field="person")
    return person


def access_statutes(principal: Principal, *, write: bool = False) -> None:
    require(principal.is_authenticated)
    if write:
        require(principal.has_any(Role.ADMIN) or is_board(principal))
    else:
        require(principal.is_central or is_board(principal) or _is_member_today(principal))


def access_board(principal: Principal) -> Body:
    """The board, for those who keep its seats: the administrators and the board."""
    require(principal.is_authenticated and principal.cooperative_id is not None)
    board = Body.objects.filter(
        cooperative_id=principal.cooperative_id or 0, kind=BodyKind.BOARD
    ).first()
    return found(board, allowed=board is not None and can_manage_body(principal, board))


def access_board_seat(principal: Principal, seat_id: int) -> BoardSeat:
    board = access_board(principal)
    return found(
        BoardSeat.objects.filter(body=board, pk=seat_id).select_related("person", "body").first()
    )


def access_body(principal: Principal, body_id: int, *, write: bool = False) -> Body:
    body = (
        Body.objects.filter(visible_bodies_q(principal), pk=body_id).select_related("unit").first()
    )
    return found(body, allowed=body is not None and (not write or can_manage_body(principal, body)))


def visible_meetings_q(principal: Principal) -> Q:
    """The meetings of the bodies ``principal`` sees, and those they are invited to."""
    q = Q(body__in=Body.objects.filter(visible_bodies_q(principal)))
    if principal.is_authenticated and principal.person_id is not None:
        q |= Q(
            pk__in=MeetingGuest.objects.filter(person_id=principal.person_id).values("meeting_id")
        )
    return q


def access_meeting(principal: Principal, meeting_id: int, *, write: bool = False) -> Meeting:
    meeting = (
        Meeting.objects.filter(visible_meetings_q(principal))
        .select_related("body", "body__unit", "chair", "secretary", "adjuster_1", "adjuster_2")
        .filter(pk=meeting_id)
        .first()
    )
    allowed = meeting is not None and (not write or can_run_meeting(principal, meeting))
    return found(meeting, allowed=allowed)


def access_matter(principal: Principal, matter_id: int, *, write: bool = False) -> Matter:
    matter = (
        Matter.objects.filter(body__in=Body.objects.filter(visible_bodies_q(principal)))
        .select_related("body", "meeting", "submitted_by")
        .filter(pk=matter_id)
        .first()
    )
    allowed = matter is not None and (not write or can_manage_body(principal, matter.body))
    return found(matter, allowed=allowed)


def access_document(principal: Principal, document_id: int) -> MatterDocument:
    document = (
        MatterDocument.objects.filter(
            matter__body__in=Body.objects.filter(visible_bodies_q(principal))
        )
        .filter(pk=document_id)
        .first()
    )
    return found(document)


def access_vote(principal: Principal, vote_id: int, *, write: bool = False) -> Vote:
    vote = (
        Vote.objects.filter(meeting__in=Meeting.objects.filter(visible_meetings_q(principal)))
        .select_related("meeting", "meeting__body")
        .filter(pk=vote_id)
        .first()
    )
    allowed = vote is not None and (not write or can_run_meeting(principal, vote.meeting))
    return found(vote, allowed=allowed)


def access_decision(principal: Principal, decision_id: int, *, write: bool = False) -> Decision:
    decision = (
        Decision.objects.filter(meeting__body__in=Body.objects.filter(visible_bodies_q(principal)))
        .select_related("meeting", "meeting__body", "responsible")
        .filter(pk=decision_id)
        .first()
    )
    allowed = decision is not None and (
        not write
        or can_manage_body(principal, decision.meeting.body)
        or (principal.person_id is not None and principal.person_id == decision.responsible_id)
    )
    return found(decision, allowed=allowed)
