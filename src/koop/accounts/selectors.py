"""Who must sign in with a second factor, and the second factors a user has."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from koop.accounts.models import RecoveryCodeSet
from koop.core.access import Role
from koop.participants.access import is_case_reader
from koop.participants.models import Placement
from koop.people.selectors import principal_for_user


def two_factor_required(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether ``user`` must sign in with a second factor: the administrators (and anyone
    let into the Django admin), central finance, and everyone who can read participants'
    case files (``koop.participants.access.can_read_case_file``: unit leaders, the
    supervisors of a placement that is running or still to come, and the case readers).
    Nobody must while ``KOOP_REQUIRE_TWO_FACTOR`` is off."""
    if not settings.KOOP_REQUIRE_TWO_FACTOR or not user.is_authenticated:
        return False
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    principal = principal_for_user(user)
    if principal.has_any(Role.ADMIN, Role.FINANCE) or principal.led_unit_ids:
        return True
    if is_case_reader(principal):
        return True
    return principal.person_id is not None and (
        Placement.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate()),
            supervisor_id=principal.person_id,
        ).exists()
    )


def authenticator_of(user: AbstractBaseUser) -> TOTPDevice | None:
    """The user's authenticator app (one at most), if it is set up."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def has_second_factor(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def recovery_codes_of(user: AbstractBaseUser) -> RecoveryCodeSet | None:
    return RecoveryCodeSet.objects.filter(user_id=user.pk, confirmed=True).first()
