"""Special-category personal data (GDPR art. 9), kept apart, encrypted, every read logged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koop.people.models import Person

# The sections of a case file; each is stored as a Fernet token, never in clear.
CASE_FILE_SECTIONS = ("health", "disability", "background")


class CaseFile(models.Model):
    """Health, disability and background of one participant, encrypted at rest.

    Only ``koop.participants.services.casefile`` decrypts it, and every decryption writes a
    ``CaseFileAccessLog`` row in the same transaction."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="case_file")
    health = models.TextField(_("health (encrypted)"), blank=True)
    disability = models.TextField(_("disability (encrypted)"), blank=True)
    background = models.TextField(_("background (encrypted)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")

    def __str__(self) -> str:
        return f"#{self.pk}"


class CaseFileAction(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Changed")
    EXTRACT = "extract", _("Register extract")
    ANONYMISE = "anonymise", _("Anonymised")


class CaseFileAccessLog(models.Model):
    """Who opened whose case file, when, and why. Written, never changed or deleted (the
    database refuses both), so a login that read a case file is never deleted either."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=CaseFileAction.choices)

    class Meta:
        verbose_name = _("case file access")
        verbose_name_plural = _("case file access log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.person_id}"


class CaseReader(models.Model):
    """A login that may read every participant's case file (e.g. the group's rehabilitation
    coordinator). Granted by an administrator, one row per login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_reader"
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("why"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("case file reader")
        verbose_name_plural = _("case file readers")

    def __str__(self) -> str:
        return str(self.user)


class Anonymisation(models.Model):
    """Marks a participant whose personal details were anonymised after the retention time,
    so the command that does it can run again without touching them twice."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="+")
    anonymised_at = models.DateTimeField(_("anonymised"), auto_now_add=True)
    personal_details = models.BooleanField(
        _("personal details anonymised"),
        help_text=_(
            "False when the person is still employed or a member: only the case file "
            "was anonymised."
        ),
    )

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")

    def __str__(self) -> str:
        return f"{self.person_id} {self.anonymised_at:%Y-%m-%d}"
