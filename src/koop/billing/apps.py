from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "koop.billing"
    label = "billing"
    verbose_name = _("Billing")
    # What the audit trail calls each action this app's services record.
    audit_actions = {
        "credit_note_issue": _("Credit note issued"),
        "invoice_draft_add_line": _("Line added to an invoice draft"),
        "invoice_draft_add_work_orders": _("Work orders added to an invoice draft"),
        "invoice_draft_create": _("Invoice draft created"),
        "invoice_draft_delete": _("Invoice draft deleted"),
        "invoice_draft_remove_line": _("Line removed from an invoice draft"),
        "invoice_draft_update": _("Invoice draft changed"),
        "invoice_issue": _("Invoice issued"),
        "invoice_settings_save": _("Invoice settings saved"),
        "payment_register": _("Payment registered"),
    }
