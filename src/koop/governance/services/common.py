"""What the governance services share: the acting user's type and small guards."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

Actor = AbstractBaseUser | AnonymousUser | None
