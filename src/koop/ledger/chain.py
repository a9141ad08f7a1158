"""The hash chain of the vouchers: what a posted voucher's content is, sealing it when it
is posted, and reading each series back for ``koop verify-books``.

A chain is one voucher series (a code in a fiscal year), in number order. A voucher's
content is its fiscal year, series, number, date, text, source and source key, reference,
the voucher it reverses, when it was posted, and every row: position, account, amount,
cost centre, project, other objects, business area, text and quantity. The serialisation
is ``koop.core.chain``'s. A posted voucher never changes (migration 0002), so neither do
its two chain columns once posted."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple, Protocol

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from koop.core.chain import GENESIS, Chain, Sealed, amount, day, link, moment


class RowFacts(NamedTuple):
    """A row as it is stored, for code that writes rows without model instances."""

    position: int
    account_id: int
    amount: Any
    cost_centre_id: int | None = None
    project_id: int | None = None
    other_objects: str = ""
    business_area_id: int | None = None
    text: str = ""
    quantity: Any = None


class _RowLike(Protocol):
    @property
    def position(self) -> int: ...
    @property
    def account_id(self) -> int: ...
    @property
    def amount(self) -> Any: ...
    @property
    def cost_centre_id(self) -> int | None: ...
    @property
    def project_id(self) -> int | None: ...
    @property
    def other_objects(self) -> str: ...
    @property
    def business_area_id(self) -> int | None: ...
    @property
    def text(self) -> str: ...
    @property
    def quantity(self) -> Any: ...


def voucher_content(voucher: Any, rows: Iterable[_RowLike]) -> dict[str, Any]:
    """The content of ``voucher`` (a ``Voucher``, saved or not, with ``fiscal_year`` and
    ``series`` at hand) and its ``rows`` (``VoucherRow`` or ``RowFacts``)."""
    return {
        "record": "voucher",
        "fiscal_year": [day(voucher.fiscal_year.start), day(voucher.fiscal_year.end)],
        "series": voucher.series.code,
        "number": voucher.number,
        "date": day(voucher.date),
        "text": voucher.text,
        "source": voucher.source,
        "source_key": voucher.source_key,
        "reference": voucher.reference,
        "reverses": voucher.reverses_id,
        "posted_at": moment(voucher.posted_at),
        "rows": [
            {
                "position": row.position,
                "account": row.account_id,
                "amount": amount(row.amount),
                "cost_centre": row.cost_centre_id,
                "project": row.project_id,
                "other_objects": row.other_objects,
                "business_area": row.business_area_id,
                "text": row.text,
                "quantity": amount(row.quantity),
            }
            for row in sorted(rows, key=lambda r: r.position)
        ],
    }


def previous_hash(voucher_model: Any, *, series_id: int, number: int) -> str:
    """The hash of the posted voucher before ``number`` in the series (``GENESIS`` for the
    first). Read under the series' lock, which the number was taken with."""
    previous = (
        voucher_model.objects.filter(series_id=series_id, posted=True, number__lt=number)
        .order_by("-number")
        .values_list("chain_hash", flat=True)
        .first()
    )
    return GENESIS if previous is None else previous


def seal(voucher: Any, rows: Iterable[_RowLike], *, previous: str) -> dict[str, str]:
    """Set ``voucher``'s chain columns after ``previous``; returns them for an UPDATE."""
    voucher.chain_previous = previous
    voucher.chain_hash = link(previous, voucher_content(voucher, rows))
    return {"chain_previous": voucher.chain_previous, "chain_hash": voucher.chain_hash}


def voucher_seal(voucher: Any, rows: Iterable[_RowLike]) -> dict[str, str]:
    """Seal ``voucher`` (being posted, ``posted_at`` set) after the voucher before it."""
    previous = previous_hash(type(voucher), series_id=voucher.series_id, number=voucher.number)
    return seal(voucher, rows, previous=previous)


# --- reading the chains back ----------------------------------------------------------


def series_label(series: Any) -> str:
    return _("Voucher series %(code)s, fiscal year %(year)s") % {
        "code": series.code,
        "year": str(series.fiscal_year),
    }


def _sealed(voucher_model: Any, row_model: Any, series: Any, using: str) -> Iterator[Sealed]:
    vouchers = (
        voucher_model.objects.using(using)
        .filter(series=series, posted=True)
        .order_by("number")
        .prefetch_related(Prefetch("rows", queryset=row_model.objects.using(using)))
    )
    for voucher in vouchers.iterator(chunk_size=1000):
        # The series and year were read once for the whole chain.
        voucher.series, voucher.fiscal_year = series, series.fiscal_year
        yield Sealed(
            label=f"{series.code}{voucher.number}",
            number=voucher.number,
            previous=voucher.chain_previous,
            hash=voucher.chain_hash,
            content=voucher_content(voucher, voucher.rows.all()),
        )


def chains_of(
    series_model: Any, voucher_model: Any, row_model: Any, using: str = "default"
) -> Iterator[Chain]:
    """Every voucher series as a chain, oldest fiscal year first."""
    all_series = (
        series_model.objects.using(using)
        .select_related("fiscal_year")
        .order_by("fiscal_year__start", "code")
    )
    for series in all_series:
        yield Chain(
            name=series_label(series),
            key=f"ledger:{series.fiscal_year.start.isoformat()}:{series.code}",
            records=_sealed(voucher_model, row_model, series, using),
            next_number=series.next_number,
        )


def voucher_chains(using: str = "default") -> Iterator[Chain]:
    from koop.ledger.models import Voucher, VoucherRow, VoucherSeries

    return chains_of(VoucherSeries, Voucher, VoucherRow, using)
