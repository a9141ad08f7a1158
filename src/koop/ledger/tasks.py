"""The ledger's scheduled work (see ``koop.core.schedule``)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from koop.ledger.levy import levy_run


@task()
def run_monthly_levy(*, period: str) -> int:
    """Post (or correct) the levy of the month holding ``period``; the entries posted."""
    return len(levy_run(period=dt.date.fromisoformat(period), acting_user=None))
