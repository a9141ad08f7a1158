"""In the admin: lifting a sign-in lock and turning off someone's second factor (a lost
phone), each through its service so the audit trail has it. Nothing here shows a secret,
and nothing is deleted around the services."""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from koop.accounts.services import sign_in_unlock, two_factor_disable

admin.site.unregister(AccessAttempt)
admin.site.unregister(TOTPDevice)


@admin.register(AccessAttempt)
class SignInAttemptAdmin(AccessAttemptAdmin):
    actions = ["unlock"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # "Lift the lock" does it, with its audit row

    @admin.action(description=_("Lift the sign-in lock"), permissions=["change"])
    def unlock(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        count = sign_in_unlock(attempts=queryset, acting_user=request.user)
        self.message_user(
            request,
            ngettext(
                "Lifted the lock of %(count)d sign-in attempt.",
                "Lifted the lock of %(count)d sign-in attempts.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(TOTPDevice)
class AuthenticatorAdmin(TOTPDeviceAdmin):
    actions = ["turn_off"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # each person sets up their own app, on their own page

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # "Turn off" does it, with its audit row

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A device is only looked at; the "change" permission is what turning off asks.
        return obj is None and super().has_change_permission(request)

    @admin.action(
        description=_("Turn off two-factor sign-in (the person sets it up again)"),
        permissions=["change"],
    )
    def turn_off(self, request: HttpRequest, queryset: QuerySet[TOTPDevice]) -> None:
        users = list(get_user_model().objects.filter(pk__in=queryset.values("user_id")))
        for user in users:
            two_factor_disable(user=user, acting_user=request.user)
        self.message_user(
            request,
            ngettext(
                "Two-factor sign-in is off for %(count)d person.",
                "Two-factor sign-in is off for %(count)d people.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
