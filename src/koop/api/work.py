"""The work endpoints: customers, agreements and work orders with their state changes,
time and material. Same access rules and services as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from koop.core.access import Principal, principal_of, require
from koop.organisation.models import BusinessArea, Unit
from koop.organisation.selectors import cooperative_current
from koop.people.models import Person
from koop.work.access import (
    access_agreement,
    access_customer,
    access_customers,
    access_unit_work,
    access_work_order,
    can_create_agreements,
    can_register_time,
    can_write_unit_work,
    check_agreement_units,
    check_time_person,
)
from koop.work.customer_services import (
    agreement_create,
    customer_create,
    customer_update,
    price_item_add,
)
from koop.work.models import (
    Agreement,
    Customer,
    CustomerKind,
    MaterialRow,
    PriceListItem,
    TimeRow,
    WorkOrder,
)
from koop.work.references import pick, pick_many, pick_optional, status_filter
from koop.work.selectors import agreement_list, customer_list, work_order_detail, work_order_list
from koop.work.services import (
    material_row_add,
    time_row_add,
    work_order_create,
    work_order_transition,
)

router = Router(tags=["work"])

# --- schemas ---------------------------------------------------------------------------


class CustomerOut(Schema):
    id: int
    kind: str
    name: str
    department: str
    identity_number: str
    vat_number: str
    street_address: str
    postal_code: str
    city: str
    country: str
    invoice_email: str
    peppol_id: str
    buyer_reference: str
    payment_terms_days: int
    active: bool

    @staticmethod
    def resolve_identity_number(obj: Customer) -> str:
        # A private person's personnummer is shown as on every page: the birth date only.
        if obj.kind == CustomerKind.PRIVATE and obj.identity_number:
            return f"{obj.identity_number[:8]}-****"
        return obj.identity_number


class CustomerIn(Schema):
    kind: str
    name: str
    department: str = ""
    identity_number: str = ""
    vat_number: str = ""
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = "SE"
    invoice_email: str = ""
    peppol_id: str = ""
    buyer_reference: str = ""
    payment_terms_days: int = 30
    active: bool = True
    note: str = ""


class CustomerPatch(Schema):
    kind: str | None = None
    name: str | None = None
    department: str | None = None
    identity_number: str | None = None
    vat_number: str | None = None
    street_address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    invoice_email: str | None = None
    peppol_id: str | None = None
    buyer_reference: str | None = None
    payment_terms_days: int | None = None
    active: bool | None = None
    note: str | None = None


class PriceItemOut(Schema):
    id: int
    kind: str
    name: str
    price: Decimal
    vat_rate: Decimal
    unit_code: str


class PriceItemIn(Schema):
    kind: str
    name: str
    price: Decimal
    vat_rate: Decimal


class AgreementOut(Schema):
    id: int
    kind: str
    title: str
    customer_id: int
    procurement_reference: str
    unit_ids: list[int]
    business_area_id: int
    valid_from: dt.date
    valid_to: dt.date | None
    status: str
    social_requirements: str
    price_items: list[PriceItemOut]

    @staticmethod
    def resolve_unit_ids(obj: Agreement) -> list[int]:
        return [u.pk for u in obj.units.all()]

    @staticmethod
    def resolve_price_items(obj: Agreement) -> list[PriceListItem]:
        return list(obj.price_items.all())


class AgreementIn(Schema):
    kind: str
    title: str
    customer_id: int
    unit_ids: list[int]
    business_area_id: int
    valid_from: dt.date
    valid_to: dt.date | None = None
    procurement_reference: str = ""
    social_requirements: str = ""
    status: str = "active"
    price_items: list[PriceItemIn] = Field(default_factory=list)


class WorkOrderOut(Schema):
    id: int
    reference: str
    unit_id: int
    business_area_id: int
    customer_id: int
    customer: str
    agreement_id: int | None
    description: str
    place: str
    planned_date: dt.date
    planned_start: dt.time | None
    planned_end: dt.time | None
    status: str
    invoice_ref: str

    @staticmethod
    def resolve_customer(obj: WorkOrder) -> str:
        return str(obj.customer)


class TimeRowOut(Schema):
    id: int
    person_id: int
    date: dt.date
    hours: Decimal
    service_id: int | None
    description: str
    hourly_price: Decimal
    vat_rate: Decimal


class MaterialRowOut(Schema):
    id: int
    article_id: int | None
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal


class StatusChangeOut(Schema):
    at: dt.datetime
    by_id: int | None
    from_status: str
    to_status: str
    note: str


class WorkOrderDetailOut(WorkOrderOut):
    assigned_ids: list[int]
    time_rows: list[TimeRowOut]
    material_rows: list[MaterialRowOut]
    history: list[StatusChangeOut]

    @staticmethod
    def resolve_assigned_ids(obj: WorkOrder) -> list[int]:
        return [p.pk for p in obj.assigned.all()]

    @staticmethod
    def resolve_time_rows(obj: WorkOrder) -> list[TimeRow]:
        return list(obj.time_rows.all())

    @staticmethod
    def resolve_material_rows(obj: WorkOrder) -> list[MaterialRow]:
        return list(obj.material_rows.all())

    @staticmethod
    def resolve_history(obj: WorkOrder) -> list[Any]:
        return list(obj.status_changes.all())


class WorkOrderIn(Schema):
    unit_id: int
    customer_id: int
    description: str
    planned_date: dt.date
    business_area_id: int | None = None
    agreement_id: int | None = None
    place: str = ""
    planned_start: dt.time | None = None
    planned_end: dt.time | None = None
    assigned_ids: list[int] = Field(default_factory=list)


class TransitionIn(Schema):
    to: str
    note: str = ""


class TimeRowIn(Schema):
    hours: Decimal
    person_id: int | None = None
    date: dt.date | None = None
    service_id: int | None = None
    description: str = ""
    hourly_price: Decimal | None = None
    vat_rate: Decimal | None = None


class MaterialRowIn(Schema):
    quantity: Decimal
    article_id: int | None = None
    description: str = ""
    unit_price: Decimal | None = None
    vat_rate: Decimal | None = None


# --- helpers ---------------------------------------------------------------------------


def _detail(order_id: int) -> WorkOrder:
    order = work_order_detail(order_id)
    assert order is not None
    return order


# --- customers -------------------------------------------------------------------------


@router.get("/customers", response=list[CustomerOut])
@paginate
def list_customers(request: HttpRequest, q: str = "") -> object:
    principal = principal_of(request)
    access_customers(principal)
    return customer_list(cooperative_id=principal.cooperative_id, search=q)


@router.get("/customers/{customer_id}", response=CustomerOut)
def get_customer(request: HttpRequest, customer_id: int) -> object:
    return access_customer(principal_of(request), customer_id)


@router.post("/customers", response={201: CustomerOut})
def create_customer(request: HttpRequest, payload: CustomerIn) -> object:
    access_customers(principal_of(request), write=True)
    data = payload.dict()
    customer = customer_create(cooperative=cooperative_current(), acting_user=request.user, **data)
    return Status(201, customer)


@router.patch("/customers/{customer_id}", response=CustomerOut)
def update_customer(request: HttpRequest, customer_id: int, payload: CustomerPatch) -> object:
    customer = access_customer(principal_of(request), customer_id, write=True)
    changes = payload.dict(exclude_unset=True)
    return customer_update(customer=customer, acting_user=request.user, **changes)


# --- agreements ------------------------------------------------------------------------


def _require_agreement_readers(principal: Principal) -> None:
    require(principal.is_central or principal.is_board or bool(principal.staff_unit_ids))


@router.get("/agreements", response=list[AgreementOut])
@paginate
def list_agreements(request: HttpRequest, unit: int | None = None) -> object:
    principal = principal_of(request)
    _require_agreement_readers(principal)
    return agreement_list(principal=principal, unit_id=unit).prefetch_related("price_items")


@router.get("/agreements/{agreement_id}", response=AgreementOut)
def get_agreement(request: HttpRequest, agreement_id: int) -> object:
    return access_agreement(principal_of(request), agreement_id)


@router.post("/agreements", response={201: AgreementOut})
def create_agreement(request: HttpRequest, payload: AgreementIn) -> object:
    principal = principal_of(request)
    require(can_create_agreements(principal))
    coop = cooperative_current()
    units = pick_many(Unit.objects.filter(cooperative=coop), payload.unit_ids, field="unit_ids")
    check_agreement_units(principal, units)
    with transaction.atomic():
        agreement = agreement_create(
            cooperative=coop,
            customer=pick(
                Customer.objects.filter(cooperative=coop), payload.customer_id, field="customer_id"
            ),
            kind=payload.kind,
            title=payload.title,
            units=units,
            business_area=pick(
                BusinessArea.objects.filter(cooperative=coop),
                payload.business_area_id,
                field="business_area_id",
            ),
            valid_from=payload.valid_from,
            valid_to=payload.valid_to,
            procurement_reference=payload.procurement_reference,
            social_requirements=payload.social_requirements,
            status=payload.status,
            acting_user=request.user,
        )
        for item in payload.price_items:
            price_item_add(agreement=agreement, acting_user=request.user, **item.dict())
    return Status(201, agreement)


# --- work orders -----------------------------------------------------------------------


@router.get("/work-orders", response=list[WorkOrderOut])
@paginate
def list_work_orders(
    request: HttpRequest, unit: int | None = None, status: str = "", customer: int | None = None
) -> object:
    return work_order_list(
        principal=principal_of(request),
        unit_id=unit,
        status=status_filter(status),
        customer_id=customer,
    )


@router.get("/work-orders/{work_order_id}", response=WorkOrderDetailOut)
def get_work_order(request: HttpRequest, work_order_id: int) -> object:
    order = access_work_order(principal_of(request), work_order_id)
    return _detail(order.pk)


@router.post("/work-orders", response={201: WorkOrderDetailOut})
def create_work_order(request: HttpRequest, payload: WorkOrderIn) -> object:
    principal = principal_of(request)
    unit = access_unit_work(principal, payload.unit_id)
    coop = unit.cooperative_id
    order = work_order_create(
        unit=unit,
        customer=pick(
            Customer.objects.filter(cooperative_id=coop), payload.customer_id, field="customer_id"
        ),
        business_area=pick_optional(
            BusinessArea.objects.filter(cooperative_id=coop),
            payload.business_area_id,
            field="business_area_id",
        ),
        agreement=pick_optional(
            Agreement.objects.filter(cooperative_id=coop),
            payload.agreement_id,
            field="agreement_id",
        ),
        description=payload.description,
        place=payload.place,
        planned_date=payload.planned_date,
        planned_start=payload.planned_start,
        planned_end=payload.planned_end,
        assigned=pick_many(
            Person.objects.filter(cooperative_id=coop), payload.assigned_ids, field="assigned_ids"
        ),
        acting_user=request.user,
    )
    return Status(201, _detail(order.pk))


@router.post("/work-orders/{work_order_id}/transitions", response=WorkOrderDetailOut)
def transition_work_order(
    request: HttpRequest, work_order_id: int, payload: TransitionIn
) -> object:
    order = access_work_order(principal_of(request), work_order_id, write=True)
    work_order_transition(
        work_order=order, to=payload.to, note=payload.note, acting_user=request.user
    )
    return _detail(order.pk)


@router.post("/work-orders/{work_order_id}/time-rows", response={201: TimeRowOut})
def add_time_row(request: HttpRequest, work_order_id: int, payload: TimeRowIn) -> object:
    principal = principal_of(request)
    order = access_work_order(principal, work_order_id)
    require(can_register_time(principal, order))
    person_id = payload.person_id if payload.person_id is not None else principal.person_id
    check_time_person(principal, order, person_id, field="person_id")
    people = Person.objects.filter(cooperative_id=order.unit.cooperative_id)
    row = time_row_add(
        work_order=order,
        person=pick(people, person_id or 0, field="person_id"),
        date=payload.date or timezone.localdate(),
        hours=payload.hours,
        service=pick_optional(PriceListItem.objects.all(), payload.service_id, field="service_id"),
        description=payload.description,
        hourly_price=payload.hourly_price,
        vat_rate=payload.vat_rate,
        acting_user=request.user,
    )
    return Status(201, row)


@router.post("/work-orders/{work_order_id}/material-rows", response={201: MaterialRowOut})
def add_material_row(request: HttpRequest, work_order_id: int, payload: MaterialRowIn) -> object:
    principal = principal_of(request)
    order = access_work_order(principal, work_order_id, write=True)
    require(can_write_unit_work(principal, order.unit_id))
    row = material_row_add(
        work_order=order,
        quantity=payload.quantity,
        article=pick_optional(PriceListItem.objects.all(), payload.article_id, field="article_id"),
        description=payload.description,
        unit_price=payload.unit_price,
        vat_rate=payload.vat_rate,
        acting_user=request.user,
    )
    return Status(201, row)
