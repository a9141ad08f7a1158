from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "koop.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        # The work order page offers "Fakturera"; the seam lives in work, below billing.
        from koop.billing.work_links import work_order_invoice_step
        from koop.work.invoicing import register_invoice_step

        register_invoice_step(work_order_invoice_step)
