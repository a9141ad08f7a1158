from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "koop.billing"
    label = "billing"
    verbose_name = _("Billing")
    # The hash chains ``koop verify-books`` checks (koop.core.chain).
    books_chains = "koop.billing.chain.invoice_chains"
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

    def ready(self) -> None:
        # The work order page offers "Fakturera"; the seam lives in work, below billing.
        from koop.billing.work_links import work_order_invoice_step
        from koop.work.invoicing import register_invoice_step

        register_invoice_step(work_order_invoice_step)
