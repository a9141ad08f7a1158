"""The link to Fortnox: tokens (encrypted at rest) and what has been pushed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from koop.ledger.models.vouchers import Voucher


class FortnoxConnection(models.Model):
    """One per installation. Tokens are Fernet-encrypted (see ``koop.ledger.fortnox.secrets``)."""

    access_token = models.TextField(blank=True)
    refresh_token = models.TextField(blank=True)
    access_expires_at = models.DateTimeField(null=True, blank=True)
    connected_at = models.DateTimeField(null=True, blank=True)
    last_sync_at = models.DateTimeField(_("last sync"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    oauth_state = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("Fortnox connection")
        verbose_name_plural = _("Fortnox connections")

    def __str__(self) -> str:
        return "Fortnox"


class FortnoxPush(models.Model):
    voucher = models.OneToOneField(Voucher, on_delete=models.PROTECT, related_name="fortnox_push")
    fortnox_series = models.CharField(max_length=10)
    fortnox_number = models.PositiveIntegerField()
    pushed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voucher pushed to Fortnox")
        verbose_name_plural = _("vouchers pushed to Fortnox")

    def __str__(self) -> str:
        return f"{self.voucher} → {self.fortnox_series}{self.fortnox_number}"
