"""Personal API tokens: made, shown once, stored as a digest, revoked."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from koop.api.models import ApiToken, token_digest
from koop.core.audit import audit_record, snapshot

Actor = AbstractBaseUser | AnonymousUser | None


def token_create(
    *, user: AbstractBaseUser, name: str = "", acting_user: Actor
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token in clear, which is never stored."""
    raw = f"koop_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=raw[:12],
            digest=token_digest(raw),  # type: ignore[misc]
        )
        audit_record(
            actor=acting_user,
            action="api_token_create",
            obj=token,
            before=None,
            after=snapshot(token, exclude=frozenset({"digest"})),
        )
    return token, raw


def token_revoke(*, token: ApiToken, acting_user: Actor) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        before = snapshot(token, exclude=frozenset({"digest"}))
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
        audit_record(
            actor=acting_user,
            action="api_token_revoke",
            obj=token,
            before=before,
            after=snapshot(token, exclude=frozenset({"digest"})),
        )
    return token


def token_authenticate(raw: str) -> AbstractBaseUser | None:
    """The active user behind a token in clear, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
