"""The statutes (as settings), the bodies that decide, board seats and agenda templates."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from koop.governance.models.choices import (
    AgendaItemKind,
    BodyKind,
    DecisionRule,
    MatterKind,
    SeatRole,
    TieRule,
    UnitVoters,
)
from koop.organisation.models import Cooperative, Unit
from koop.people.models import Person


class Statutes(models.Model):
    """The cooperative's statutes, as far as Koop applies them."""

    cooperative = models.OneToOneField(
        Cooperative, on_delete=models.PROTECT, related_name="statutes"
    )
    motion_deadline_days = models.PositiveSmallIntegerField(
        _("motions due (days before the ordinary general assembly)"), default=56
    )
    unit_voters = models.CharField(
        _("who votes at a unit's meetings"),
        max_length=30,
        choices=UnitVoters.choices,
        default=UnitVoters.STAFF_AND_PARTICIPANTS,
    )
    # A tied election is always decided by lot (lag om ekonomiska föreningar 7 kap. 39 §).
    tie_rule = models.CharField(
        _("a tied vote is decided by"),
        max_length=10,
        choices=TieRule.choices,
        default=TieRule.CHAIR,
    )

    class Meta:
        verbose_name = _("statutes")
        verbose_name_plural = _("statutes")

    def __str__(self) -> str:
        return str(_("Statutes of %(name)s") % {"name": self.cooperative})


class BodyRule(models.Model):
    """What the statutes say about one kind of body."""

    statutes = models.ForeignKey(Statutes, on_delete=models.CASCADE, related_name="body_rules")
    body_kind = models.CharField(_("body"), max_length=20, choices=BodyKind.choices)
    notice_min_days = models.PositiveSmallIntegerField(
        _("notice at the latest (days before)"), default=0
    )
    notice_max_days = models.PositiveSmallIntegerField(
        _("notice at the earliest (days before)"), null=True, blank=True
    )
    extra_notice_min_days = models.PositiveSmallIntegerField(
        _("notice of an extra meeting at the latest (days before)"), default=0
    )
    matter_deadline_days = models.PositiveSmallIntegerField(
        _("matters due (days before the meeting)"), default=0
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (per cent of those entitled to vote)"), default=0
    )
    quorum_exceeds = models.BooleanField(
        _("more than the quorum share must be present"), default=False
    )
    proxies_allowed = models.BooleanField(_("proxies allowed"), default=False)
    max_proxies_per_holder = models.PositiveSmallIntegerField(
        _("members one proxy holder may represent"), default=1
    )
    default_decision_rule = models.CharField(
        _("decision rule"),
        max_length=10,
        choices=DecisionRule.choices,
        default=DecisionRule.SIMPLE,
    )

    class Meta:
        verbose_name = _("rule for a body")
        verbose_name_plural = _("rules for bodies")
        constraints = [
            models.UniqueConstraint(fields=["statutes", "body_kind"], name="body_rule_unique"),
            models.CheckConstraint(
                condition=Q(quorum_percent__lte=100), name="body_rule_quorum_percent"
            ),
            models.CheckConstraint(
                condition=Q(notice_max_days__isnull=True)
                | Q(notice_max_days__gte=F("notice_min_days")),
                name="body_rule_notice_window",
                violation_error_message=_("The earliest notice must come before the latest."),
            ),
        ]

    def __str__(self) -> str:
        return str(BodyKind(self.body_kind).label)


class QualifiedMajority(models.Model):
    """A kind of matter that needs more than half of the votes cast, and how much more."""

    statutes = models.ForeignKey(
        Statutes, on_delete=models.CASCADE, related_name="qualified_majorities"
    )
    matter_kind = models.CharField(_("kind of matter"), max_length=30, choices=MatterKind.choices)
    numerator = models.PositiveSmallIntegerField(_("numerator"))
    denominator = models.PositiveSmallIntegerField(_("denominator"))

    class Meta:
        verbose_name = _("qualified majority")
        verbose_name_plural = _("qualified majorities")
        constraints = [
            models.UniqueConstraint(
                fields=["statutes", "matter_kind"], name="qualified_majority_unique"
            ),
            models.CheckConstraint(
                condition=Q(denominator__gt=0)
                & Q(numerator__lte=F("denominator"))
                & Q(numerator__gt=0),
                name="qualified_majority_is_a_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{MatterKind(self.matter_kind).label}: {self.numerator}/{self.denominator}"


class Body(models.Model):
    """A body that meets and decides: the general assembly, the board, a unit's meetings."""

    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="bodies")
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "kind"],
                condition=Q(unit__isnull=True),
                name="body_central_kind_unique",
            ),
            models.UniqueConstraint(fields=["unit", "kind"], name="body_unit_kind_unique"),
            models.CheckConstraint(
                condition=(Q(kind__in=["general_assembly", "board"]) & Q(unit__isnull=True))
                | (Q(kind__in=["unit_meeting", "weekly", "daily"]) & Q(unit__isnull=False)),
                name="body_unit_matches_kind",
                violation_error_message=_(
                    "A unit's meetings belong to a unit; the general assembly and the board "
                    "to none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_unit_body(self) -> bool:
        return self.unit_id is not None


class BoardSeat(models.Model):
    """A seat on the board held by one person for a term."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="seats")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="board_seats")
    role = models.CharField(_("role"), max_length=10, choices=SeatRole.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    # The general assembly's election the seat came from (empty: recorded by hand).
    election = models.ForeignKey(
        "governance.Vote",
        verbose_name=_("election"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_seats",
    )

    class Meta:
        verbose_name = _("board seat")
        verbose_name_plural = _("board seats")
        ordering = ["role", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="board_seat_ends_after_it_starts",
                violation_error_message=_("A term cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["election", "person"], name="board_seat_once_per_election"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {SeatRole(self.role).label}"


class AgendaTemplate(models.Model):
    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="agenda_template")

    class Meta:
        verbose_name = _("agenda template")
        verbose_name_plural = _("agenda templates")

    def __str__(self) -> str:
        return str(_("Agenda of %(body)s") % {"body": self.body})


class AgendaTemplateItem(models.Model):
    template = models.ForeignKey(AgendaTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=AgendaItemKind.choices, default=AgendaItemKind.STANDARD
    )
    matter_kind = models.CharField(
        _("kind of matter"), max_length=30, choices=MatterKind.choices, blank=True
    )

    class Meta:
        verbose_name = _("agenda template item")
        verbose_name_plural = _("agenda template items")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title
