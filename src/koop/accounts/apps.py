from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _decide_second_factor(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    # Every way of signing in goes through django.contrib.auth.login, which sends this:
    # the login page, the admin, and the tests' force_login alike.
    from koop.accounts.session import decide_at_sign_in

    if request is not None and getattr(request, "session", None) is not None:
        decide_at_sign_in(request, user)


class AccountsConfig(AppConfig):
    name = "koop.accounts"
    label = "accounts"
    verbose_name = _("Sign-in")
    # What the audit trail calls each action this app's services record.
    audit_actions = {
        "two_factor_enable": _("Two-factor sign-in turned on"),
        "two_factor_disable": _("Two-factor sign-in turned off"),
        "recovery_codes_renew": _("New recovery codes made"),
        "recovery_code_use": _("Signed in with a recovery code"),
        "sign_in_lock_out": _("Sign-in locked after failed attempts"),
        "sign_in_unlock": _("Sign-in lock lifted"),
        "password_change": _("Password changed"),
    }

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from koop.accounts.lockout import record_lockout

        user_logged_in.connect(_decide_second_factor, dispatch_uid="koop-second-factor")
        user_locked_out.connect(record_lockout, dispatch_uid="koop-lockout-audit")
