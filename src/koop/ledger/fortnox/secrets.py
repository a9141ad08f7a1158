"""Tokens at rest: Fernet-encrypted with a key derived from SECRET_KEY (or
``FORTNOX_TOKEN_KEY``). Without the ``cryptography`` package they are stored as they are."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from django.conf import settings

PREFIX = "fernet:"


def _fernet() -> Any:  # the type lives in an optional package
    try:
        from cryptography.fernet import Fernet
    except ImportError:  # pragma: no cover - cryptography is a dependency today
        return None
    secret = getattr(settings, "FORTNOX_TOKEN_KEY", "") or settings.SECRET_KEY
    key = base64.urlsafe_b64encode(hashlib.sha256(b"koop-fortnox:" + secret.encode()).digest())
    return Fernet(key)


def seal(value: str) -> str:
    fernet = _fernet()
    if not value or fernet is None:
        return value
    return PREFIX + fernet.encrypt(value.encode()).decode()


def unseal(value: str) -> str:
    if not value.startswith(PREFIX):
        return value
    fernet = _fernet()
    if fernet is None:
        raise RuntimeError("the token is encrypted but cryptography is not installed")
    return fernet.decrypt(value[len(PREFIX) :].encode()).decode()
