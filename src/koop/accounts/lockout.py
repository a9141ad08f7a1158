"""How django-axes fits Koop: the address a sign-in comes from, the page shown when
signing in is locked, and the audit row of a lock-out."""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from koop.accounts.services import sign_in_lockout_record
from koop.accounts.views import two_factor_off_in_demo


def client_ip(request: HttpRequest) -> str | None:
    """The address of the person signing in. Koop runs behind nginx (see the README),
    which appends the address it saw to X-Forwarded-For: the last entry is the one to
    trust, since any before it came from the client itself."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if hops:
        return hops[-1]
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


class SignInAttempts(AxesDatabaseHandler):
    """django-axes' database handler with a limit of its own for an address: the people
    of one office share its address, so one person's typos must not lock them all out.
    An account is locked after ``AXES_FAILURE_LIMIT`` failures, an address after
    ``KOOP_SIGN_IN_ADDRESS_FAILURE_LIMIT``."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        # One queryset per lockout parameter, in the order of AXES_LOCKOUT_PARAMETERS.
        by_account, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        account_limit = settings.AXES_FAILURE_LIMIT
        address_limit = settings.KOOP_SIGN_IN_ADDRESS_FAILURE_LIMIT
        # In steps of the account's limit, which axes compares the answer with.
        return max(int(by_account), int(by_address) * account_limit // address_limit)

    def user_login_failed(
        self,
        sender: Any,
        credentials: dict[str, Any],
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> None:
        if request is not None:
            # Whether this failure is the one that locks (see ``record_lockout``).
            request.koop_locked_before = self.is_locked(request, credentials)  # type: ignore[attr-defined]
        super().user_login_failed(sender, credentials, request, **kwargs)


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page again, saying that signing in is locked for now (429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    # Unbound: a bound form would try the password once more.
    form = AuthenticationForm(request, initial={"username": username})
    return TemplateResponse(
        request,
        "registration/login.html",
        {
            "form": form,
            "locked_out": True,
            "lockout_minutes": lockout_minutes(),
            "next": request.POST.get("next", ""),
            "two_factor_off_in_demo": two_factor_off_in_demo(),
        },
        status=429,
    ).render()


def record_lockout(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    """Receives django-axes' ``user_locked_out``, which it sends for the failure that
    reaches the limit and again for every failure while locked: the audit row is written
    once, for the first."""
    if getattr(request, "koop_locked_before", True) is False:
        sign_in_lockout_record(username=username, ip_address=ip_address)
