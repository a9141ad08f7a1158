"""The state the seeding steps share (see ``koop.demo.seed`` for the keys of ``data``)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from koop.organisation.models import Cooperative


def _silent(message: str) -> None:
    pass


@dataclass
class SeedContext:
    scale: int
    rng: random.Random  # seeded from --seed; the ONLY source of randomness
    today: dt.date  # the day the data is built around (timezone.localdate())
    cooperative: Cooperative | None = None
    data: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[str], None] = field(default=_silent, repr=False)

    @property
    def coop(self) -> Cooperative:
        """The seeded cooperative (set by the first step)."""
        if self.cooperative is None:
            raise RuntimeError("the organisation step has not run yet")
        return self.cooperative
