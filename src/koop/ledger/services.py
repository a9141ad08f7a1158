"""Changes to the books: fiscal years, posting and reversing vouchers, sales and payments.

Every posting runs in one transaction: the voucher is written as a draft with its rows,
then posted by one UPDATE that the database checks (balance, fiscal year, locked period).
The checks here come first and give the friendly message; the triggers are the guarantee."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koop.core.audit import audit_record, snapshot
from koop.core.errors import FieldProblem, KoopValidationError
from koop.core.money import ZERO, round_money
from koop.ledger.chain import voucher_seal
from koop.ledger.models import (
    Account,
    AccountMapping,
    AccountPurpose,
    Dimension,
    FiscalYear,
    LedgerObject,
    ObjectMapping,
    Voucher,
    VoucherRow,
    VoucherSource,
)
from koop.ledger.models.accounts import COST_CENTRE_DIMENSION, PROJECT_DIMENSION
from koop.ledger.numbering import number_take
from koop.organisation.models import Cooperative, Unit

Actor = AbstractBaseUser | AnonymousUser | None

SALES_SERIES = "K"
PAYMENT_SERIES = "I"
MANUAL_SERIES = "A"

DIMENSION_NAMES = {COST_CENTRE_DIMENSION: "Kostnadsställe", PROJECT_DIMENSION: "Projekt"}


@dataclass(frozen=True)
class RowSpec:
    """One row to post: positive amounts are debit, negative credit."""

    account: int
    amount: Decimal
    cost_centre_id: int | None = None
    project_id: int | None = None
    text: str = ""
    business_area_id: int | None = None


def _user(actor: Actor) -> AbstractBaseUser | None:
    if actor is not None and actor.is_authenticated:
        return actor
    return None


# --- fiscal years ----------------------------------------------------------------------


def fiscal_year_for(day: dt.date) -> FiscalYear | None:
    return FiscalYear.objects.filter(start__lte=day, end__gte=day).first()


def fiscal_year_create(*, start: dt.date, end: dt.date, acting_user: Actor) -> FiscalYear:
    if end <= start:
        raise KoopValidationError(_("A fiscal year ends after it starts."), field="end")
    if (end - start).days > 549:
        raise KoopValidationError(_("A fiscal year is at most 18 months."), field="end")
    with transaction.atomic():
        if FiscalYear.objects.filter(start__lte=end, end__gte=start).exists():
            raise KoopValidationError(
                _("The fiscal year overlaps another fiscal year."), field="start"
            )
        year = FiscalYear.objects.create(start=start, end=end)
        audit_record(
            actor=acting_user,
            action="fiscal_year_create",
            obj=year,
            before=None,
            after=snapshot(year),
        )
    return year


def fiscal_year_ensure(*, day: dt.date, acting_user: Actor) -> FiscalYear:
    """The fiscal year of ``day``; a calendar year is opened if none covers it yet, so an
    invoice is never refused because central finance has not opened the year."""
    year = fiscal_year_for(day)
    if year is not None:
        return year
    return fiscal_year_create(
        start=dt.date(day.year, 1, 1), end=dt.date(day.year, 12, 31), acting_user=acting_user
    )


def fiscal_year_lock(*, fiscal_year: FiscalYear, until: dt.date, acting_user: Actor) -> FiscalYear:
    """Lock the period up to and including ``until``: no more postings dated then."""
    if not fiscal_year.start <= until <= fiscal_year.end:
        raise KoopValidationError(_("The date is outside the fiscal year."), field="until")
    with transaction.atomic():
        locked = FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
        before = snapshot(locked)
        if locked.locked_until is not None and until < locked.locked_until:
            raise KoopValidationError(
                _("A locked period stays locked (locked up to %(day)s).")
                % {"day": locked.locked_until.isoformat()},
                field="until",
            )
        locked.locked_until = until
        locked.save(update_fields=["locked_until"])
        audit_record(
            actor=acting_user,
            action="fiscal_year_lock",
            obj=locked,
            before=before,
            after=snapshot(locked),
        )
    return locked


# --- objects (cost centres, projects) --------------------------------------------------


def dimension_ensure(number: int, name: str = "") -> Dimension:
    dimension, _created = Dimension.objects.get_or_create(
        number=number, defaults={"name": name or DIMENSION_NAMES.get(number, str(number))}
    )
    return dimension


def object_ensure(*, dimension: int, code: str, name: str = "") -> LedgerObject:
    dimension_ensure(dimension)
    obj, _created = LedgerObject.objects.get_or_create(
        dimension_id=dimension, code=code, defaults={"name": name}
    )
    if dimension == COST_CENTRE_DIMENSION and _created:
        unit = Unit.objects.filter(cost_centre=code).order_by("pk").first()
        if unit is not None:
            ObjectMapping.objects.create(object=obj, unit=unit)
    return obj


def cost_centre_for_unit(unit: Unit) -> LedgerObject:
    """The unit's cost centre object (dimension 1), made and mapped on first use."""
    mapped = LedgerObject.objects.filter(
        dimension_id=COST_CENTRE_DIMENSION, code=unit.cost_centre, mapping__isnull=False
    ).first()
    if mapped is not None:  # the usual case, in one query
        return mapped
    obj = object_ensure(dimension=COST_CENTRE_DIMENSION, code=unit.cost_centre, name=unit.name)
    ObjectMapping.objects.get_or_create(object=obj, defaults={"unit": unit})
    return obj


def object_map(*, obj: LedgerObject, unit: Unit, acting_user: Actor) -> ObjectMapping:
    """Say which unit a cost centre of the books belongs to."""
    if obj.dimension_id != COST_CENTRE_DIMENSION:
        raise KoopValidationError(
            _("Only cost centres (dimension 1) map to units."), field="object"
        )
    with transaction.atomic():
        existing = ObjectMapping.objects.filter(object=obj).first()
        before = snapshot(existing) if existing else None
        mapping, _created = ObjectMapping.objects.update_or_create(
            object=obj, defaults={"unit": unit}
        )
        audit_record(
            actor=acting_user,
            action="ledger_object_map",
            obj=mapping,
            before=before,
            after=snapshot(mapping),
        )
    return mapping


# --- posting ---------------------------------------------------------------------------


def _check_rows(rows: Sequence[RowSpec]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if len(rows) < 2:
        problems.append(FieldProblem("rows", _("A voucher has at least two rows.")))
    numbers = {r.account for r in rows}
    known = set(
        Account.objects.filter(number__in=numbers, active=True).values_list("number", flat=True)
    )
    for number in sorted(numbers - known):
        problems.append(
            FieldProblem(
                "rows",
                _("Account %(number)s is not in the chart of accounts.") % {"number": number},
            )
        )
    for row in rows:
        if not isinstance(row.amount, Decimal) or row.amount != round_money(row.amount):
            problems.append(
                FieldProblem("rows", _("Amounts are kronor with at most two decimals."))
            )
            break
    if any(row.amount == ZERO for row in rows):
        problems.append(FieldProblem("rows", _("Every row has an amount: leave out rows of 0.")))
    total = sum((r.amount for r in rows), ZERO)
    if not problems and total != ZERO:
        problems.append(
            FieldProblem(
                "rows",
                _("The voucher does not balance: debit and credit differ by %(diff)s.")
                % {"diff": total},
            )
        )
    return problems


def _check_date(year: FiscalYear | None, day: dt.date) -> FiscalYear:
    if year is None:
        raise KoopValidationError(
            _("No fiscal year covers %(day)s.") % {"day": day.isoformat()}, field="date"
        )
    if year.locked_until is not None and day <= year.locked_until:
        raise KoopValidationError(
            _("The period is locked up to %(day)s; post in an open period.")
            % {"day": year.locked_until.isoformat()},
            field="date",
        )
    return year


def voucher_post(
    *,
    voucher_date: dt.date,
    series: str,
    text: str,
    rows: Sequence[RowSpec],
    acting_user: Actor,
    source: str = VoucherSource.MANUAL,
    source_key: str = "",
    reference: str = "",
    reverses: Voucher | None = None,
    open_year: bool = False,
) -> Voucher:
    """Post a balanced voucher with the next number of ``series`` in its fiscal year.

    With a ``source_key`` that is already posted, the voucher posted then is returned and
    nothing new is posted (a retried posting doubles nothing)."""
    problems = _check_rows(rows)
    if problems:
        raise KoopValidationError(problems)
    with transaction.atomic():
        if source_key:
            existing = Voucher.objects.filter(source_key=source_key).first()
            if existing is not None:
                return existing
        year = (
            fiscal_year_ensure(day=voucher_date, acting_user=acting_user)
            if open_year
            else fiscal_year_for(voucher_date)
        )
        year = _check_date(year, voucher_date)
        voucher_series, number = number_take(fiscal_year=year, code=series)
        voucher = Voucher.objects.create(
            fiscal_year=year,
            series=voucher_series,
            number=number,
            date=voucher_date,
            text=text[:200],
            source=source,
            source_key=source_key,
            reference=reference[:60],
            reverses=reverses,
            created_by_id=getattr(_user(acting_user), "pk", None),
        )
        stored = VoucherRow.objects.bulk_create(
            VoucherRow(
                voucher=voucher,
                position=i,
                account_id=r.account,
                amount=r.amount,
                cost_centre_id=r.cost_centre_id,
                project_id=r.project_id,
                business_area_id=r.business_area_id,
                text=r.text[:200],
            )
            for i, r in enumerate(rows, start=1)
        )
        voucher.posted, voucher.posted_at = True, timezone.now()
        Voucher.objects.filter(pk=voucher.pk).update(
            posted=True, posted_at=voucher.posted_at, **voucher_seal(voucher, stored)
        )
        audit_record(
            actor=acting_user,
            action="voucher_post",
            obj=voucher,
            before=None,
            after={**snapshot(voucher), "rows": [[r.account, str(r.amount)] for r in rows]},
        )
    return voucher


def voucher_reverse(
    *, voucher: Voucher, acting_user: Actor, on: dt.date | None = None, text: str = ""
) -> Voucher:
    """Correct ``voucher`` by posting its rows with the opposite sign in the same series, on
    ``on``; by default on the voucher's own date while its period is open, else today."""
    locked = voucher.fiscal_year.locked_until
    day = on or (voucher.date if locked is None or voucher.date > locked else timezone.localdate())
    if not voucher.posted:
        raise KoopValidationError(_("Only a posted voucher is reversed."), field="voucher")
    if voucher.reverses_id is not None:
        raise KoopValidationError(
            _("This voucher is itself a reversal; post a new voucher instead."), field="voucher"
        )
    if Voucher.objects.filter(reverses=voucher).exists():
        raise KoopValidationError(_("This voucher has already been reversed."), field="voucher")
    rows = [
        RowSpec(
            account=r.account_id,
            amount=-r.amount,
            cost_centre_id=r.cost_centre_id,
            project_id=r.project_id,
            text=r.text,
            business_area_id=r.business_area_id,
        )
        for r in voucher.rows.order_by("position")
    ]
    return voucher_post(
        voucher_date=day,
        series=voucher.series.code,
        text=text or _("Reversal of %(voucher)s") % {"voucher": str(voucher)},
        rows=rows,
        acting_user=acting_user,
        source=VoucherSource.REVERSAL,
        reverses=voucher,
        reference=str(voucher),
    )


# --- sales and payments ----------------------------------------------------------------


def mapped_account(
    purpose: str,
    *,
    vat_rate: Decimal | None = None,
    business_area_id: int | None = None,
    mappings: Sequence[AccountMapping] | None = None,
) -> int:
    """The account ``AccountMapping`` gives for a purpose (and VAT rate, business area).

    ``mappings``, all mappings of the purpose in primary key order, spares the queries when
    one posting looks up several accounts."""
    best = None
    if mappings is not None:
        rate = None if vat_rate is None else Decimal(vat_rate)
        candidates = [
            m for m in mappings if m.purpose == purpose and (rate is None or m.vat_rate == rate)
        ]
        if business_area_id is not None:
            best = next((m for m in candidates if m.business_area_id == business_area_id), None)
        if best is None:
            best = next((m for m in candidates if m.business_area_id is None), None)
    else:
        rows = AccountMapping.objects.filter(purpose=purpose)
        if vat_rate is not None:
            rows = rows.filter(vat_rate=Decimal(vat_rate))
        if business_area_id is not None:
            best = rows.filter(business_area_id=business_area_id).order_by("pk").first()
        if best is None:
            best = rows.filter(business_area__isnull=True).order_by("pk").first()
    if best is None:
        raise KoopValidationError(
            _("No account is mapped for %(purpose)s %(rate)s; central finance sets it.")
            % {"purpose": purpose, "rate": "" if vat_rate is None else f"{vat_rate} %"},
            field="account",
        )
    return best.account_id


def voucher_post_sale(
    *,
    cooperative: Cooperative,
    voucher_date: dt.date,
    unit: Unit,
    reference: str,
    text: str,
    receivable: Decimal,
    revenue: Sequence[tuple[int | None, Decimal, Decimal]],
    vat: Sequence[tuple[Decimal, Decimal]],
    credit_note: bool,
    acting_user: Actor,
) -> Voucher | None:
    """Post an issued invoice or credit note: receivable (1510) against revenue per VAT rate
    and business area and output VAT per rate, every row on the unit's cost centre.

    Amounts are given as on the document (positive); a credit note turns the signs. A
    difference between the receivable and net + VAT (öre rounding) goes to the rounding
    account. Posting the same document twice posts nothing new; a document of 0 kronor
    posts nothing at all (a voucher has no rows of 0)."""
    if unit.cooperative_id != cooperative.pk:
        raise KoopValidationError(_("The unit belongs to another cooperative."), field="unit")
    sign = Decimal(-1) if credit_note else Decimal(1)
    with transaction.atomic():
        cc = cost_centre_for_unit(unit).pk
        mappings = list(
            AccountMapping.objects.filter(
                purpose__in=[
                    AccountPurpose.RECEIVABLE,
                    AccountPurpose.REVENUE,
                    AccountPurpose.OUTPUT_VAT,
                    AccountPurpose.ROUNDING,
                ]
            ).order_by("pk")
        )
        rows = [
            RowSpec(
                account=mapped_account(AccountPurpose.RECEIVABLE, mappings=mappings),
                amount=sign * receivable,
                cost_centre_id=cc,
                text=text,
            )
        ]
        credited = ZERO
        for area_id, rate, net in revenue:
            account = mapped_account(
                AccountPurpose.REVENUE, vat_rate=rate, business_area_id=area_id, mappings=mappings
            )
            rows.append(
                RowSpec(
                    account=account,
                    amount=-sign * net,
                    cost_centre_id=cc,
                    business_area_id=area_id,
                    text=text,
                )
            )
            credited += net
        for rate, amount in vat:
            if amount == ZERO:
                continue
            rows.append(
                RowSpec(
                    account=mapped_account(
                        AccountPurpose.OUTPUT_VAT, vat_rate=rate, mappings=mappings
                    ),
                    amount=-sign * amount,
                    cost_centre_id=cc,
                    text=text,
                )
            )
            credited += amount
        rounding = receivable - credited
        if rounding != ZERO:
            rows.append(
                RowSpec(
                    account=mapped_account(AccountPurpose.ROUNDING, mappings=mappings),
                    amount=-sign * rounding,
                    cost_centre_id=cc,
                    text=text,
                )
            )
        rows = [r for r in rows if r.amount != ZERO]  # a line given away books nothing
        if not rows:
            return None
        kind = "credit" if credit_note else "sale"
        return voucher_post(
            voucher_date=voucher_date,
            series=SALES_SERIES,
            text=text,
            rows=rows,
            acting_user=acting_user,
            source=VoucherSource.SALE,
            source_key=f"{kind}:{cooperative.pk}:{reference}",
            reference=reference,
            open_year=True,
        )


def voucher_post_payment(
    *,
    cooperative: Cooperative,
    voucher_date: dt.date,
    unit: Unit,
    reference: str,
    text: str,
    amount: Decimal,
    acting_user: Actor,
    payment_key: str = "",
) -> Voucher:
    """Post a customer payment: bank (1930) against receivables (1510)."""
    if unit.cooperative_id != cooperative.pk:
        raise KoopValidationError(_("The unit belongs to another cooperative."), field="unit")
    with transaction.atomic():
        cc = cost_centre_for_unit(unit).pk
        rows = [
            RowSpec(
                account=mapped_account(AccountPurpose.BANK),
                amount=amount,
                cost_centre_id=cc,
                text=text,
            ),
            RowSpec(
                account=mapped_account(AccountPurpose.RECEIVABLE),
                amount=-amount,
                cost_centre_id=cc,
                text=text,
            ),
        ]
        return voucher_post(
            voucher_date=voucher_date,
            series=PAYMENT_SERIES,
            text=text,
            rows=rows,
            acting_user=acting_user,
            source=VoucherSource.PAYMENT,
            source_key=f"payment:{cooperative.pk}:{payment_key}" if payment_key else "",
            reference=reference,
            open_year=True,
        )
