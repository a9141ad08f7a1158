"""Koop's scheduled work: ``koop schedule run-due`` enqueues each job once per period,
however often it runs, and a worker pass then runs it."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from koop.core.models import ScheduledRun
from koop.core.schedule import SCHEDULE, run_due


def test_the_schedule_names_the_levy_and_the_retention_rule() -> None:
    names = {job.name: job for job in SCHEDULE}
    assert names["levy"].every == "month"
    assert names["participants-retention"].every == "day"


@pytest.mark.django_db
def test_running_twice_in_one_period_enqueues_once(db_tasks: None) -> None:
    day = dt.date(2026, 12, 2)
    first = run_due(today=day)
    assert sorted(first) == ["levy 2026-11", "participants-retention 2026-12-02"]
    assert run_due(today=day) == []
    assert run_due(today=dt.date(2026, 12, 20)) == ["participants-retention 2026-12-20"]
    assert DBTaskResult.objects.filter(task_path__endswith="run_monthly_levy").count() == 1
    levy = DBTaskResult.objects.get(task_path__endswith="run_monthly_levy")
    assert levy.args_kwargs["kwargs"] == {"period": "2026-11-01"}
    assert run_due(today=dt.date(2027, 1, 1)) == [
        "levy 2026-12",
        "participants-retention 2027-01-01",
    ]


@pytest.mark.django_db
def test_the_command_lists_and_enqueues(db_tasks: None) -> None:
    out = StringIO()
    call_command("schedule", stdout=out)
    assert "levy" in out.getvalue()
    assert " due " in out.getvalue()
    call_command("schedule", "run-due", stdout=StringIO())
    again = StringIO()
    call_command("schedule", "run-due", stdout=again)
    assert again.getvalue() == ""
    assert ScheduledRun.objects.count() == len(SCHEDULE)
