"""The billing endpoints: invoices, drafts, issuing, credit notes, payments, downloads.

Same access rules as the pages (``koop.billing.access``) and the same services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from koop.billing.access import (
    access_billing_unit,
    access_invoice,
    access_invoice_draft,
    access_invoiceable_work_order,
)
from koop.billing.models import Invoice, InvoiceDraft, UnitCode
from koop.billing.rendering import file_name, invoice_pdf, invoice_ubl
from koop.billing.selectors import draft_references, invoice_list
from koop.billing.services import (
    credit_note_issue,
    invoice_draft_add_line,
    invoice_draft_create,
    invoice_draft_from_work_order,
    invoice_issue,
    payment_register,
)
from koop.core.access import principal_of, require

router = Router(tags=["billing"])


class InvoiceLineOut(Schema):
    line_no: int
    description: str
    quantity: Decimal
    unit_code: str
    unit_price: Decimal
    net_amount: Decimal
    vat_rate: Decimal
    vat_category: str
    business_area_id: int
    work_order_id: int | None
    credited_line_id: int | None


class VatAmountOut(Schema):
    rate: Decimal
    category: str
    taxable_amount: Decimal
    vat_amount: Decimal


class InvoiceOut(Schema):
    id: int
    kind: str
    number: int
    unit_id: int
    customer_id: int
    customer: str
    issue_date: dt.date
    due_date: dt.date
    ocr_reference: str
    buyer_reference: str
    net_total: Decimal
    vat_total: Decimal
    payable: Decimal
    credited_invoice_id: int | None
    status: str  # annotated by invoice_list
    outstanding: Decimal

    @staticmethod
    def resolve_customer(obj: Invoice) -> str:
        return str(obj.customer)

    @staticmethod
    def resolve_outstanding(obj: Invoice) -> Decimal:
        if obj.kind != "invoice":
            return Decimal("0.00")
        return max(Decimal(getattr(obj, "outstanding")), Decimal("0.00"))  # noqa: B009


class InvoiceDetailOut(InvoiceOut):
    lines: list[InvoiceLineOut]
    vat_amounts: list[VatAmountOut]
    paid: Decimal
    credited: Decimal

    @staticmethod
    def resolve_paid(obj: Invoice) -> Decimal:
        return Decimal(getattr(obj, "paid_sum"))  # noqa: B009  # annotated by invoice_list

    @staticmethod
    def resolve_credited(obj: Invoice) -> Decimal:
        return Decimal(getattr(obj, "credited_sum"))  # noqa: B009  # annotated by invoice_list


class DraftLineOut(Schema):
    id: int
    description: str
    quantity: Decimal
    unit_code: str
    unit_price: Decimal
    vat_rate: Decimal
    business_area_id: int
    work_order_id: int | None


class DraftOut(Schema):
    id: int
    unit_id: int
    customer_id: int
    buyer_reference: str
    lines: list[DraftLineOut]


class DraftLineIn(Schema):
    description: str = Field(..., min_length=1, max_length=300)
    quantity: Decimal
    unit_code: UnitCode = UnitCode.EACH
    unit_price: Decimal
    vat_rate: Decimal
    business_area_id: int


class DraftIn(Schema):
    unit_id: int
    customer_id: int
    work_order_ids: list[int] = []
    lines: list[DraftLineIn] = []
    buyer_reference: str | None = None
    contract_reference: str = ""
    note: str = ""


class IssueIn(Schema):
    issue_date: dt.date | None = None


class CreditIn(Schema):
    # Invoice line id -> quantity to take back; leave out to credit everything left.
    lines: dict[int, Decimal] | None = None
    reason: str = ""


class PaymentIn(Schema):
    paid_on: dt.date
    amount: Decimal
    reference: str = ""


class PaymentOut(Schema):
    id: int
    invoice_id: int
    paid_on: dt.date
    amount: Decimal
    reference: str


def _invoice_detail(invoice: Invoice) -> Invoice:
    """The invoice with its status and balance (lines and VAT rows come from the schema)."""
    return invoice_list(cooperative_id=invoice.cooperative_id).get(pk=invoice.pk)


def _draft_out(draft: InvoiceDraft) -> dict[str, Any]:
    return {
        "id": draft.pk,
        "unit_id": draft.unit_id,
        "customer_id": draft.customer_id,
        "buyer_reference": draft.buyer_reference,
        "lines": list(draft.lines.all()),
    }


@router.get("/invoices", response=list[InvoiceOut])
@paginate
def list_invoices(
    request: HttpRequest,
    unit_id: int | None = None,
    status: str = "",
    customer_id: int | None = None,
) -> object:
    """Invoices and credit notes the caller may see, newest first."""
    principal = principal_of(request)
    if unit_id is not None:
        access_billing_unit(principal, unit_id)
        unit_ids = None
    else:
        require(principal.is_central or bool(principal.staff_unit_ids))
        unit_ids = None if principal.is_central else principal.staff_unit_ids
    return invoice_list(
        cooperative_id=principal.cooperative_id or 0,
        unit_id=unit_id,
        unit_ids=unit_ids,
        status=status,
        customer_id=customer_id,
    )


@router.get("/invoices/{invoice_id}", response=InvoiceDetailOut)
def get_invoice(request: HttpRequest, invoice_id: int) -> object:
    return _invoice_detail(access_invoice(principal_of(request), invoice_id))


@router.post("/invoice-drafts", response={201: DraftOut})
def create_invoice_draft(request: HttpRequest, payload: DraftIn) -> object:
    """A draft from done work orders of one customer and/or free lines."""
    unit = access_billing_unit(principal_of(request), payload.unit_id, write=True)
    customer, orders, areas = draft_references(
        cooperative_id=unit.cooperative_id,
        customer_id=payload.customer_id,
        work_order_ids=payload.work_order_ids,
        area_ids=[line.business_area_id for line in payload.lines],
    )
    with transaction.atomic():
        draft = invoice_draft_create(
            unit=unit,
            customer=customer,
            work_orders=orders,
            acting_user=request.user,
            buyer_reference=payload.buyer_reference,
            contract_reference=payload.contract_reference,
            note=payload.note,
        )
        for line in payload.lines:
            area = areas[line.business_area_id]
            invoice_draft_add_line(
                draft=draft,
                description=line.description,
                quantity=line.quantity,
                unit_code=line.unit_code,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                business_area=area,
                acting_user=request.user,
            )
    return Status(201, _draft_out(draft))


@router.post("/work-orders/{work_order_id}/invoice-draft", response={201: DraftOut})
def invoice_work_order(request: HttpRequest, work_order_id: int) -> object:
    """Fakturera (invoice): a draft of one done work order's time and material, priced from its
    agreement; 422 naming every reason when there is nothing to make a draft of."""
    order = access_invoiceable_work_order(principal_of(request), work_order_id)
    draft = invoice_draft_from_work_order(work_order=order, acting_user=request.user)
    return Status(201, _draft_out(draft))


@router.get("/invoice-drafts/{draft_id}", response=DraftOut)
def get_invoice_draft(request: HttpRequest, draft_id: int) -> object:
    return _draft_out(access_invoice_draft(principal_of(request), draft_id))


@router.post("/invoice-drafts/{draft_id}/issue", response={201: InvoiceDetailOut})
def issue_invoice_draft(request: HttpRequest, draft_id: int, payload: IssueIn) -> object:
    draft = access_invoice_draft(principal_of(request), draft_id, write=True)
    invoice = invoice_issue(draft=draft, acting_user=request.user, issue_date=payload.issue_date)
    return Status(201, _invoice_detail(invoice))


@router.post("/invoices/{invoice_id}/credit-notes", response={201: InvoiceDetailOut})
def credit_invoice(request: HttpRequest, invoice_id: int, payload: CreditIn) -> object:
    invoice = access_invoice(principal_of(request), invoice_id, write=True)
    credit = credit_note_issue(
        invoice=invoice,
        quantities=payload.lines,
        reason=payload.reason,
        acting_user=request.user,
    )
    return Status(201, _invoice_detail(credit))


@router.post("/invoices/{invoice_id}/payments", response={201: PaymentOut})
def pay_invoice(request: HttpRequest, invoice_id: int, payload: PaymentIn) -> object:
    invoice = access_invoice(principal_of(request), invoice_id, write=True)
    payment = payment_register(
        invoice=invoice,
        paid_on=payload.paid_on,
        amount=payload.amount,
        reference=payload.reference,
        acting_user=request.user,
    )
    return Status(201, payment)


@router.get("/invoices/{invoice_id}/pdf", response={200: None})
def download_invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = access_invoice(principal_of(request), invoice_id)
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name(invoice, "pdf")}"'
    return response


@router.get("/invoices/{invoice_id}/ubl", response={200: None})
def download_invoice_ubl(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = access_invoice(principal_of(request), invoice_id)
    response = HttpResponse(invoice_ubl(invoice), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{file_name(invoice, "xml")}"'
    return response
