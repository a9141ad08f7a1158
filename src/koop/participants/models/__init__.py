"""Participants: referral, three-party agreement, placement, attendance, claims, plans, exits.

Responsible for everything about a person's time as a participant (deltagare) placed with
the cooperative by Arbetsförmedlingen, a municipality or Försäkringskassan. A participant is
a ``koop.people.Person``; this app hangs its rows off persons, units and business areas and
never changes them. It must never show health, disability or background information
outside ``CaseFile`` (encrypted, need-to-know, every read logged), nor any figure about a
group smaller than five."""

from koop.participants.models.agreement import (
    Agreement,
    AgreementChange,
    AgreementChangeKind,
    ConsentKind,
)
from koop.participants.models.casefile import (
    CASE_FILE_SECTIONS,
    Anonymisation,
    CaseFile,
    CaseFileAccessLog,
    CaseFileAction,
    CaseReader,
)
from koop.participants.models.claims import (
    CLAIM_TRANSITIONS,
    ClaimLine,
    ClaimStatus,
    ClaimStatusChange,
    CompensationClaim,
)
from koop.participants.models.placement import (
    AbsenceReason,
    Attendance,
    AttendanceCorrection,
    AttendanceStatus,
    Placement,
    ScheduleDay,
    Weekday,
)
from koop.participants.models.plans import (
    DevelopmentPlan,
    Exit,
    ExitFollowUp,
    ExitOutcome,
    FollowUpMeeting,
    GoalStatus,
    PlanGoal,
    PlanStep,
)
from koop.participants.models.referral import (
    BodyKind,
    CompensationBasis,
    CompensationRate,
    Referral,
    ReferringBody,
    SupportKind,
)

__all__ = [
    "CASE_FILE_SECTIONS",
    "CLAIM_TRANSITIONS",
    "AbsenceReason",
    "Agreement",
    "AgreementChange",
    "AgreementChangeKind",
    "Anonymisation",
    "Attendance",
    "AttendanceCorrection",
    "AttendanceStatus",
    "BodyKind",
    "CaseFile",
    "CaseFileAccessLog",
    "CaseFileAction",
    "CaseReader",
    "ClaimLine",
    "ClaimStatus",
    "ClaimStatusChange",
    "CompensationBasis",
    "CompensationClaim",
    "CompensationRate",
    "ConsentKind",
    "DevelopmentPlan",
    "Exit",
    "ExitFollowUp",
    "ExitOutcome",
    "FollowUpMeeting",
    "GoalStatus",
    "Placement",
    "PlanGoal",
    "PlanStep",
    "Referral",
    "ReferringBody",
    "ScheduleDay",
    "SupportKind",
    "Weekday",
]
