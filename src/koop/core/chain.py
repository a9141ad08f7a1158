"""The hash chain over the books: how a record is sealed and how a chain is checked.

Every posted voucher and every issued invoice or credit note is sealed when it is written,
inside the same transaction: its hash (SHA-256) covers its content and the hash of the
record before it in its series, so a record changed afterwards, or removed, or put in
between, no longer fits the chain. Each sealed record stores two columns, which the
immutability triggers keep from then on:

- ``chain_previous``: the hash of the record before it in the series (``GENESIS`` for the
  first);
- ``chain_hash``: ``SHA-256(VERSION, chain_previous, canonical(content))``.

What a record's content is (its number, series, dates, parties, every row with amounts
and accounts) is said once per kind of record, next to its model (``ledger.chain``,
``billing.chain``); how content becomes bytes is said here, once for all of them:

- the content is a JSON object, keys sorted, no spaces, UTF-8 as is;
- an amount is a string with exactly the decimals of its column (``"100.00"``,
  ``"2.500"``), so the same amount always reads the same whatever the database returns;
- a date is ``YYYY-MM-DD``, a moment is ISO 8601 in UTC with microseconds;
- a reference to another row is its id (ids survive a backup and restore), except where a
  document names another by its number, which is what it says on paper.

Changing any of this changes every hash: it would need a new ``VERSION`` and a data
migration sealing every record again. The chain alone cannot stop someone who rewrites
every record after the one they changed: ``koop verify-books`` prints each series' last
hash, and the backup manifest keeps them, so a head written down elsewhere (the board's
minutes, an earlier backup) shows such a rewrite too.

An app offers its chains to ``koop verify-books`` by naming a function in its AppConfig,
``books_chains = "koop.<app>.chain.<function>"``, which takes a database alias and yields a
``Chain`` per series."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps as django_apps
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

VERSION = "koop-chain/1"
GENESIS = "0" * 64
HASH_LENGTH = 64


# --- the canonical serialisation ----------------------------------------------------------


def amount(value: Decimal | int | str | None, places: int = 2) -> str | None:
    """An amount with exactly ``places`` decimals, as its column keeps it."""
    if value is None:
        return None
    return f"{Decimal(value).quantize(Decimal(1).scaleb(-places)):f}"


def day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def moment(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("a sealed moment is aware (USE_TZ)")
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _refuse(value: Any) -> Any:
    raise TypeError(
        f"{type(value).__name__} has no canonical form; format it with amount/day/moment"
    )


def canonical(content: Mapping[str, Any]) -> bytes:
    """The bytes a record's content is hashed as."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_refuse
    ).encode("utf-8")


def link(previous: str, content: Mapping[str, Any]) -> str:
    """The hash of a record whose predecessor's hash is ``previous``."""
    digest = hashlib.sha256()
    for part in (VERSION.encode("ascii"), previous.encode("ascii"), canonical(content)):
        digest.update(part)
        digest.update(b"\n")
    return digest.hexdigest()


def short(value: str) -> str:
    """A hash as people quote it."""
    return value[:16] if value else "—"


# --- checking a chain ---------------------------------------------------------------------


@dataclass(frozen=True)
class Sealed:
    """One record as the chain sees it: what it is called, its number in the series, the
    two stored hashes and its content as the database holds it now."""

    label: str
    number: int
    previous: str
    hash: str
    content: Mapping[str, Any]


@dataclass(frozen=True)
class Chain:
    """One series: its name, its records in number order, and where its counter stands
    (``next_number``; None where the series has no counter)."""

    name: str
    key: str
    records: Iterable[Sealed]
    next_number: int | None = None
    first_number: int | None = 1


@dataclass
class ChainReport:
    name: str
    key: str
    count: int = 0
    last_label: str = ""
    last_number: int | None = None
    head: str = GENESIS
    broken_at: str = ""
    problem: str = ""
    heads: dict[int, str] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        return not self.broken_at


def check_chain(chain: Chain, *, keep: Callable[[Sealed], bool] | None = None) -> ChainReport:
    """Recompute ``chain`` and name the first record that breaks it, and how.

    Each record must hash to its stored hash from its stored predecessor's hash and its
    content as it is now (else its content changed), and that predecessor's hash must be
    the stored hash of the record before it (else that record was changed and sealed
    again, or one was taken out or put in). Numbers run without gaps up to the counter."""
    report = ChainReport(name=chain.name, key=chain.key)
    before: Sealed | None = None
    for record in chain.records:
        problem, at = _problem(chain, before, record)
        if problem:
            report.broken_at, report.problem = at, problem
            return report
        report.count += 1
        report.last_label, report.last_number, report.head = (
            record.label,
            record.number,
            record.hash,
        )
        if keep is not None and keep(record):
            report.heads[record.number] = record.hash
        before = record
    if (
        chain.next_number is not None
        and report.last_number is not None
        and chain.next_number > report.last_number + 1
    ):
        report.broken_at = str(report.last_number + 1)
        report.problem = _(
            "number %(number)s is missing: the series' counter stands at %(counter)s but "
            "its last record is %(last)s (records at the end were removed)"
        ) % {
            "number": report.last_number + 1,
            "counter": chain.next_number,
            "last": report.last_label,
        }
    return report


def _problem(chain: Chain, before: Sealed | None, record: Sealed) -> tuple[str, str]:
    if not record.hash:
        return _("it has no hash: it was written without being sealed"), record.label
    if before is None:
        if chain.first_number is not None and record.number != chain.first_number:
            return (
                _("the series starts at %(number)s instead of %(first)s: records are missing")
                % {"number": record.number, "first": chain.first_number},
                record.label,
            )
    elif record.number != before.number + 1:
        return (
            _("the numbers jump from %(before)s to %(number)s: records are missing")
            % {"before": before.label, "number": record.number},
            record.label,
        )
    computed = link(record.previous, record.content)
    if computed != record.hash:
        return (
            _(
                "its content is not what was sealed when it was written (stored hash "
                "%(stored)s, its content now hashes to %(computed)s)"
            )
            % {"stored": short(record.hash), "computed": short(computed)},
            record.label,
        )
    expected = GENESIS if before is None else before.hash
    if record.previous != expected:
        if before is None:
            return (
                _("it was sealed after a record that is no longer there"),
                record.label,
            )
        return (
            _(
                "it was changed and sealed again after %(next)s was sealed: %(next)s "
                "follows hash %(sealed)s, but it now has hash %(now)s"
            )
            % {"next": record.label, "sealed": short(record.previous), "now": short(before.hash)},
            before.label,
        )
    return "", ""


# --- every chain of the books -------------------------------------------------------------


def chain_sources() -> list[Callable[[str], Iterator[Chain]]]:
    """The functions the apps name in ``books_chains``, in the order of INSTALLED_APPS."""
    paths = [getattr(config, "books_chains", "") for config in django_apps.get_app_configs()]
    return [import_string(path) for path in paths if path]


def books_chains(using: str = "default") -> Iterator[Chain]:
    for source in chain_sources():
        yield from source(using)


def verify_books(using: str = "default") -> list[ChainReport]:
    """Recompute every chain of the books, as one consistent snapshot of the database."""
    from django.db import connections, transaction

    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return [check_chain(chain) for chain in books_chains(using)]


def report_lines(reports: list[ChainReport]) -> list[str]:
    """What ``verify-books`` (and ``restore``) say about each chain, one line each."""
    lines = []
    for report in reports:
        if report.intact and not report.count:
            lines.append(_("%(chain)s: no records yet.") % {"chain": report.name})
        elif report.intact:
            lines.append(
                ngettext(
                    "%(chain)s: %(count)s record, intact; the last is %(last)s, hash %(head)s.",
                    "%(chain)s: %(count)s records, intact; the last is %(last)s, hash %(head)s.",
                    report.count,
                )
                % {
                    "chain": report.name,
                    "count": report.count,
                    "last": report.last_label,
                    "head": report.head,
                }
            )
        else:
            lines.append(
                _("%(chain)s: BROKEN at %(record)s: %(problem)s.")
                % {"chain": report.name, "record": report.broken_at, "problem": report.problem}
            )
    return lines
