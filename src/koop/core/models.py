"""Core: what every app shares and nothing else. The audit trail lives here.

Core must never import an app above it (organisation, people, ...): apps stand on core."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change made through a service: who, when, what, before and after.

    Written in the same transaction as the change itself, never updated or deleted
    afterwards: the database refuses both (migration 0004). So a login that has acted is
    never deleted either (it would blank its rows here); it is deactivated."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field whose value differs."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class VatRate(models.Model):
    """A VAT rate and the day it applies from: rates change by law, so they are data."""

    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    label = models.CharField(_("label"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("VAT rate")
        verbose_name_plural = _("VAT rates")
        ordering = ["-rate", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["rate", "valid_from"], name="vat_rate_unique_from"),
            models.CheckConstraint(
                condition=models.Q(rate__gte=0) & models.Q(rate__lt=100), name="vat_rate_range"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="vat_rate_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rate.normalize()} %"


class ScheduledRun(models.Model):
    """One scheduled job enqueued for one period: the key that makes ``koop schedule
    run-due`` enqueue each job once per period however often it runs."""

    name = models.CharField(max_length=100)
    period = models.CharField(max_length=20)
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_id = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "period"], name="scheduled_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.period}"
