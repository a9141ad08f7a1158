"""Signing the personas in as Koop asks: with a second factor for those who must have one.

``log_in(client, user)`` is what ``client_for`` does: the session is signed in and, for a
user who must have a second factor (or has one), given it with the user's authenticator
app, as the verification page would. Browser tests type the code instead
(``tests.browser.kit.log_in``), computed here from the app's secret."""

from __future__ import annotations

import time

from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from koop.accounts import totp
from koop.accounts.selectors import has_second_factor, two_factor_required


def authenticator_for(user: AbstractBaseUser) -> TOTPDevice:
    """The user's authenticator app, set up now if they have none."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Test app", key=totp.new_key(), confirmed=True
        )
    return device


def next_code(device: TOTPDevice) -> str:
    """A code the device takes now: the current one, or the next step's if the current
    one was used already (a code signs in once)."""
    device.refresh_from_db()
    now_step = int(time.time()) // totp.STEP_SECONDS
    step = max(now_step, device.last_t + 1)
    return totp.current_code(device.key, at=step * totp.STEP_SECONDS)


def needs_second_factor(user: AbstractBaseUser) -> bool:
    return two_factor_required(user) or has_second_factor(user)


def log_in(client: Client, user: AbstractBaseUser) -> Client:
    client.force_login(user)
    if needs_second_factor(user):
        device = authenticator_for(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
