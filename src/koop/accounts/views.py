"""Signing in (password, then the second factor), setting up an authenticator app, the
recovery codes, and each user's own page about how they sign in."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koop.accounts import totp
from koop.accounts.forms import CodeForm
from koop.accounts.models import RecoveryCodeSet
from koop.accounts.selectors import (
    authenticator_of,
    has_second_factor,
    recovery_codes_of,
    two_factor_required,
)
from koop.accounts.services import (
    password_change,
    recovery_codes_renew,
    second_factor_verify,
    two_factor_disable,
    two_factor_enable,
)
from koop.accounts.session import PENDING_KEY_KEY, Step, mark_verified, pending_step
from koop.core.access import require
from koop.core.errors import KoopValidationError
from koop.core.forms import add_service_errors


def _next_url(request: HttpRequest) -> str:
    """Where to go once signed in: the ``next`` asked for, if it is Koop's own."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _signed_in(request: HttpRequest) -> User:
    """The user of a view behind ``login_required``."""
    return cast(User, request.user)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def two_factor_off_in_demo() -> bool:
    """Whether the login page says that the demo signs in with the password alone."""
    return bool(settings.KOOP_DEMO and not settings.KOOP_REQUIRE_TWO_FACTOR)


class SignInView(LoginView):
    """The password step. A user who owes a second factor goes on to it."""

    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        step = pending_step(self.request)
        if step is None:
            return response
        target = "accounts:setup" if step is Step.ENROL else "accounts:verify"
        return redirect(_with_next(target, self.get_success_url()))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["two_factor_off_in_demo"] = two_factor_off_in_demo()
        return context


def admin_login(request: HttpRequest) -> HttpResponse:
    """The Django admin signs in through Koop's own login page and its second factor."""
    return redirect(f"{reverse('login')}?{urlencode({'next': _next_url(request)})}")


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: the code of the user's authenticator app, or a recovery code."""
    next_url = _next_url(request)
    step = pending_step(request)
    if step is None:
        return redirect(next_url)
    if step is Step.ENROL:
        return redirect(_with_next("accounts:setup", next_url))
    form = CodeForm(request.POST or None, recovery=True)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_verify(
                user=_signed_in(request), token=form.cleaned_data["token"]
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            mark_verified(request, device)
            if isinstance(device, RecoveryCodeSet):
                left = device.unused_count()
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code. %(left)d are left: make new "
                        "ones on your own page if you are running out."
                    )
                    % {"left": left},
                )
            return redirect(next_url)
    if form.errors:
        status = 422
    return render(request, "accounts/verify.html", {"form": form, "next": next_url}, status=status)


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Setting up an authenticator app: a QR code and the secret in text, then the first
    code to confirm it; the recovery codes are shown once, on the answer."""
    user = _signed_in(request)
    next_url = _next_url(request)
    # A password alone never replaces an app already set up: its code comes first.
    if has_second_factor(user) and pending_step(request) is not None:
        return redirect(_with_next("accounts:verify", next_url))
    key = request.session.get(PENDING_KEY_KEY)
    if not isinstance(key, str):
        key = totp.new_key()
        request.session[PENDING_KEY_KEY] = key
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor_enable(
                user=user,
                key=key,
                token=form.cleaned_data["token"],
                acting_user=user,
            )
        except KoopValidationError as error:
            add_service_errors(form, error)
        else:
            mark_verified(request, device)
            return _show_recovery_codes(request, codes, next_url)
    if form.errors:
        status = 422
    username = user.get_username()
    uri = totp.provisioning_uri(key, username)
    context = {
        "form": form,
        "next": next_url,
        "qr": totp.qr_svg(uri, title=_("QR code for your authenticator app")),
        "secret": totp.secret_text(key),
        "issuer": settings.OTP_TOTP_ISSUER,
        "username": username,
        "required": two_factor_required(user),
        "replacing": has_second_factor(user),
    }
    return render(request, "accounts/setup.html", context, status=status)


def _show_recovery_codes(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """A user's own page about how they sign in."""
    user = _signed_in(request)
    app = authenticator_of(user)
    codes = recovery_codes_of(user)
    return render(
        request,
        "accounts/security.html",
        {
            "app": app,
            "codes_left": codes.unused_count() if codes is not None else 0,
            "required": two_factor_required(user),
        },
    )


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    require(has_second_factor(user))
    codes = recovery_codes_renew(user=user, acting_user=user)
    return _show_recovery_codes(request, codes, reverse("accounts:security"))


@login_required
def two_factor_off(request: HttpRequest) -> HttpResponseBase:
    """Turning two-factor sign-in off, for a user who need not have it."""
    user = _signed_in(request)
    require(has_second_factor(user) and not two_factor_required(user))
    if request.method == "POST" and request.POST.get("confirmed") == "yes":
        two_factor_disable(user=user, acting_user=user)
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("accounts:security")
    return render(
        request,
        "koop/confirm.html",
        {
            "title": _("Turn off two-factor sign-in"),
            "question": _("Sign in with your password alone from now on?"),
            "consequences": [
                _("Your authenticator app and your recovery codes stop working for Koop."),
                _("You can turn two-factor sign-in on again at any time."),
            ],
            "confirm_label": _("Turn off"),
            "cancel_url": reverse("accounts:security"),
            "action_url": reverse("accounts:two-factor-off"),
            "danger": True,
        },
    )


@login_required
def password(request: HttpRequest) -> HttpResponse:
    """A new password, checked by the password validators."""
    user = _signed_in(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_change(
            user=user, new_password=form.cleaned_data["new_password1"], acting_user=user
        )
        update_session_auth_hash(request, user)  # this session goes on
        messages.success(request, _("Your password is changed."))
        return redirect("accounts:security")
    return render(
        request,
        "koop/form.html",
        {"form": form, "title": _("Change password"), "cancel_url": reverse("accounts:security")},
        status=422 if form.errors else 200,
    )
