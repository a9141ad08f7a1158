"""The fixed vocabularies of governance: kinds of body, seat roles, matter kinds, rules."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BodyKind(models.TextChoices):
    GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
    BOARD = "board", _("Board")
    UNIT_MEETING = "unit_meeting", _("Unit meeting (VS)")
    WEEKLY = "weekly", _("Weekly meeting")
    DAILY = "daily", _("Daily meeting")


UNIT_BODY_KINDS = frozenset({BodyKind.UNIT_MEETING, BodyKind.WEEKLY, BodyKind.DAILY})


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    DEPUTY = "deputy", _("Deputy")


class UnitVoters(models.TextChoices):
    """Who may vote at a unit's meetings: a setting of the statutes."""

    STAFF = "staff", _("The unit's cooperators and leader")
    STAFF_AND_PARTICIPANTS = (
        "staff_and_participants",
        _("The unit's cooperators, leader and participants"),
    )
    MEMBERS = "members", _("Only members of the cooperative who work in the unit")


class TieRule(models.TextChoices):
    CHAIR = "chair", _("The chair's casting vote")
    LOT = "lot", _("Drawing lots")
    REJECTED = "rejected", _("The proposal falls")


class MatterKind(models.TextChoices):
    GENERAL = "general", _("General matter")
    PURCHASE = "purchase", _("Purchase")
    WORK_DISTRIBUTION = "work_distribution", _("Distribution of work")
    HIRING = "hiring", _("Hiring")
    INVESTMENT = "investment", _("Investment")
    POLICY = "policy", _("Policy")
    STATUTE_CHANGE = "statute_change", _("Change of the statutes")
    ANNUAL_ACCOUNTS = "annual_accounts", _("Adoption of the accounts")
    DISPOSITION_OF_RESULT = "disposition_of_result", _("Disposition of the result")
    DISCHARGE = "discharge", _("Discharge of the board")
    ELECTION = "election", _("Election")
    DISSOLUTION = "dissolution", _("Dissolution or merger")


# What only the general assembly decides (lag om ekonomiska föreningar 7 kap.).
ASSEMBLY_ONLY_KINDS = frozenset(
    {
        MatterKind.STATUTE_CHANGE,
        MatterKind.ANNUAL_ACCOUNTS,
        MatterKind.DISPOSITION_OF_RESULT,
        MatterKind.DISCHARGE,
        MatterKind.ELECTION,
        MatterKind.DISSOLUTION,
    }
)
# What a unit's bodies may decide only under a delegation from the board.
DELEGATED_KINDS = frozenset(
    {MatterKind.PURCHASE, MatterKind.HIRING, MatterKind.INVESTMENT, MatterKind.POLICY}
)


class DecisionRule(models.TextChoices):
    SIMPLE = "simple", _("Simple majority")
    QUALIFIED = "qualified", _("Qualified majority")
    CONSENSUS = "consensus", _("Consensus")


class SubmissionKind(models.TextChoices):
    MATTER = "matter", _("Matter for decision")
    PROPOSAL = "proposal", _("Proposal from a participant")
    MOTION = "motion", _("Motion")


class MatterStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SCHEDULED = "scheduled", _("On the agenda")
    DEFERRED = "deferred", _("Waiting for the next meeting")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary")
    EXTRA = "extra", _("Extra")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting", "Planned")
    CALLED = "called", _("Called")
    OPEN = "open", _("In session")
    CLOSED = "closed", pgettext_lazy("meeting", "Closed")


class AgendaItemKind(models.TextChoices):
    STANDARD = "standard", _("Item")
    ECONOMIC_REPORTS = "economic_reports", _("Economic reports")
    MATTERS = "matters", _("Matters for decision")
    PROPOSALS = "proposals", _("Proposals from participants")
    MOTIONS = "motions", _("Motions")
    PENDING_DECISIONS = "pending_decisions", _("Decisions not yet carried out")
    ELECTIONS = "elections", _("Elections")
    NEXT_MEETING = "next_meeting", _("Next meeting")
    MATTER = "matter", _("A submitted matter")


class VoteMethod(models.TextChoices):
    ACCLAMATION = "acclamation", _("Acclamation with counts")
    ROLL_CALL = "roll_call", _("Roll call")
    SECRET = "secret", _("Secret ballot")


class VoteStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    TIE = "tie", _("Tie: waiting for the chair")
    ELECTED = "elected", _("Elected")


class DecisionManner(models.TextChoices):
    UNANIMOUS = "unanimous", _("Unanimously")
    CONSENSUS = "consensus", _("By consensus")
    VOTE = "vote", _("By vote")


class ExecutionStatus(models.TextChoices):
    PENDING = "pending", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Carried out")
    NOT_APPLICABLE = "not_applicable", _("Nothing to carry out")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LOCKED = "locked", _("Approved and locked")
