"""Billing under load on PostgreSQL: issuing invoices, and the invoice list page.

1. A fresh database gets ``koop migrate`` and ``koop seed --scale N``. If the seed made
   no invoices (no work orders to invoice), three years of invoices are inserted for every
   unit the way the seed inserts them (final rows, numbered in date order).
2. The invoice list of the demo unit is loaded by ``--clients`` concurrent clients through
   ``koop serve`` and compared with ``/health/`` (p95 ratio), as bench_pages.py does.
3. In this process, ``--invoices`` drafts of 12 lines each are issued, on one connection
   and on ``--threads`` connections at once: numbering only, then numbering with the PDF
   and the Peppol UBL of each invoice. The baseline is the bare locked counter row (take
   a number, commit) on the same connections.

    .venv/bin/python bench/bench_billing.py [--scale 10] [--invoices 1000] [--threads 8]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import (
    BASELINE,
    free_port,
    fresh_database,
    koop,
    load,
    log_in,
    print_table,
    running_server,
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--invoices", type=int, default=1000, help="per measurement (1000)")
    parser.add_argument("--threads", type=int, default=8, help="parallel connections (8)")
    parser.add_argument("--requests", type=int, default=300, help="per page (300)")
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients (10)")
    parser.add_argument("--time-limit", type=float, default=90)
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="koop_bench_billing")
    parser.add_argument(
        "--reuse", action="store_true", help="use the database of an earlier run as it is"
    )
    parser.add_argument("--pages-only", action="store_true", help="skip the issuing figures")
    return parser.parse_args()


def demo_unit_id(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT id FROM organisation_unit WHERE name = 'Möbellagret' ORDER BY id LIMIT 1"
        ).fetchone()
    if row is None:
        raise SystemExit("the seed made no demo unit")
    return int(row[0])


def history(months: int = 36, customers: int = 3) -> int:
    """Invoices for every unit over ``months`` months, if the seed made none."""
    from koop.billing.models import Invoice, InvoiceNumberCounter, InvoiceSettings
    from koop.demo.seed.billing import _Doc, _insert, _Line
    from koop.demo.seed.context import SeedContext
    from koop.organisation.models import Cooperative, Unit
    from koop.work.models import Customer, CustomerKind

    if Invoice.objects.exists():
        return Invoice.objects.count()
    coop = Cooperative.objects.order_by("pk").first()
    assert coop is not None
    settings = InvoiceSettings.objects.get(cooperative=coop)
    buyers = [
        Customer.objects.create(
            cooperative=coop,
            kind=CustomerKind.PUBLIC,
            name=f"Kommun {i}",
            department="Förvaltning",
            identity_number="212000-0142",
            peppol_id="0007:2120000142",
            buyer_reference=f"REF{i}",
        )
        for i in range(customers)
    ]
    today = dt.date.today()
    docs = []
    for unit in Unit.objects.filter(cooperative=coop).prefetch_related("business_areas"):
        areas = list(unit.business_areas.all())
        if not areas:
            continue
        for m in range(months):
            first = (today.replace(day=1) - dt.timedelta(days=31 * (months - m))).replace(day=1)
            for buyer in buyers:
                lines = [
                    _Line(
                        "Arbete",
                        Decimal("6.5"),
                        "HUR",
                        Decimal("450.00"),
                        Decimal("25"),
                        areas[0].pk,
                        None,
                    ),
                    _Line(
                        "Material",
                        Decimal("3"),
                        "EA",
                        Decimal("129.00"),
                        Decimal("25"),
                        areas[0].pk,
                        None,
                    ),
                    _Line(
                        "Transport",
                        Decimal("1"),
                        "EA",
                        Decimal("300.00"),
                        Decimal("12"),
                        areas[0].pk,
                        None,
                    ),
                ]
                docs.append(_Doc(first + dt.timedelta(days=3), unit.pk, buyer.pk, lines))
    docs.sort(key=lambda d: d.issue_date)
    for doc in docs:  # no work orders behind these lines: the period is the month worked
        doc.orders = [SimpleNamespace(planned_date=doc.issue_date - dt.timedelta(days=3))]
    ctx = SeedContext(scale=1, rng=random.Random(1), today=today, cooperative=coop)
    _insert(ctx, settings, docs)
    InvoiceNumberCounter.objects.filter(cooperative=coop).update(next_number=len(docs) + 1)
    return len(docs)


def setup_bench_cooperative(drafts: int) -> dict[str, Any]:
    """A cooperative of its own for the issuing figures, with ``drafts`` drafts of 12 lines."""
    from koop.billing.models import InvoiceDraft, InvoiceDraftLine, InvoiceSettings
    from koop.billing.numbering import counter_ensure
    from koop.organisation.models import BusinessArea, Cooperative, Municipality, Unit
    from koop.work.models import Customer, CustomerKind

    coop = Cooperative.objects.create(
        name="Bänkkooperativet ek. för.",
        org_number="769600-2182",
        vat_number="SE769600218201",
        street_address="Storgatan 1",
        postal_code="602 24",
        city="Norrköping",
    )
    InvoiceSettings.objects.create(cooperative=coop, bankgiro="56781230")
    counter_ensure(cooperative_id=coop.pk)
    town = Municipality.objects.create(cooperative=coop, name="Norrköping")
    area = BusinessArea.objects.create(cooperative=coop, name="Flytt", code="flytt")
    unit = Unit.objects.create(
        cooperative=coop,
        name="Bänken",
        municipality=town,
        cost_centre="900",
        started_on=dt.date(2020, 1, 1),
    )
    customer = Customer.objects.create(
        cooperative=coop,
        kind=CustomerKind.PUBLIC,
        name="Norrköpings kommun",
        department="Vård- och omsorgskontoret",
        identity_number="212000-0696",
        peppol_id="0007:2120000696",
        buyer_reference="VOK-4711",
        street_address="Rådhuset",
        postal_code="601 81",
        city="Norrköping",
    )
    made = InvoiceDraft.objects.bulk_create(
        InvoiceDraft(
            cooperative=coop,
            unit=unit,
            customer=customer,
            buyer_reference="VOK-4711",
            period_start=dt.date.today() - dt.timedelta(days=10),
            period_end=dt.date.today(),
        )
        for _ in range(drafts)
    )
    lines = []
    for draft in made:
        for i in range(12):
            lines.append(
                InvoiceDraftLine(
                    draft=draft,
                    position=i + 1,
                    description=f"Flytthjälp etapp {i + 1}",
                    quantity=Decimal("2.5") + i,
                    unit_code="HUR" if i % 3 else "EA",
                    unit_price=Decimal("412.50"),
                    vat_rate=Decimal("25") if i % 4 else Decimal("12"),
                    business_area=area,
                )
            )
    InvoiceDraftLine.objects.bulk_create(lines, batch_size=5000)
    return {"cooperative": coop, "drafts": [d.pk for d in made]}


def run_parallel(items: list[int], threads: int, work: Callable[[int], None]) -> float:
    """Seconds to do ``work`` for every item, split over ``threads`` threads (connections)."""
    from django.db import connection

    chunks = [items[i::threads] for i in range(threads)]
    errors: list[BaseException] = []
    start = threading.Barrier(threads + 1)

    def worker(chunk: list[int]) -> None:
        try:
            start.wait()
            for item in chunk:
                work(item)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in pool:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in pool:
        t.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - began


def issuing(args: argparse.Namespace) -> None:
    from django.db import transaction

    from koop.billing.models import Invoice, InvoiceDraft
    from koop.billing.numbering import number_take
    from koop.billing.rendering import invoice_pdf, invoice_ubl
    from koop.billing.services import invoice_issue

    n = args.invoices
    bench = setup_bench_cooperative(4 * n)
    coop = bench["cooperative"]
    drafts: list[int] = bench["drafts"]

    def take(_: int) -> None:
        with transaction.atomic():
            number_take(cooperative_id=coop.pk)

    def issue(draft_id: int) -> None:
        invoice_issue(draft=InvoiceDraft.objects.get(pk=draft_id), acting_user=None)

    def issue_and_render(draft_id: int) -> None:
        invoice = invoice_issue(draft=InvoiceDraft.objects.get(pk=draft_id), acting_user=None)
        invoice_pdf(invoice)
        invoice_ubl(invoice)

    phases = [
        ("locked counter (baseline)", take, list(range(n)), list(range(n))),
        ("issue (numbering)", issue, drafts[:n], drafts[n : 2 * n]),
        ("issue + PDF + UBL", issue_and_render, drafts[2 * n : 3 * n], drafts[3 * n :]),
    ]
    rows = []
    for name, work, one_batch, many_batch in phases:
        single = run_parallel(one_batch, 1, work)
        parallel = run_parallel(many_batch, args.threads, work)
        rows.append((name, n / single, n / parallel))
    numbers = list(
        Invoice.objects.filter(cooperative=coop).order_by("number").values_list("number", flat=True)
    )
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), "gap in the series"
    last = Invoice.objects.filter(cooperative=coop).order_by("-number").first()
    assert last is not None
    began = time.perf_counter()
    for _ in range(50):
        invoice_pdf(last)
    pdf_ms = (time.perf_counter() - began) * 1000 / 50
    began = time.perf_counter()
    for _ in range(50):
        invoice_ubl(last)
    ubl_ms = (time.perf_counter() - began) * 1000 / 50

    base1, base8 = rows[0][1], rows[0][2]
    print(f"\nIssuing {n} invoices of 12 lines (PostgreSQL), per second")
    print(f"{'what':<26} {'1 conn':>8} {'ratio':>6} {f'{args.threads} conns':>9} {'ratio':>6}")
    for name, one, many in rows:
        print(f"{name:<26} {one:>8.0f} {one / base1:>6.2f} {many:>9.0f} {many / base8:>6.2f}")
    print(f"PDF {pdf_ms:.1f} ms, UBL {ubl_ms:.1f} ms per 12-line invoice (one thread)")
    print(f"series of {len(numbers)} numbers checked: no gap, no duplicate")


def main() -> None:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    data_dir = Path(tempfile.mkdtemp(prefix="koop-bench-billing-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"{args.server_url}/{args.database}"
        if args.reuse
        else fresh_database(args.server_url, args.database),
        "KOOP_DATA_DIR": str(data_dir),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    try:
        if not args.reuse:
            began = time.monotonic()
            koop("migrate", "--no-input", env=env)
            koop("seed", "--scale", str(args.scale), env=env)
            print(f"migrate + seed --scale {args.scale}: {time.monotonic() - began:.1f} s")
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koop.config.settings")
        import django

        django.setup()
        began = time.monotonic()
        count = history()
        print(f"{count} invoices in the database ({time.monotonic() - began:.1f} s)", flush=True)
        unit_id = demo_unit_id(env["DATABASE_URL"])
        pages = [BASELINE, f"/units/{unit_id}/invoices/", f"/units/{unit_id}/invoices/overdue/"]
        port = free_port()
        with running_server(port, env, data_dir / "server.log"):
            cookies = log_in(port)
            for path in pages:
                load(port, path, cookies, total=4 * args.clients, clients=args.clients, limit=60)
            results = [
                load(port, path, cookies, args.requests, args.clients, args.time_limit)
                for path in pages
            ]
        print_table(results, args.clients)
        if not args.pages_only:
            issuing(args)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
