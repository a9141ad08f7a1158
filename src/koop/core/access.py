"""Who is asking: the roles of the person behind a request and the units they belong to.

Every app's ``access`` module takes a ``Principal`` and answers with an object or raises
``NotFound``, so an outsider cannot tell a hidden object from a missing one. The principal
is built once per request by ``koop.people.middleware`` (people own roles); core only knows
its shape, so nothing in core depends on an app above it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from koop.core.errors import NotFound


class Role(StrEnum):
    ADMIN = "admin"
    FINANCE = "finance"
    REGIONAL_MANAGER = "regional_manager"
    BOARD = "board"
    UNIT_LEADER = "unit_leader"
    COOPERATOR = "cooperator"
    PARTICIPANT = "participant"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])

    @property
    def is_unit_role(self) -> bool:
        return self in UNIT_ROLES


ROLE_LABELS = {
    Role.ADMIN: _("Administrator"),
    Role.FINANCE: _("Central finance"),
    Role.REGIONAL_MANAGER: _("Regional manager"),
    Role.BOARD: _("Board member"),
    Role.UNIT_LEADER: _("Unit leader"),
    Role.COOPERATOR: _("Cooperator"),
    Role.PARTICIPANT: _("Participant"),
}
CENTRAL_ROLES = frozenset({Role.ADMIN, Role.FINANCE, Role.REGIONAL_MANAGER})
UNIT_ROLES = frozenset({Role.UNIT_LEADER, Role.COOPERATOR, Role.PARTICIPANT})


@dataclass(frozen=True)
class Principal:
    """The acting user as access rules see them."""

    user_id: int | None
    person_id: int | None = None
    cooperative_id: int | None = None
    roles: frozenset[Role] = frozenset()
    # unit id -> the unit roles held there
    unit_roles: dict[int, frozenset[Role]] = field(default_factory=dict)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def is_central(self) -> bool:
        """Central roles see every unit of the cooperative."""
        return bool(self.roles & CENTRAL_ROLES)

    @property
    def is_board(self) -> bool:
        return Role.BOARD in self.roles

    @property
    def staff_unit_ids(self) -> frozenset[int]:
        """Units whose unit-scoped data this principal may read (participants see only
        themselves, so their unit is not here)."""
        return frozenset(
            unit_id
            for unit_id, roles in self.unit_roles.items()
            if roles & {Role.UNIT_LEADER, Role.COOPERATOR}
        )

    @property
    def led_unit_ids(self) -> frozenset[int]:
        return frozenset(u for u, roles in self.unit_roles.items() if Role.UNIT_LEADER in roles)

    @property
    def is_participant_only(self) -> bool:
        return self.roles == {Role.PARTICIPANT}

    def can_see_unit(self, unit_id: int) -> bool:
        return self.is_central or unit_id in self.staff_unit_ids

    def has_any(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))


ANONYMOUS = Principal(user_id=None)


def principal_of(request: HttpRequest) -> Principal:
    """The principal the middleware attached to ``request`` (anonymous if none)."""
    principal = getattr(request, "principal", None)
    return principal if isinstance(principal, Principal) else ANONYMOUS


T = TypeVar("T")


def found(obj: T | None, *, allowed: bool = True) -> T:
    """``obj`` if it exists and ``allowed``; otherwise NotFound, the same answer for both."""
    if obj is None or not allowed:
        raise NotFound
    return obj


def require(condition: bool) -> None:
    """Answer 404 unless ``condition`` holds: used by every app's ``access`` module."""
    if not condition:
        raise NotFound
