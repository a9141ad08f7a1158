"""Every change to how someone signs in: turning the second factor on and off, recovery
codes, a sign-in with a code, a lock-out after failed sign-ins and its lifting, a new
password. Each writes its audit row in its transaction."""

from __future__ import annotations

import secrets
from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models, transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from koop.accounts import totp
from koop.accounts.models import (
    RecoveryCode,
    RecoveryCodeSet,
    normalise_recovery_code,
    recovery_code_digest,
)
from koop.core.audit import audit_record
from koop.core.errors import KoopValidationError

Actor = AbstractBaseUser | AnonymousUser | None

RECOVERY_CODE_COUNT = 10
# No 0/O, 1/I/L: a code copied from paper reads one way. 16 of these hold 80 bits.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECOVERY_CODE_LENGTH = 16


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_CODE_LENGTH, 4))


def _lock_user(user: AbstractBaseUser) -> None:
    """Two changes to one user's second factor at once queue here."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _replace_recovery_codes(user: AbstractBaseUser) -> list[str]:
    RecoveryCodeSet.objects.filter(user_id=user.pk).delete()
    device = RecoveryCodeSet.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_code_digest(code)) for code in codes
    )
    return codes


def two_factor_enable(
    *, user: AbstractBaseUser, key: str, token: str, acting_user: Actor
) -> tuple[TOTPDevice, list[str]]:
    """Turn on two-factor sign-in with the authenticator app holding ``key``, once
    ``token`` (the code the app shows) proves it has it. An app set up before and its
    recovery codes are replaced. Returns the device and the new recovery codes, which are
    never shown again."""
    step = totp.matching_step(key, token)
    if step is None:
        raise KoopValidationError(
            _("That code is not right. Type the six digits your app shows now."), field="token"
        )
    with transaction.atomic():
        _lock_user(user)
        replaced = TOTPDevice.objects.filter(user_id=user.pk).delete()[0] > 0
        device = TOTPDevice.objects.create(
            user=user,
            name=_("Authenticator app"),
            key=key,
            step=totp.STEP_SECONDS,
            digits=totp.DIGITS,
            tolerance=totp.TOLERANCE,
            last_t=step,  # the code just typed does not sign in again
            confirmed=True,
        )
        codes = _replace_recovery_codes(user)
        audit_record(
            actor=acting_user,
            action="two_factor_enable",
            obj=user,
            before={"two_factor": replaced},
            after={"two_factor": True, "recovery_codes": len(codes)},
        )
    return device, codes


def two_factor_disable(*, user: AbstractBaseUser, acting_user: Actor) -> None:
    """Turn two-factor sign-in off for ``user``: the app and the recovery codes go. For a
    user who may, or for an administrator helping someone who lost their phone (they set
    it up again at their next sign-in if they must have it)."""
    with transaction.atomic():
        _lock_user(user)
        had = TOTPDevice.objects.filter(user_id=user.pk).delete()[0] > 0
        RecoveryCodeSet.objects.filter(user_id=user.pk).delete()
        audit_record(
            actor=acting_user,
            action="two_factor_disable",
            obj=user,
            before={"two_factor": had},
            after={"two_factor": False},
        )


def recovery_codes_renew(*, user: AbstractBaseUser, acting_user: Actor) -> list[str]:
    """New recovery codes for ``user`` (who has an authenticator app); the old ones stop
    working. Returns the codes, which are never shown again."""
    with transaction.atomic():
        _lock_user(user)
        if not TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists():
            raise KoopValidationError(_("Set up an authenticator app first."))
        codes = _replace_recovery_codes(user)
        audit_record(
            actor=acting_user,
            action="recovery_codes_renew",
            obj=user,
            before=None,
            after={"recovery_codes": len(codes)},
        )
    return codes


def second_factor_verify(*, user: AbstractBaseUser, token: str) -> Device:
    """The device of ``user`` that accepts ``token``: the six digits of the authenticator
    app, or one of the recovery codes (used up by it, with an audit row). Wrong codes slow
    down: after each, the device refuses for a time that doubles."""
    token = token.strip()
    digits = token.replace(" ", "")
    with transaction.atomic():
        device: TOTPDevice | RecoveryCodeSet | None
        if digits.isdigit():
            device = (
                TOTPDevice.objects.select_for_update()
                .filter(user_id=user.pk, confirmed=True)
                .first()
            )
            token = digits
        else:
            device = (
                RecoveryCodeSet.objects.select_for_update()
                .filter(user_id=user.pk, confirmed=True)
                .first()
            )
            token = normalise_recovery_code(token)
        if device is None:
            raise KoopValidationError(_("That code is not right."), field="token")
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            raise KoopValidationError(
                _("Too many wrong codes. Wait a minute and try again."), field="token"
            )
        verified = device.verify_token(token)
        if verified and isinstance(device, RecoveryCodeSet):
            audit_record(
                actor=user,
                action="recovery_code_use",
                obj=user,
                before=None,
                after={"recovery_codes_left": device.unused_count()},
            )
    if not verified:
        raise KoopValidationError(
            _("That code is not right. Try again with the code your app shows now."),
            field="token",
        )
    return device


def _attempt_subject(attempt: AccessAttempt) -> models.Model:
    """What a lock-out is recorded on: the account, if the name is one, else the attempt."""
    user = get_user_model().objects.filter(username=attempt.username).first()
    return user if user is not None else attempt


def sign_in_lockout_record(*, username: str | None, ip_address: str | None) -> None:
    """Record that failed sign-ins locked ``username`` or ``ip_address`` out."""
    with transaction.atomic():
        attempt = (
            AccessAttempt.objects.filter(username=username, ip_address=ip_address)
            .order_by("-attempt_time")
            .first()
        )
        details: dict[str, Any] = {"username": username, "ip_address": ip_address}
        subject: models.Model | None = None
        if attempt is not None:
            details["failures"] = attempt.failures_since_start
            subject = _attempt_subject(attempt)
        if subject is None:
            subject = get_user_model().objects.filter(username=username).first()
        if subject is None:
            return  # nothing to hang the row on: axes keeps its own record of the address
        audit_record(actor=None, action="sign_in_lock_out", obj=subject, before=None, after=details)


def sign_in_unlock(*, attempts: models.QuerySet[AccessAttempt], acting_user: Actor) -> int:
    """Lift lock-outs: the failed attempts go, and signing in works again at once.
    Returns how many attempts were removed."""
    with transaction.atomic():
        rows = list(attempts.select_for_update())
        for attempt in rows:
            audit_record(
                actor=acting_user,
                action="sign_in_unlock",
                obj=_attempt_subject(attempt),
                before={
                    "username": attempt.username,
                    "ip_address": attempt.ip_address,
                    "failures": attempt.failures_since_start,
                },
                after=None,
            )
        AccessAttempt.objects.filter(pk__in=[a.pk for a in rows]).delete()
    return len(rows)


def password_change(*, user: AbstractBaseUser, new_password: str, acting_user: Actor) -> None:
    """Give ``user`` a new password (the form has checked the old one and the validators).
    Every other session of the user ends with it."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(actor=acting_user, action="password_change", obj=user, before=None, after=None)
