from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "koop.work"
    label = "work"
    verbose_name = _("Work")
    # What the audit trail calls each action this app's services record.
    audit_actions = {
        "agreement_create": _("Customer agreement created"),
        "agreement_transition": _("Customer agreement status changed"),
        "customer_create": _("Customer added"),
        "customer_update": _("Customer changed"),
        "material_row_add": _("Material registered"),
        "price_item_add": _("Price list row added"),
        "time_row_add": _("Time registered"),
        "work_order_create": _("Work order created"),
        "work_order_mark_invoiced": _("Work order invoiced"),
        "work_order_transition": _("Work order status changed"),
        "work_order_update": _("Work order changed"),
    }
