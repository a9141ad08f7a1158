"""The group in figures, computed from the organisation and people apps."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db.models import Count, Q

from koop.core.stats import share
from koop.ledger.selectors import group_turnover_12m
from koop.organisation.selectors import active_units
from koop.people.models import Gender, Person
from koop.people.selectors import employments_active, members_active


@dataclass(frozen=True)
class GroupFigures:
    units: int
    municipalities: int
    employees: int
    women_share: Decimal | None
    other_background_share: Decimal | None
    members: int
    # Net turnover (3000-3799) of the twelve months ending on the day, from the ledger;
    # 0 when nothing is posted (a real figure, not a missing one).
    turnover_12m: Decimal | None

    @property
    def turnover_12m_millions(self) -> Decimal | None:
        """The turnover in millions of kronor with one decimal, as the dashboard shows it."""
        if self.turnover_12m is None:
            return None
        return (self.turnover_12m / Decimal(1_000_000)).quantize(Decimal("0.1"))

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def group_figures(*, cooperative_id: int, on: dt.date) -> GroupFigures:
    units = active_units(cooperative_id=cooperative_id)
    unit_counts = units.aggregate(
        units=Count("pk"), municipalities=Count("municipality", distinct=True)
    )
    employee_ids = employments_active(cooperative_id=cooperative_id, on=on).values("person_id")
    employees = Person.objects.filter(pk__in=employee_ids).aggregate(
        total=Count("pk"),
        gender_reported=Count("pk", filter=~Q(gender="")),
        women=Count("pk", filter=Q(gender=Gender.WOMAN)),
        background_reported=Count("pk", filter=Q(other_background__isnull=False)),
        other_background=Count("pk", filter=Q(other_background=True)),
    )
    members = (
        members_active(cooperative_id=cooperative_id, on=on).values("person_id").distinct().count()
    )
    return GroupFigures(
        units=unit_counts["units"],
        municipalities=unit_counts["municipalities"],
        employees=employees["total"],
        # Shares are of those who chose to report; a group under five is never shown.
        women_share=share(employees["women"], employees["gender_reported"]),
        other_background_share=share(
            employees["other_background"], employees["background_reported"]
        ),
        members=members,
        turnover_12m=group_turnover_12m(on=on),
    )
