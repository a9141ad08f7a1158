"""Votes and elections: the options, who has voted, and the anonymous ballots.

A secret ballot is two tables that share nothing but the vote: ``VoterReceipt`` says who
has voted (and is unique per vote and person, so nobody votes twice) and ``Ballot`` holds
a choice with no voter and no time. Both are keyed by random numbers, so neither the keys
nor the order of the rows tells in which order people voted.

While a vote is open, PostgreSQL still keeps a ballot beside its receipt: both are written
in one transaction (the same ``xmin``) and stored in the order of casting. So the closing
transaction moves every ballot into ``CountedBallot``, in a random order under fresh random
keys, and deletes the cast ones: after the close all counted ballots of a vote share the
closing transaction and carry no casting order. The database allows exactly that move and
nothing else (migration 0007)."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koop.governance.models.choices import DecisionRule, Outcome, VoteMethod, VoteStatus
from koop.governance.models.meetings import AgendaItem, Meeting
from koop.people.models import Person


def random_id() -> int:
    return secrets.randbits(62) + 1


class RandomIdField(models.BigIntegerField):
    """A primary key drawn at random. On SQLite it is the rowid itself (``integer primary
    key``), so the table is stored in random order rather than in the order of inserts."""

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "koop.governance.models.voting.RandomIdField", args, kwargs


class Vote(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="votes")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="votes"
    )
    question = models.CharField(_("question"), max_length=300)
    method = models.CharField(_("method"), max_length=12, choices=VoteMethod.choices)
    is_election = models.BooleanField(_("election"), default=False)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    decision_rule = models.CharField(
        _("decision rule"),
        max_length=10,
        choices=DecisionRule.choices,
        default=DecisionRule.SIMPLE,
    )
    # The majority needed, copied from the statutes when the vote opens.
    required_numerator = models.PositiveSmallIntegerField(default=1)
    required_denominator = models.PositiveSmallIntegerField(default=2)
    status = models.CharField(
        _("status"), max_length=10, choices=VoteStatus.choices, default=VoteStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    entitled_count = models.PositiveIntegerField(_("votes in the register"), default=0)
    yes_count = models.PositiveIntegerField(null=True, blank=True)
    no_count = models.PositiveIntegerField(null=True, blank=True)
    abstain_count = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    tie_broken_by = models.CharField(_("tie broken by"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["opened_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="vote_at_least_one_seat"),
            models.CheckConstraint(
                condition=Q(required_denominator__gt=0)
                & Q(required_numerator__lte=F("required_denominator")),
                name="vote_required_share",
            ),
            models.CheckConstraint(
                condition=Q(is_election=False) | ~Q(method="acclamation"),
                name="vote_election_by_ballot",
                violation_error_message=_("An election is held by ballot or roll call."),
            ),
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def is_secret(self) -> bool:
        return self.method == VoteMethod.SECRET

    @property
    def is_open(self) -> bool:
        return self.status == VoteStatus.OPEN


class OptionRole(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")
    CANDIDATE = "candidate", _("Candidate")


class VoteOption(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=10, choices=OptionRole.choices)
    label = models.CharField(_("option"), max_length=200)
    candidate = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField(null=True, blank=True)
    elected = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["vote", "position"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "position"], name="vote_option_position"),
        ]

    def __str__(self) -> str:
        return self.label


class VoterReceipt(models.Model):
    """That ``person``'s vote was cast (by them or their proxy holder): never what it was."""

    id = RandomIdField(primary_key=True, default=random_id, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="receipts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("voter receipt")
        verbose_name_plural = _("voter receipts")
        constraints = [
            models.UniqueConstraint(fields=["vote", "person"], name="voter_receipt_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ✓"


class Ballot(models.Model):
    """One mark on an anonymous ballot; ``option`` empty is a blank ballot."""

    id = RandomIdField(primary_key=True, default=random_id, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="ballots")
    option = models.ForeignKey(
        VoteOption, null=True, blank=True, on_delete=models.PROTECT, related_name="ballots"
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(_("ballot"))


class CountedBallot(models.Model):
    """One mark of a closed vote, rewritten at the close in random order; never changed."""

    id = RandomIdField(primary_key=True, default=random_id, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="counted_ballots")
    option = models.ForeignKey(
        VoteOption, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(_("ballot"))


class RollCallEntry(models.Model):
    """How a named voter voted in an open roll call (never in a secret ballot)."""

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="roll_call")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(
        VoteOption, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("roll-call entry")
        verbose_name_plural = _("roll-call entries")
        constraints = [
            models.UniqueConstraint(fields=["vote", "person", "option"], name="roll_call_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.option}"
