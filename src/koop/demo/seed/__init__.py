"""Deterministic demo data: an ordered list of seeding steps sharing one ``SeedContext``.

``run_seed`` calls every function in ``STEPS`` in order inside one transaction. Each step
lives in its own module ``koop.demo.seed.<area>`` as ``seed_<area>(ctx)``; an app that
wants demo data adds such a module and one line to ``STEPS`` after the steps it needs.
A step module imports the context as ``from koop.demo.seed.context import SeedContext``
(not from this package, which imports the steps).

Rules for a step:
- ``ctx.rng`` is the only source of randomness (same scale and seed -> same data); never
  iterate over sets or unordered querysets when drawing from it.
- ``ctx.today`` is the day the data is built around; never call ``date.today()``.
- Use ``bulk_create``: scale 10 must seed in well under a minute. No per-row audit rows:
  ``run_seed`` writes one audit entry (action ``demo_seed``) for the whole seeding.
- Put objects later steps need in ``ctx.data`` under a documented key.

Keys in ``ctx.data`` (filled by the step named in brackets):
- ``municipalities``: dict municipality name -> Municipality [organisation]
- ``business_areas``: dict business area code -> BusinessArea [organisation]
- ``units``: list[Unit], in creation order (with ``cost_centre`` unique) [organisation]
- ``demo_unit``: the Unit the unit-level demo logins belong to (Möbellagret, Norrköping)
  [organisation]
- ``unit_business_areas``: dict unit id -> list of business area codes [organisation]
- ``unit_copies``: dict unit id -> which copy of the organisation (1..scale) it belongs
  to [organisation]
- ``persons``: list[Person], everyone seeded (employees, former staff, demo people) [people]
- ``employees``: list[Person] with a current employment [people]
- ``employments``: list[Employment] (current and ended) [people]
- ``unit_leaders``: dict unit id -> Person leading it now [people]
- ``unit_staff``: dict unit id -> list[Person] currently employed in the unit (leader
  first) [people]
- ``members``: list[Person] with a current membership [people]
- ``users``: dict demo login name -> User (``admin``, ``ekonomi``, ``vd``, ``styrelse``,
  ``ledare``, ``kooperator``, ``deltagare``) [people]
- ``demo_persons``: dict demo login name -> Person linked to that login [people]
- ``invoices``: list[Invoice], invoices and credit notes in number order [billing]
- ``fiscal_years``: list[FiscalYear], oldest first [ledger]
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Sequence

from django.db import transaction
from django.utils import timezone

from koop.demo.seed.billing import seed_billing
from koop.demo.seed.context import SeedContext
from koop.demo.seed.governance import seed_governance
from koop.demo.seed.ledger import seed_ledger
from koop.demo.seed.organisation import seed_organisation
from koop.demo.seed.participants import seed_participants
from koop.demo.seed.people import seed_people
from koop.demo.seed.work import seed_work

__all__ = ["FOUNDATION_STEPS", "STEPS", "SeedContext", "SeedRefused", "run_seed"]

STEPS: list[Callable[[SeedContext], None]] = [
    seed_organisation,
    seed_people,
    seed_participants,
    seed_work,
    seed_billing,  # after the work step: it invoices the done work orders
    seed_ledger,  # after billing: it books the invoices and payments
    seed_governance,
]


# The steps of the foundation: the organisation and its people, without the apps' data.
FOUNDATION_STEPS: list[Callable[[SeedContext], None]] = [seed_organisation, seed_people]


class SeedRefused(Exception):
    """The database already holds a cooperative; demo data goes only into an empty one."""


def run_seed(
    *,
    scale: int,
    seed: int,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    steps: Sequence[Callable[[SeedContext], None]] | None = None,
) -> SeedContext:
    """Build the demo organisation at ``scale`` from ``seed``; all or nothing.

    ``steps`` (default: all of ``STEPS``) lets a test seed only the first few steps."""
    from koop.core.audit import audit_record
    from koop.organisation.models import Cooperative

    if scale < 1:
        raise ValueError("scale must be at least 1")
    report = progress or (lambda message: None)
    ctx = SeedContext(
        scale=scale,
        rng=random.Random(seed),  # noqa: S311  # demo data wants reproducible, not secret
        today=today or timezone.localdate(),
        progress=report,
    )
    chosen = list(STEPS if steps is None else steps)
    started = time.perf_counter()
    with transaction.atomic():
        if Cooperative.objects.exists():
            raise SeedRefused
        for step in chosen:
            name = step.__name__.removeprefix("seed_")
            report(f"{name} …")
            step_started = time.perf_counter()
            step(ctx)
            if (elapsed := time.perf_counter() - step_started) >= 1:
                report(f"{name} took {elapsed:.1f} s")
        audit_record(
            actor=None,
            action="demo_seed",
            obj=ctx.coop,
            before=None,
            after={
                "scale": scale,
                "seed": seed,
                "today": ctx.today.isoformat(),
                # The steps are named only when a part of the demo was chosen.
                **({} if steps is None else {"steps": [s.__name__ for s in chosen]}),
                "counts": {
                    key: len(value)
                    for key, value in sorted(ctx.data.items())
                    if isinstance(value, list | dict)
                },
            },
        )
    report(f"done in {time.perf_counter() - started:.1f} s")
    return ctx
