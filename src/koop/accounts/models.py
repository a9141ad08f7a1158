"""Accounts: how people sign in. The second factor (an authenticator app, TOTP, kept by
django-otp, and recovery codes kept here), who must have one, and the lock-out of failed
sign-ins (django-axes).

Responsible for: the sign-in steps after the password, the requirement of a second
factor for the roles that see the most (administrators, central finance, the readers of
participants' case files), recovery codes, and the audit rows of all of it.

Must never: store a recovery code itself (only its SHA-256 digest), show a secret or a
recovery code after the moment it is made, or let a password alone replace an existing
second factor."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin


def normalise_recovery_code(token: str) -> str:
    """What a recovery code is compared by: its letters and digits, upper case."""
    return "".join(ch for ch in token.upper() if ch.isalnum())


def recovery_code_digest(token: str) -> str:
    return hashlib.sha256(normalise_recovery_code(token).encode()).hexdigest()


class RecoveryCodeSet(ThrottlingMixin, Device):
    """A user's recovery codes as one django-otp device: each code signs in once."""

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token: Any) -> bool:
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        digest = recovery_code_digest(str(token))
        with transaction.atomic():
            code = self.codes.filter(digest=digest, used_at__isnull=True).first()
            # The update is the test: of two requests using one code at once, one wins.
            used = (
                code is not None
                and RecoveryCode.objects.filter(pk=code.pk, used_at__isnull=True).update(
                    used_at=timezone.now()
                )
                == 1
            )
        if used:
            self.throttle_reset(commit=True)
        else:
            self.throttle_increment(commit=True)
        return used

    def unused_count(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()


class RecoveryCode(models.Model):
    """One recovery code, by its digest; ``used_at`` once it has signed someone in."""

    device = models.ForeignKey(RecoveryCodeSet, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["device", "digest"], name="recovery_code_unique")
        ]

    def __str__(self) -> str:
        return str(_("Recovery code"))
