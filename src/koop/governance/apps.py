from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "koop.governance"
    label = "governance"
    verbose_name = _("Governance")
    # What the audit trail calls each action this app's services record.
    audit_actions = {
        "agenda_item_add": _("Agenda item added"),
        "agenda_template_update": _("Agenda template changed"),
        "attendance_check_in": _("Checked in at a meeting"),
        "board_seat_add": _("Board seat added"),
        "board_seat_update": _("Board seat changed"),
        "board_seats_from_election": _("Board seats filled after an election"),
        "body_rule_update": _("Rules of a body changed"),
        "calendar_token_create": _("Calendar link created"),
        "decision_add_reservation": _("Reservation against a decision"),
        "decision_record": _("Decision recorded"),
        "decision_set_execution": _("Execution of a decision updated"),
        "delegation_create": _("Delegation given"),
        "delegation_end": _("Delegation ended"),
        "governance_setup": _("Governance set up"),
        "matter_accept_urgent": _("Late matter accepted as urgent"),
        "matter_submit": _("Matter submitted"),
        "meeting_close": _("Meeting closed"),
        "meeting_create": _("Meeting planned"),
        "meeting_invite_guest": _("Guest invited to a meeting"),
        "meeting_open": _("Meeting opened"),
        "meeting_send_notice": _("Notice of meeting queued for sending"),
        "meeting_called": _("Notice of meeting sent"),
        "meeting_set_current_item": _("Current agenda item changed"),
        "meeting_update_officers": _("Meeting officers chosen"),
        "minutes_approve": _("Minutes approved by an adjuster"),
        "minutes_lock": _("Minutes locked"),
        "minutes_save": _("Minutes saved"),
        "motion_answer": _("Board's statement on a motion"),
        "proxy_register": _("Proxy registered"),
        "statutes_create": _("Statutes created"),
        "statutes_update": _("Statutes changed"),
        "vote_break_tie": _("Tie decided"),
        "vote_cast": _("Vote cast"),
        "vote_close": _("Vote closed"),
        "vote_open": _("Vote opened"),
    }
