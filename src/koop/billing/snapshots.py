"""What an invoice says about the seller and the buyer, taken when it is issued.

The dictionaries have the fields of ``documents.model.Seller`` / ``Buyer`` (the address as
a nested dictionary), so the document is rebuilt from them without reading anything that
may have changed since."""

from __future__ import annotations

from typing import Any

from koop.billing.models import InvoiceSettings
from koop.organisation.models import Cooperative, Unit
from koop.work.models import Customer, CustomerKind


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def seller_snapshot(
    cooperative: Cooperative, settings: InvoiceSettings, unit: Unit
) -> dict[str, Any]:
    return {
        "name": cooperative.name,
        "org_number": cooperative.org_number,
        "vat_number": cooperative.vat_number,
        "address": {
            "street": cooperative.street_address,
            "postal_code": cooperative.postal_code,
            "city": cooperative.city,
            "country": "SE",
        },
        "f_tax_text": settings.f_tax_text if cooperative.approved_for_f_tax else "",
        "legal_form": cooperative.legal_form,
        "bankgiro": settings.bankgiro,
        "plusgiro": settings.plusgiro,
        "iban": settings.iban,
        "bic": settings.bic,
        "email": cooperative.email,
        "phone": cooperative.phone,
        "reference": f"{unit.name} ({unit.cost_centre})",
        "peppol_id": f"0007:{_digits(cooperative.org_number)}",
    }


def buyer_snapshot(customer: Customer, *, buyer_reference: str) -> dict[str, Any]:
    return {
        "name": customer.name,
        "department": customer.department,
        "identity_number": customer.identity_number,
        "vat_number": customer.vat_number,
        "address": {
            "street": customer.street_address,
            "postal_code": customer.postal_code,
            "city": customer.city,
            "country": customer.country or "SE",
        },
        "email": customer.invoice_email,
        "peppol_id": customer.peppol_id,
        "buyer_reference": buyer_reference,
        "is_public": customer.kind == CustomerKind.PUBLIC,
        "is_private_person": customer.kind == CustomerKind.PRIVATE,
    }
