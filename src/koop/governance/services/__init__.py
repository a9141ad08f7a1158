"""Every change to governance, one function each (see the modules by topic)."""

from koop.governance.services.attendance import (
    attendance_check_in,
    meeting_invite_guest,
    proxy_register,
)
from koop.governance.services.decisions import (
    check_delegation,
    decision_add_reservation,
    decision_record,
    decision_set_execution,
    delegation_create,
    delegation_end,
)
from koop.governance.services.matters import (
    matter_accept_urgent,
    matter_deadline,
    matter_submit,
    motion_answer,
)
from koop.governance.services.meetings import (
    agenda_item_add,
    calendar_token_for,
    check_notice,
    meeting_close,
    meeting_create,
    meeting_open,
    meeting_send_notice,
    meeting_set_current_item,
    meeting_update_officers,
)
from koop.governance.services.minutes import minutes_approve, minutes_draft_text, minutes_save
from koop.governance.services.setup import (
    agenda_template_update,
    board_seat_add,
    board_seat_update,
    board_seats_from_election,
    body_rule_update,
    governance_setup,
    statutes_update,
)
from koop.governance.services.units import unit_create_with_bodies, unit_update_with_bodies
from koop.governance.services.voting import vote_break_tie, vote_cast, vote_close, vote_open

__all__ = [
    "agenda_item_add",
    "agenda_template_update",
    "attendance_check_in",
    "board_seat_add",
    "board_seat_update",
    "board_seats_from_election",
    "body_rule_update",
    "calendar_token_for",
    "check_delegation",
    "check_notice",
    "decision_add_reservation",
    "decision_record",
    "decision_set_execution",
    "delegation_create",
    "delegation_end",
    "governance_setup",
    "matter_accept_urgent",
    "matter_deadline",
    "matter_submit",
    "meeting_close",
    "meeting_create",
    "meeting_invite_guest",
    "meeting_open",
    "meeting_send_notice",
    "meeting_set_current_item",
    "meeting_update_officers",
    "minutes_approve",
    "minutes_draft_text",
    "minutes_save",
    "motion_answer",
    "proxy_register",
    "statutes_update",
    "unit_create_with_bodies",
    "unit_update_with_bodies",
    "vote_break_tie",
    "vote_cast",
    "vote_close",
    "vote_open",
]
