from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "koop.ledger"
    label = "ledger"
    verbose_name = _("Ledger")
    default_auto_field = "django.db.models.BigAutoField"
    # What the audit trail calls each action this app's services record.
    audit_actions = {
        "budget_import": _("Budget imported"),
        "fiscal_year_create": _("Fiscal year created"),
        "fiscal_year_lock": _("Fiscal year locked up to a date"),
        "fund_grant": _("Grant from the investment fund"),
        "fund_loan": _("Loan from the investment fund"),
        "ledger_object_map": _("Cost centre linked to a unit"),
        "levy_rate_set": _("Levy rate set"),
        "levy_run": _("Group levy posted"),
        "levy_share_set": _("Levy split set"),
        "loan_repay": _("Loan instalment repaid"),
        "pool_payout": _("Payout from the solidarity pool"),
        "sie_import": _("SIE file imported"),
        "voucher_post": _("Voucher posted"),
    }
