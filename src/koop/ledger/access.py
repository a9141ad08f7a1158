"""Who may see and change the books.

Central roles (administrator, central finance, regional manager) see everything; a unit
leader sees the vouchers and reports of their own units' cost centres. Posting, reversing,
importing, mapping, levy runs, the pool and fund and the Fortnox link are for central
finance and the administrator.

A voucher can carry rows of several units (the monthly levy has one per unit): a unit
leader who opens it sees the rows of their own units only, and the rest as one line of
other units, their sum, so that no other unit's figures can be read off."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from koop.core.access import Principal, Role, found, require
from koop.ledger.models import Voucher, VoucherRow
from koop.ledger.reports import cost_centre_ids_for_units
from koop.organisation.models import Unit


def can_read_ledger(principal: Principal) -> bool:
    return principal.is_central or bool(principal.led_unit_ids)


def can_keep_books(principal: Principal) -> bool:
    return principal.has_any(Role.ADMIN, Role.FINANCE)


def access_ledger(principal: Principal, *, write: bool = False) -> None:
    require(can_keep_books(principal) if write else can_read_ledger(principal))


def access_central_ledger(principal: Principal) -> None:
    require(principal.is_central)


def visible_cost_centre_ids(principal: Principal) -> list[int] | None:
    """None for all (central roles); else the cost centres of the units the principal leads."""
    if principal.is_central:
        return None
    return cost_centre_ids_for_units(principal.led_unit_ids)


def access_voucher(principal: Principal, voucher_id: int, *, write: bool = False) -> Voucher:
    voucher = Voucher.objects.select_related("series", "fiscal_year").filter(pk=voucher_id).first()
    if voucher is None or not can_read_ledger(principal):
        raise found(None)
    if write:
        require(can_keep_books(principal))
    ids = visible_cost_centre_ids(principal)
    if ids is not None:
        require(VoucherRow.objects.filter(voucher=voucher, cost_centre_id__in=ids).exists())
    return voucher


def access_unit_report(principal: Principal, unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id, cooperative_id=found(principal.cooperative_id)).first()
    allowed = unit is not None and (principal.is_central or unit.pk in principal.led_unit_ids)
    return found(unit, allowed=allowed)


@dataclass(frozen=True)
class SeenRows:
    """The rows of a voucher that a principal sees; ``others`` sums every other row (a
    debit positive), None when nothing is held back."""

    rows: list[VoucherRow]
    others: Decimal | None = None

    @property
    def others_debit(self) -> Decimal | None:
        return self.others if self.others is not None and self.others > 0 else None

    @property
    def others_credit(self) -> Decimal | None:
        return -self.others if self.others is not None and self.others < 0 else None


def voucher_rows_seen(principal: Principal, voucher: Voucher) -> SeenRows:
    """All rows for the central roles; for a unit leader their own units' rows and the
    others summed into one."""
    rows = list(
        voucher.rows.select_related("account", "cost_centre", "project").order_by("position")
    )
    ids = visible_cost_centre_ids(principal)
    if ids is None:
        return SeenRows(rows)
    own = set(ids)
    mine = [r for r in rows if r.cost_centre_id in own]
    if len(mine) == len(rows):
        return SeenRows(mine)
    return SeenRows(
        mine, sum((r.amount for r in rows if r.cost_centre_id not in own), Decimal("0.00"))
    )
