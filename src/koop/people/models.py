"""People: persons, their memberships of the cooperative, employments and roles.

Responsible for who someone is and how they belong to the group. It must never hold a
participant's case (that is the participants app) nor show a personnummer unmasked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koop.core.access import ROLE_LABELS, Role
from koop.core.identifiers import mask_personnummer, validate_personnummer
from koop.organisation.models import Cooperative, Unit


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other / non-binary")


class Person(models.Model):
    cooperative = models.ForeignKey(Cooperative, on_delete=models.PROTECT, related_name="persons")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # NULL rather than "" when unknown, so the uniqueness constraint allows many unknowns.
    personnummer = models.CharField(  # noqa: DJ001
        _("personnummer"),
        max_length=13,
        null=True,
        blank=True,
        validators=[validate_personnummer],
        help_text=_("Optional. YYYYMMDD-NNNN; shown masked."),
    )
    # Self-reported, optional, and stored only with the person's recorded consent.
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    other_background = models.BooleanField(
        _("other ethnic background (self-reported)"), null=True, blank=True
    )
    self_report_consent_at = models.DateTimeField(
        _("consent to self-reported data given"), null=True, blank=True
    )
    self_report_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "personnummer"],
                name="person_personnummer_unique_per_cooperative",
                violation_error_message=_("Another person already has this personnummer."),
            ),
            models.CheckConstraint(
                condition=(Q(gender="") & Q(other_background__isnull=True))
                | Q(self_report_consent_at__isnull=False),
                name="person_self_report_needs_consent",
                violation_error_message=_(
                    "Gender and background may only be stored with the person's consent."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def personnummer_masked(self) -> str:
        return mask_personnummer(self.personnummer or "")


class Membership(models.Model):
    """Membership of the cooperative: one member, one vote, for as long as it runs."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.PROTECT, related_name="memberships"
    )
    started_on = models.DateField(_("member from"))
    ended_on = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="membership_ends_after_it_starts",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.started_on}–{self.ended_on or ''})"


class EmploymentKind(models.TextChoices):
    COOPERATOR = "cooperator", _("Cooperator")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    CENTRAL = "central", _("Central staff")


class Employment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="employments")
    kind = models.CharField(_("kind"), max_length=20, choices=EmploymentKind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employments",
    )
    title = models.CharField(_("title"), max_length=100, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    wage_step = models.PositiveSmallIntegerField(_("wage step"), default=1)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, default=40
    )

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="employment_ends_after_it_starts",
                violation_error_message=_("An employment cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(kind="central", unit__isnull=True)
                | (~Q(kind="central") & Q(unit__isnull=False)),
                name="employment_unit_matches_kind",
                violation_error_message=_(
                    "Cooperators and unit leaders belong to a unit; central staff to none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(wage_step__gte=1),
                name="employment_wage_step_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} {self.unit or ''}".strip()

    @property
    def description(self) -> str:
        """The kind of employment, with the title where it says more ("Kooperatör
        (snickare)"), never the same word twice ("Kooperatör (Kooperatör)")."""
        kind = str(self.get_kind_display())
        title = self.title.strip()
        if not title or title.casefold() == kind.casefold():
            return kind
        return f"{kind} ({title})"


class RoleAssignment(models.Model):
    """What a login may do: a central role, or a role in one unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, label) for r, label in ROLE_LABELS.items()]
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique"),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(unit__isnull=True),
                name="central_role_assignment_unique",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=[r.value for r in Role if r.is_unit_role], unit__isnull=False)
                    | (
                        ~Q(role__in=[r.value for r in Role if r.is_unit_role])
                        & Q(unit__isnull=True)
                    )
                ),
                name="role_assignment_unit_matches_role",
                violation_error_message=_(
                    "Unit leaders, cooperators and participants hold their role in a unit; "
                    "other roles in none."
                ),
            ),
        ]

    def __str__(self) -> str:
        role = Role(self.role).label
        return f"{self.user}: {role} {self.unit or ''}".strip()
