"""The invoice number counter only moves forward, whatever writes to it:

- an UPDATE never lowers ``next_number`` nor moves the counter to another cooperative;
- a counter is not deleted once its cooperative has issued anything;
- a new counter starts after the highest number already issued.

Written with ``koop.core.dbrules``: every refusal is an ``IntegrityError`` on both
databases."""

from django.db import migrations

from koop.core.dbrules import Rule, RuleSet, changed

TABLE = "billing_invoicenumbercounter"

RULES = RuleSet(
    Rule(
        name="billing_counter_counts_forward",
        table=TABLE,
        on="UPDATE",
        when=changed("cooperative_id") | "NEW.next_number < OLD.next_number",
        refusal="the invoice number counter only moves forward",
    ),
    Rule(
        name="billing_counter_kept",
        table=TABLE,
        on="DELETE",
        when="EXISTS (SELECT 1 FROM billing_invoice i WHERE i.cooperative_id = OLD.cooperative_id)",
        refusal="the invoice number counter is kept once invoices are issued",
    ),
    Rule(
        name="billing_counter_starts_after_issued",
        table=TABLE,
        on="INSERT",
        when="NEW.next_number <= COALESCE((SELECT MAX(i.number) FROM billing_invoice i "
        "WHERE i.cooperative_id = NEW.cooperative_id), 0)",
        refusal="an invoice number counter starts after the numbers already issued",
    ),
)


class Migration(migrations.Migration):
    dependencies = [("billing", "0002_immutability_triggers")]

    operations = [RULES.operation()]
