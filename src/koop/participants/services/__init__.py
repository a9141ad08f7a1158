"""Changes to participants' data: one transaction and one audit row each.

Split by topic; import the functions from here."""

from koop.participants.services.attendance import (
    SELF_REPORTS,
    AttendanceEntry,
    AttendanceSaved,
    attendance_save,
    attendance_self_report,
)
from koop.participants.services.casefile import (
    AnonymiseReport,
    CaseFileContents,
    case_file_read,
    case_file_write,
    participants_anonymise,
)
from koop.participants.services.claims import claim_compute, claim_set_status
from koop.participants.services.invoicing import claim_invoice_create
from koop.participants.services.placement import placement_end, placement_move, placement_start
from koop.participants.services.plans import (
    exit_follow_up_record,
    exit_record,
    goal_add,
    goal_set_status,
    meeting_record,
    step_add,
    step_complete,
)
from koop.participants.services.referral import (
    agreement_consent,
    agreement_end_early,
    agreement_extend,
    participant_register,
    referral_create,
    referring_body_create,
)

__all__ = [
    "SELF_REPORTS",
    "AnonymiseReport",
    "AttendanceEntry",
    "AttendanceSaved",
    "CaseFileContents",
    "agreement_consent",
    "agreement_end_early",
    "agreement_extend",
    "attendance_save",
    "attendance_self_report",
    "case_file_read",
    "case_file_write",
    "claim_compute",
    "claim_invoice_create",
    "claim_set_status",
    "exit_follow_up_record",
    "exit_record",
    "goal_add",
    "goal_set_status",
    "meeting_record",
    "participant_register",
    "participants_anonymise",
    "placement_end",
    "placement_move",
    "placement_start",
    "referral_create",
    "referring_body_create",
    "step_add",
    "step_complete",
]
