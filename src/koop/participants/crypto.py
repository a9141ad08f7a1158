"""Encryption at rest for case files: Fernet with the key from ``KOOP_FIELD_KEY``."""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from koop.core.env import ConfigError, read_or_create_secret


@cache
def _fernet(configured: str) -> MultiFernet:
    keys = [k.strip() for k in configured.split(",") if k.strip()]
    if not keys:
        # No key in the environment: derive one from a secret made once and kept beside the
        # database, so a development installation works and still never stores clear text.
        secret = read_or_create_secret(settings.KOOP_FIELD_KEY_FILE)
        keys = [base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest()).decode()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ConfigError(
            "KOOP_FIELD_KEY must be Fernet keys (32 url-safe base64-encoded bytes), comma-separated"
        ) from None


# Every clear text is padded to a whole number of buckets before encryption, so an empty
# section looks like any short one and the stored length tells at most the bucket count.
BUCKET = 256
_PADDED = b"\x00"  # first byte of a padded clear text (no text of a form starts with NUL)
_END = b"\x80"  # closes the text; only zero bytes follow it


def _pad(text: str) -> bytes:
    body = _PADDED + text.encode() + _END
    return body + b"\x00" * (-len(body) % BUCKET)


def _unpad(plain: bytes) -> bytes:
    if not plain.startswith(_PADDED):
        return plain  # a token written before padding
    return plain[1:].rstrip(b"\x00")[:-1]


def encrypt(text: str) -> str:
    """A token for ``text``, the empty string included: the database never shows whether a
    section holds anything."""
    return _fernet(settings.KOOP_FIELD_KEY).encrypt(_pad(text)).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        plain = _fernet(settings.KOOP_FIELD_KEY).decrypt(token.encode())
        return _unpad(plain).decode()
    except InvalidToken:
        raise ConfigError(
            "A case file cannot be decrypted with KOOP_FIELD_KEY: was the key changed "
            "without keeping the old one?"
        ) from None
