"""Each role's home: the sections a principal gets, what each counts, and which comes first.

A unit leader gets their unit's section, a cooperator their own work, central finance and
the regional manager the group's, a board member the board's; administrators get the two
central sections. Someone with several roles gets every section that applies, the most
urgent first: a section with something late (overdue, failed, behind) before one with
something to do today, before the rest, which keep the order of the roles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koop.core.access import Role
from koop.governance.models import MatterDocument, Meeting
from koop.governance.selectors import meeting_papers, meetings_ahead
from koop.ledger.selectors import fortnox_failure, levy_not_run
from koop.organisation.selectors import unit_list
from koop.portal.items import (
    BOARD_ITEMS,
    FINANCE_ITEMS,
    MY_ITEMS,
    REGION_ITEMS,
    UNIT_ITEMS,
    Item,
    Tone,
)
from koop.portal.scope import Scope

# How many of the coming meetings a unit's section lists.
NEXT_MEETINGS = 3


@dataclass(frozen=True)
class Count:
    """One count on a home, linking to the list of exactly what it counts."""

    item: Item
    count: int
    url: str
    figure: Decimal | None = None
    amount: Decimal | None = None

    @property
    def tone(self) -> str:
        """Calm for nothing; otherwise how the item asks for attention."""
        return self.item.tone if self.count else "calm"


@dataclass(frozen=True)
class Status:
    """A one-line state that is either fine or asks for one action (the month's levy)."""

    text: str
    ok: bool
    url: str
    action: str


@dataclass
class Section:
    key: str
    title: str
    role: str
    counts: list[Count] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    meetings_title: str = ""
    papers: list[MatterDocument] = field(default_factory=list)

    @property
    def late(self) -> int:
        return sum(1 for c in self.counts if c.tone == Tone.LATE) + sum(
            1 for s in self.statuses if not s.ok
        )

    @property
    def due_today(self) -> int:
        return sum(1 for c in self.counts if c.tone == Tone.TODAY)


@dataclass(frozen=True)
class SectionSpec:
    key: str
    role: str | Promise
    items: tuple[Item, ...]
    applies: Callable[[Scope], bool]
    extras: Callable[[Scope, Section], None]


def count_of(objects: QuerySet[Any] | list[Any]) -> int:
    """A query's count in the database, a list's length in Python."""
    return objects.count() if isinstance(objects, QuerySet) else len(objects)


def _unit_title(s: Scope) -> str:
    names = list(
        unit_list(cooperative_id=s.cooperative_id)
        .filter(pk__in=s.led_units)
        .prefetch_related(None)
        .values_list("name", flat=True)
    )
    return ", ".join(names) or _("Your unit")


TITLES: dict[str, Callable[[], str]] = {
    "mine": lambda: _("My work"),
    "finance": lambda: _("The group's economy"),
    "region": lambda: _("The whole group"),
    "board": lambda: _("The board"),
}


def _unit_extras(s: Scope, section: Section) -> None:
    section.meetings = list(meetings_ahead(s.bodies, now=s.now)[:NEXT_MEETINGS])
    section.meetings_title = _("My next meetings")


def _my_extras(s: Scope, section: Section) -> None:
    section.meetings = list(meetings_ahead(s.bodies, now=s.now)[:1])
    section.meetings_title = _("My next meeting")


def _finance_extras(s: Scope, section: Section) -> None:
    month = f"{s.last_month:%Y-%m}"
    levy_url = reverse("ledger:levy")
    if levy_not_run(on=s.today) is None:
        section.statuses.append(
            Status(
                _("The levy for %(month)s has been run (or there was nothing to levy).")
                % {"month": month},
                ok=True,
                url=levy_url,
                action=_("The levy"),
            )
        )
    else:
        section.statuses.append(
            Status(
                _("The levy for %(month)s has not been run.") % {"month": month},
                ok=False,
                url=levy_url,
                action=_("Run the levy"),
            )
        )
    failure = fortnox_failure()
    fortnox_url = reverse("ledger:fortnox")
    section.statuses.append(
        Status(
            _("The last transfer to Fortnox failed.")
            if failure
            else _("No failed transfer to Fortnox."),
            ok=failure is None,
            url=fortnox_url,
            action=_("See what went wrong") if failure else _("Fortnox"),
        )
    )


def _no_extras(s: Scope, section: Section) -> None:
    return None


def _board_extras(s: Scope, section: Section) -> None:
    if s.board is None:
        return
    section.meetings = list(meetings_ahead(s.board_bodies(), now=s.now)[:1])
    section.meetings_title = _("The next board meeting")
    if section.meetings:
        section.papers = list(meeting_papers(section.meetings[0]))


SECTIONS = (
    SectionSpec(
        "unit",
        gettext_lazy("Unit leader"),
        UNIT_ITEMS,
        lambda s: bool(s.led_units),
        _unit_extras,
    ),
    SectionSpec("mine", gettext_lazy("Cooperator"), MY_ITEMS, lambda s: s.cooperates, _my_extras),
    SectionSpec(
        "finance",
        gettext_lazy("Central finance"),
        FINANCE_ITEMS,
        lambda s: s.principal.has_any(Role.FINANCE, Role.ADMIN),
        _finance_extras,
    ),
    SectionSpec(
        "region",
        gettext_lazy("Regional manager"),
        REGION_ITEMS,
        lambda s: s.principal.has_any(Role.REGIONAL_MANAGER, Role.ADMIN),
        _no_extras,
    ),
    SectionSpec(
        "board", gettext_lazy("Board member"), BOARD_ITEMS, lambda s: s.is_board, _board_extras
    ),
)
SECTIONS_BY_KEY = {spec.key: spec for spec in SECTIONS}


def section_title(scope: Scope, spec: SectionSpec) -> str:
    """The heading a section has on the home (its unit's name, for a unit leader)."""
    return _unit_title(scope) if spec.key == "unit" else TITLES[spec.key]()


def sections_of(scope: Scope) -> list[SectionSpec]:
    """The sections that apply to the principal, in the order of the roles."""
    return [spec for spec in SECTIONS if spec.applies(scope)]


def section_build(scope: Scope, spec: SectionSpec) -> Section:
    section = Section(key=spec.key, title=section_title(scope, spec), role=str(spec.role))
    for item in spec.items:
        objects = item.objects(scope)
        section.counts.append(
            Count(
                item=item,
                count=count_of(objects),
                url=reverse("portal:worklist", args=[spec.key, item.key]),
                figure=item.figure(scope) if item.figure else None,
                amount=item.amount(scope) if item.amount else None,
            )
        )
    spec.extras(scope, section)
    return section


def home_sections(scope: Scope) -> list[Section]:
    """Every section of the principal's home, the most urgent first."""
    built = [section_build(scope, spec) for spec in sections_of(scope)]
    order = {section.key: i for i, section in enumerate(built)}
    return sorted(built, key=lambda s: (-s.late, -s.due_today, order[s.key]))
