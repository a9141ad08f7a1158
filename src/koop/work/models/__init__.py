"""Work: customers, agreements, work orders, time and material.

Responsible for the work a unit takes on and does, and for saying which done work is
ready to invoice and at what prices. It must never number, issue or change an invoice
(that is billing), nor post to the ledger; billing tells it an order was invoiced through
``work_order_mark_invoiced``."""

from koop.work.models.agreements import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementStatusChange,
    PriceItemKind,
    PriceListItem,
)
from koop.work.models.customers import Customer, CustomerKind
from koop.work.models.work_orders import (
    OPEN_STATES,
    TRANSITIONS,
    MaterialRow,
    TimeRow,
    WorkOrder,
    WorkOrderStatus,
    WorkOrderStatusChange,
)

__all__ = [
    "OPEN_STATES",
    "TRANSITIONS",
    "Agreement",
    "AgreementKind",
    "AgreementStatus",
    "AgreementStatusChange",
    "Customer",
    "CustomerKind",
    "MaterialRow",
    "PriceItemKind",
    "PriceListItem",
    "TimeRow",
    "WorkOrder",
    "WorkOrderStatus",
    "WorkOrderStatusChange",
]
