"""Who may see and change the books.

Central roles (administrator, central finance, regional manager) see everything; a unit
leader sees the vouchers and reports of their own units' cost centres. Posting, reversing,
importing, mapping, levy runs, the pool and fund and the Fortnox link are for central
finance and the administrator."""

from __future__ import annotations

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
