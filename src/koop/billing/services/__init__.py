"""Changes to billing: settings, drafts, issuing, credit notes and payments, one module
each. Each service runs in one transaction and writes its audit row there."""

from koop.billing.services.credit_notes import credit_note_issue, credited_quantities
from koop.billing.services.drafts import (
    invoice_draft_add_line,
    invoice_draft_add_work_orders,
    invoice_draft_create,
    invoice_draft_delete,
    invoice_draft_from_work_order,
    invoice_draft_line_check,
    invoice_draft_remove_line,
    invoice_draft_update,
)
from koop.billing.services.issuing import invoice_issue
from koop.billing.services.payments import payment_register
from koop.billing.services.settings import invoice_settings_save

__all__ = [
    "credit_note_issue",
    "credited_quantities",
    "invoice_draft_add_line",
    "invoice_draft_add_work_orders",
    "invoice_draft_create",
    "invoice_draft_delete",
    "invoice_draft_from_work_order",
    "invoice_draft_line_check",
    "invoice_draft_remove_line",
    "invoice_draft_update",
    "invoice_issue",
    "invoice_settings_save",
    "payment_register",
]
