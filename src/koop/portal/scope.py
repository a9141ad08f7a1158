"""Who is looking and when: what every count on a home is computed from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.db.models import QuerySet
from django.utils import timezone

from koop.core.access import Principal, Role
from koop.governance.access import bodies_visible, is_board
from koop.governance.models import Body
from koop.governance.selectors import board_of, boards_of, bodies_of_units


@dataclass(frozen=True)
class Scope:
    principal: Principal
    today: dt.date
    now: dt.datetime

    @classmethod
    def of(cls, principal: Principal) -> Scope:
        return cls(principal=principal, today=timezone.localdate(), now=timezone.now())

    @property
    def cooperative_id(self) -> int:
        return self.principal.cooperative_id or 0

    @property
    def monday(self) -> dt.date:
        return self.today - dt.timedelta(days=self.today.weekday())

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def last_month(self) -> dt.date:
        """The first day of the month before this one."""
        return (self.today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)

    @property
    def week_starts_at(self) -> dt.datetime:
        """Midnight, local time, at the start of this week's Monday."""
        return timezone.make_aware(dt.datetime.combine(self.monday, dt.time.min))

    @property
    def week_ends_at(self) -> dt.datetime:
        return self.week_starts_at + dt.timedelta(days=7)

    @property
    def led_units(self) -> frozenset[int]:
        return self.principal.led_unit_ids

    @property
    def cooperates(self) -> bool:
        """Whether the principal works as a cooperator in some unit."""
        return any(Role.COOPERATOR in roles for roles in self.principal.unit_roles.values())

    # Cached on the instance (a frozen dataclass still has a __dict__): each costs a query
    # or two, and the home asks for them from several sections.
    @cached_property
    def is_board(self) -> bool:
        return is_board(self.principal)

    @cached_property
    def bodies(self) -> QuerySet[Body]:
        """The bodies whose meetings the principal may see and attend."""
        return bodies_visible(self.principal)

    @cached_property
    def board(self) -> Body | None:
        return board_of(self.cooperative_id)

    def unit_bodies(self) -> QuerySet[Body]:
        """The bodies of the units the principal leads (unit meeting, weekly, daily)."""
        return bodies_of_units(self.cooperative_id, self.led_units)

    def board_bodies(self) -> QuerySet[Body]:
        """The board, as a set of bodies (empty when there is none yet)."""
        return boards_of(self.cooperative_id)
