"""Where a signed-in session stands with its second factor.

After the password, a session is either done (the user needs no second factor, or has
given it) or waits for one: the code of the user's app (``VERIFY``), or, for a user who
must have a second factor and has none yet, setting one up (``ENROL``). A session that
waits reaches only those steps and the logout.

Whether a user needs no second factor is decided when they sign in and kept in the
session, so an ordinary request asks nothing of the database for it. A session that has
given its code is known by django-otp's own mark (``OTPMiddleware`` loads the device it
names, so a device removed in the admin stops counting at once)."""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device

from koop.accounts.selectors import has_second_factor, two_factor_required

# {"user": pk} while the session's user needs no second factor.
NOT_NEEDED_KEY = "koop_no_second_factor"
# The secret of an authenticator app being set up, until its first code confirms it.
PENDING_KEY_KEY = "koop_pending_totp_key"


class Step(StrEnum):
    VERIFY = "verify"
    ENROL = "enrol"


def _is_verified(request: HttpRequest) -> bool:
    user = request.user
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified()) if callable(is_verified) else False


def decide_at_sign_in(request: HttpRequest, user: AbstractBaseUser) -> None:
    """Note in the session whether ``user``, who just signed in with a password, needs a
    second factor. Signing in again asks for the code again."""
    session = request.session
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session.pop(NOT_NEEDED_KEY, None)
    session.pop(PENDING_KEY_KEY, None)
    if not has_second_factor(user) and not two_factor_required(user):
        session[NOT_NEEDED_KEY] = {"user": user.pk}


def pending_step(request: HttpRequest) -> Step | None:
    """The step the session still has to take, or None when it is done."""
    user: AbstractBaseUser | AnonymousUser = request.user
    if not user.is_authenticated:
        return None
    if _is_verified(request):
        return None
    noted = request.session.get(NOT_NEEDED_KEY)
    if isinstance(noted, dict) and noted.get("user") == user.pk:
        return None
    if has_second_factor(user):
        return Step.VERIFY
    if two_factor_required(user):
        return Step.ENROL
    # Signed in some other way than the login page (nothing noted): decided now, once.
    request.session[NOT_NEEDED_KEY] = {"user": user.pk}
    return None


def mark_verified(request: HttpRequest, device: Device) -> None:
    """The session has given its second factor with ``device``; it gets a new key, as at
    any change of what a session may do."""
    request.session.cycle_key()
    otp_login(request, device)
    request.session.pop(PENDING_KEY_KEY, None)
    request.session.pop(NOT_NEEDED_KEY, None)
