"""The invoices' hash chain: two columns on the invoice, and every invoice and credit note
issued before them sealed now, series by series in number order (``koop.billing.chain``).

On SQLite adding the columns makes the table again, so its triggers (and those of other
tables that read it) are set aside around that and made again unchanged. Issued invoices
refuse any change, so their triggers are lifted for the one fill (the migrating role owns
the tables; the runtime role could not)."""

from django.db import migrations, models

from koop.billing.chain import seal
from koop.core.chain import GENESIS
from koop.core.dbrules import rules_lifted, triggers_kept_through


def seal_issued(apps, schema_editor):
    Invoice = apps.get_model("billing", "Invoice")
    connection = schema_editor.connection
    cooperatives = Invoice.objects.values_list("cooperative_id", flat=True).distinct()
    with rules_lifted(connection, ["billing_invoice"]):
        for cooperative_id in sorted(set(cooperatives)):
            previous = GENESIS
            documents = (
                Invoice.objects.filter(cooperative_id=cooperative_id)
                .select_related("credited_invoice")
                .order_by("number")
                .prefetch_related("lines__credited_line", "vat_amounts")
            )
            for invoice in documents.iterator(chunk_size=500):
                seal(invoice, invoice.lines.all(), invoice.vat_amounts.all(), previous=previous)
                Invoice.objects.filter(pk=invoice.pk).update(
                    chain_previous=invoice.chain_previous, chain_hash=invoice.chain_hash
                )
                previous = invoice.chain_hash


class Migration(migrations.Migration):
    dependencies = [("billing", "0003_invoice_counter_rules")]

    operations = [
        *triggers_kept_through(
            ["billing_invoice"],
            migrations.AddField(
                model_name="invoice",
                name="chain_previous",
                field=models.CharField(blank=True, default="", editable=False, max_length=64),
            ),
            migrations.AddField(
                model_name="invoice",
                name="chain_hash",
                field=models.CharField(blank=True, default="", editable=False, max_length=64),
            ),
        ),
        migrations.RunPython(seal_issued, migrations.RunPython.noop),
    ]
