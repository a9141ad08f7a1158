"""Authenticator apps (TOTP, RFC 6238): a new secret, the QR code that carries it to the
phone (an SVG drawn here, no outside service), and checking a code against a secret."""

from __future__ import annotations

import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django_otp.oath import TOTP

STEP_SECONDS = 30
DIGITS = 6
# Codes from one step before or after are taken too: a phone's clock is seldom exact.
TOLERANCE = 1


def new_key() -> str:
    """A new secret: 20 random bytes, hex-encoded as django-otp stores them."""
    return secrets.token_hex(20)


def secret_text(key: str) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    encoded = b32encode(unhexlify(key)).decode().rstrip("=")
    return " ".join(encoded[i : i + 4] for i in range(0, len(encoded), 4))


def provisioning_uri(key: str, username: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    issuer = settings.OTP_TOTP_ISSUER
    label = quote(f"{issuer}:{username}")
    query = urlencode(
        {
            "secret": b32encode(unhexlify(key)).decode().rstrip("="),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": STEP_SECONDS,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"


def qr_svg(uri: str, *, title: str) -> str:
    """The QR code of ``uri`` as inline SVG markup (no style attribute, no script)."""
    code = segno.make(uri, error="m")
    return str(code.svg_inline(scale=5, border=4, title=title, svgclass="qr", dark="#000"))


def matching_step(key: str, token: str, *, after_step: int = -1) -> int | None:
    """The time step whose code ``token`` is, within the tolerance and later than
    ``after_step`` (a code is good once), or None."""
    token = token.strip().replace(" ", "")
    if not (token.isdigit() and len(token) == DIGITS):
        return None
    totp = TOTP(unhexlify(key), step=STEP_SECONDS, digits=DIGITS)
    totp.time = time.time()
    if not totp.verify(int(token), tolerance=TOLERANCE, min_t=after_step + 1):
        return None
    return int(totp.t())  # the step of the code that matched (drift included)


def current_code(key: str, *, at: float | None = None) -> str:
    """The code an app shows for ``key`` now (or at ``at``): for the sign-in of tests."""
    totp = TOTP(unhexlify(key), step=STEP_SECONDS, digits=DIGITS)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{DIGITS}d}"
