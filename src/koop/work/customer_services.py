"""Changes to customers, agreements and price lists; one transaction and one audit row each."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError

from koop.core.audit import audit_record, snapshot
from koop.core.errors import FieldProblem, KoopValidationError
from koop.core.identifiers import mask_personnummer, normalise_orgnr, normalise_personnummer
from koop.core.validation import validate_model
from koop.core.vat import check_vat_rate
from koop.organisation.models import BusinessArea, Cooperative, Unit
from koop.work.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementStatusChange,
    Customer,
    CustomerKind,
    PriceItemKind,
    PriceListItem,
)

Actor = AbstractBaseUser | AnonymousUser | None

PEPPOL_ORGNR_SCHEME = "0007"  # ISO 6523 ICD of the Swedish organisation number
_PEPPOL_ID = re.compile(r"^(\d{4}):([A-Za-z0-9._-]{1,46})$")
# A Swedish postcode: five digits, the first not 0, written "NNN NN".
_SWEDISH_POSTCODE = re.compile(r"^[1-9]\d{4}$")

AGREEMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    AgreementStatus.DRAFT: frozenset({AgreementStatus.ACTIVE, AgreementStatus.CANCELLED}),
    AgreementStatus.ACTIVE: frozenset({AgreementStatus.ENDED}),
    AgreementStatus.ENDED: frozenset(),
    AgreementStatus.CANCELLED: frozenset(),
}


def _user_or_none(user: Actor) -> Any:
    return user if user is not None and user.is_authenticated else None


# --- customers -------------------------------------------------------------------------


def peppol_id_for_orgnr(orgnr: str) -> str:
    """``0007:`` followed by the ten digits of a Swedish organisation number."""
    return f"{PEPPOL_ORGNR_SCHEME}:{orgnr.replace('-', '')}"


def _customer_snapshot(customer: Customer) -> dict[str, object]:
    data = snapshot(customer)
    if customer.kind == CustomerKind.PRIVATE:
        data["identity_number"] = mask_personnummer(customer.identity_number)
    return data


def _model_problems(obj: Any, *, skip: Iterable[str | None]) -> list[FieldProblem]:
    """What the model's own validation finds, leaving out the fields already reported
    (their value may be unnormalised, so the model's message would only repeat ours)."""
    try:
        validate_model(obj, exclude=[name for name in skip if name])
    except KoopValidationError as error:
        return list(error.problems)
    return []


def _clean_postcode(value: str) -> str:
    """``60181`` and ``601 81`` alike become ``601 81``; a ValueError if it is no postcode."""
    digits = value.replace(" ", "")
    if not _SWEDISH_POSTCODE.match(digits):
        raise ValueError(value)
    return f"{digits[:3]} {digits[3:]}"


def _clean_customer(customer: Customer) -> None:
    """Normalise the identifiers in place. Every problem is collected, the model's own
    checks included, and reported in one error, so a form shows them all at once."""
    for name in (
        "name",
        "department",
        "identity_number",
        "vat_number",
        "peppol_id",
        "buyer_reference",
        "invoice_email",
        "street_address",
        "postal_code",
        "city",
    ):
        setattr(customer, name, (getattr(customer, name) or "").strip())
    customer.country = (customer.country or "SE").strip().upper()
    problems: list[FieldProblem] = []
    swedish = customer.country == "SE"
    is_org = customer.kind != CustomerKind.PRIVATE
    if customer.identity_number and swedish:
        try:
            customer.identity_number = (
                normalise_orgnr(customer.identity_number)
                if is_org
                else normalise_personnummer(customer.identity_number)
            )
        except ValidationError as exc:
            problems.append(FieldProblem("identity_number", exc.messages[0]))
    elif is_org and swedish:
        problems.append(
            FieldProblem("identity_number", _("Enter the organisation number (NNNNNN-NNNN)."))
        )
    if customer.vat_number:
        try:
            customer.vat_number = str(eu_vat.validate(customer.vat_number))
        except StdnumError:
            problems.append(
                FieldProblem(
                    "vat_number",
                    _("%(value)s is not a valid EU VAT number (for Sweden SE + 12 digits).")
                    % {"value": customer.vat_number},
                )
            )
        else:
            org_digits = customer.identity_number.replace("-", "")
            if (
                customer.vat_number.startswith("SE")
                and is_org
                and len(org_digits) == 10
                and customer.vat_number[2:12] != org_digits
            ):
                problems.append(
                    FieldProblem(
                        "vat_number",
                        _("The VAT number does not match the organisation number."),
                    )
                )
    if customer.postal_code and swedish:
        try:
            customer.postal_code = _clean_postcode(customer.postal_code)
        except ValueError:
            problems.append(
                FieldProblem(
                    "postal_code",
                    _("%(value)s is not a Swedish postcode (five digits, NNN NN).")
                    % {"value": customer.postal_code},
                )
            )
    if customer.kind == CustomerKind.PUBLIC:
        if not customer.buyer_reference:
            problems.append(
                FieldProblem(
                    "buyer_reference",
                    _(
                        "A public customer needs a buyer reference (Er referens): public "
                        "buyers reject e-invoices without one."
                    ),
                )
            )
        if (
            not customer.peppol_id
            and swedish
            and customer.identity_number
            and not any(p.field == "identity_number" for p in problems)
        ):
            customer.peppol_id = peppol_id_for_orgnr(customer.identity_number)
    if customer.peppol_id:
        match = _PEPPOL_ID.match(customer.peppol_id)
        if match is None:
            problems.append(
                FieldProblem(
                    "peppol_id",
                    _(
                        "A Peppol participant id is a four-digit scheme, a colon and the id, "
                        "for example 0007:2120000142."
                    ),
                )
            )
        elif match.group(1) == PEPPOL_ORGNR_SCHEME:
            try:
                normalise_orgnr(match.group(2))
            except ValidationError:
                problems.append(
                    FieldProblem(
                        "peppol_id",
                        _("After 0007: a Peppol id needs a valid organisation number."),
                    )
                )
    problems.extend(_model_problems(customer, skip={p.field for p in problems}))
    if problems:
        raise KoopValidationError(problems)


CUSTOMER_FIELDS = frozenset(
    {
        "kind",
        "name",
        "department",
        "identity_number",
        "vat_number",
        "street_address",
        "postal_code",
        "city",
        "country",
        "invoice_email",
        "peppol_id",
        "buyer_reference",
        "payment_terms_days",
        "active",
        "note",
    }
)


def _unknown_fields(given: Iterable[str], allowed: frozenset[str]) -> None:
    unknown = set(given) - allowed
    if unknown:
        raise KoopValidationError(
            _("These fields cannot be set here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )


def _apply_changes(customer: Customer, changes: dict[str, Any]) -> None:
    old_derived = peppol_id_for_orgnr(customer.identity_number)
    for name, value in changes.items():
        setattr(customer, name, value)
    # A Peppol id derived from the old org.nr follows a corrected org.nr.
    if customer.peppol_id == old_derived and "peppol_id" not in changes:
        customer.peppol_id = ""


def customer_check(
    *, cooperative: Cooperative, customer: Customer | None = None, **details: Any
) -> Customer:
    """The customer ``details`` would make (or, given ``customer``, what they would make of
    it), normalised and not saved; one ``KoopValidationError`` naming every problem.

    ``customer_create`` and ``customer_update`` check exactly this. A form whose own checks
    failed for some fields asks it about the others, so every problem shows at once."""
    _unknown_fields(details, CUSTOMER_FIELDS)
    if customer is None:
        candidate = Customer(cooperative=cooperative, **details)
    else:
        candidate = Customer.objects.get(pk=customer.pk)
        _apply_changes(candidate, details)
    _clean_customer(candidate)
    return candidate


def customer_create(
    *, cooperative: Cooperative, kind: str, name: str, acting_user: Actor, **details: Any
) -> Customer:
    """A new customer. A public body's Peppol id is derived from its org.nr unless given."""
    customer = customer_check(cooperative=cooperative, kind=kind, name=name, **details)
    with transaction.atomic():
        customer.save()
        audit_record(
            actor=acting_user,
            action="customer_create",
            obj=customer,
            before=None,
            after=_customer_snapshot(customer),
        )
    return customer


def customer_update(*, customer: Customer, acting_user: Actor, **changes: Any) -> Customer:
    _unknown_fields(changes, CUSTOMER_FIELDS)
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        before = _customer_snapshot(customer)
        _apply_changes(customer, changes)
        _clean_customer(customer)
        customer.save()
        audit_record(
            actor=acting_user,
            action="customer_update",
            obj=customer,
            before=before,
            after=_customer_snapshot(customer),
        )
    return customer


# --- agreements ------------------------------------------------------------------------


def _check_agreement_links(agreement: Agreement, units: list[Unit]) -> None:
    problems: list[FieldProblem] = []
    coop = agreement.cooperative_id
    if not units:
        problems.append(FieldProblem("units", _("Choose at least one unit.")))
    elif any(u.cooperative_id != coop for u in units):
        problems.append(FieldProblem("units", _("A unit belongs to another cooperative.")))
    if agreement.customer.cooperative_id != coop:
        problems.append(FieldProblem("customer", _("The customer belongs to another cooperative.")))
    if agreement.business_area.cooperative_id != coop:
        problems.append(
            FieldProblem("business_area", _("The business area belongs to another cooperative."))
        )
    if agreement.kind == AgreementKind.RESERVED and not agreement.procurement_reference:
        problems.append(
            FieldProblem(
                "procurement_reference",
                _("A reserved contract (LOU 4 kap. 18 §) needs the procurement's reference."),
            )
        )
    if problems:
        raise KoopValidationError(problems)


def agreement_create(
    *,
    cooperative: Cooperative,
    customer: Customer,
    kind: str,
    title: str,
    units: Iterable[Unit],
    business_area: BusinessArea,
    valid_from: dt.date,
    acting_user: Actor,
    valid_to: dt.date | None = None,
    procurement_reference: str = "",
    social_requirements: str = "",
    status: str = AgreementStatus.ACTIVE,
) -> Agreement:
    """A new agreement, active (or a draft, with ``status="draft"``)."""
    if status not in (AgreementStatus.ACTIVE, AgreementStatus.DRAFT):
        raise KoopValidationError(_("A new agreement is a draft or active."), field="status")
    agreement = Agreement(
        cooperative=cooperative,
        customer=customer,
        kind=kind,
        title=(title or "").strip(),
        business_area=business_area,
        valid_from=valid_from,
        valid_to=valid_to,
        procurement_reference=(procurement_reference or "").strip(),
        social_requirements=(social_requirements or "").strip(),
        status=status,
    )
    unit_list = list(units)
    _check_agreement_links(agreement, unit_list)
    validate_model(agreement)
    with transaction.atomic():
        agreement.save()
        agreement.units.set(unit_list)
        AgreementStatusChange.objects.create(
            agreement=agreement, by=_user_or_none(acting_user), from_status="", to_status=status
        )
        audit_record(
            actor=acting_user,
            action="agreement_create",
            obj=agreement,
            before=None,
            after=snapshot(agreement),
        )
    return agreement


def agreement_transition(
    *, agreement: Agreement, to: str, acting_user: Actor, note: str = ""
) -> Agreement:
    with transaction.atomic():
        current = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if to not in AGREEMENT_TRANSITIONS.get(current.status, frozenset()):
            labels = dict(AgreementStatus.choices)
            raise KoopValidationError(
                _("An agreement cannot go from %(from)s to %(to)s.")
                % {"from": labels[current.status], "to": labels.get(to, to)},
                field="to",
            )
        before = snapshot(current)
        old = current.status
        current.status = to
        current.save(update_fields=["status"])
        AgreementStatusChange.objects.create(
            agreement=current,
            by=_user_or_none(acting_user),
            from_status=old,
            to_status=to,
            note=(note or "")[:500],
        )
        audit_record(
            actor=acting_user,
            action="agreement_transition",
            obj=current,
            before=before,
            after=snapshot(current),
        )
    agreement.status = current.status
    return current


def price_item_add(
    *,
    agreement: Agreement,
    kind: str,
    name: str,
    price: Decimal,
    vat_rate: Decimal,
    acting_user: Actor,
) -> PriceListItem:
    """A service (price per hour) or an article (price per piece) on the price list; the
    VAT rate must be one in force when the agreement starts."""
    if kind not in PriceItemKind.values:
        raise KoopValidationError(_("Choose service or article."), field="kind")
    try:
        price = Decimal(str(price))
        vat_rate = Decimal(str(vat_rate))
    except InvalidOperation:
        raise KoopValidationError(_("Enter a number."), field="price") from None
    if price < 0:
        raise KoopValidationError(_("A price cannot be negative."), field="price")
    check_vat_rate(vat_rate, on=agreement.valid_from)
    item = PriceListItem(
        agreement=agreement, kind=kind, name=(name or "").strip(), price=price, vat_rate=vat_rate
    )
    validate_model(item)
    with transaction.atomic():
        item.save()
        audit_record(
            actor=acting_user,
            action="price_item_add",
            obj=item,
            before=None,
            after=snapshot(item),
        )
    return item
