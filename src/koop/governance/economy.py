"""The seam where economic reports reach the agendas.

The VS agenda opens with "economic reports from the different levels" and the assembly's
with the annual report. Governance does not read the books itself: an app that keeps them
registers a provider here (from a module above both, e.g. the portal's ``AppConfig.ready``,
so neither app imports the other), and every agenda item of kind ``economic_reports``
shows what the providers return for the body, the meeting date and the person reading:
a report links to its full version only for someone who may open it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from koop.core.access import Principal
from koop.governance.models import Body


@dataclass(frozen=True)
class EconomicReport:
    title: str
    # (label, value) rows, already formatted for reading
    rows: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""


Provider = Callable[[Body, dt.date, Principal], list[EconomicReport]]
_providers: list[Provider] = []


def register_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def economic_reports(body: Body, on: dt.date, reader: Principal) -> list[EconomicReport]:
    """What every registered provider reports for ``body`` on ``on`` to ``reader`` (none
    yet: empty)."""
    reports: list[EconomicReport] = []
    for provider in _providers:
        reports.extend(provider(body, on, reader))
    return reports
