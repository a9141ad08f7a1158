"""Every app's seeding steps together: the demo ``koop demo`` shows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import HttpRequest
from django.test import Client

from koop.core.models import AuditEntry
from koop.demo.seed import run_seed
from koop.portal.selectors import group_figures

DEMO_LOGINS = ["admin", "ekonomi", "vd", "styrelse", "ledare", "kooperator", "deltagare"]


@pytest.mark.django_db
def test_all_steps_seed_together_and_keep_the_group_figures_and_logins() -> None:
    ctx = run_seed(scale=1, seed=1)
    assert ctx.data["demo_unit"].name == "Möbellagret"
    figures = group_figures(cooperative_id=ctx.coop.pk, on=ctx.today)
    assert figures.municipalities == 8
    assert figures.employees == 87
    assert figures.women_share == Decimal("62.1")
    assert figures.other_background_share == Decimal("26.4")
    assert AuditEntry.objects.filter(action="demo_seed").count() == 1
    # A step may set something up through a service (a few rows), never row by row.
    assert AuditEntry.objects.count() < 10
    for login in DEMO_LOGINS:
        client = Client()
        assert client.login(request=HttpRequest(), username=login, password="koop-demo"), login
        assert client.get("/", follow=True).status_code == 200, login
