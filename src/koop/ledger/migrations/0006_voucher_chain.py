"""The vouchers' hash chain: two columns on the voucher, and every voucher posted before
them sealed now, series by series in number order (``koop.ledger.chain``).

On SQLite adding the columns makes the table again, so its triggers (and those of other
tables that read it) are set aside around that and made again unchanged. The posted
vouchers' triggers refuse any change, so they are lifted for the one fill (the migrating
role owns the tables; the runtime role could not)."""

from django.db import migrations, models

from koop.core.chain import GENESIS
from koop.core.dbrules import rules_lifted, triggers_kept_through
from koop.ledger.chain import seal


def seal_posted(apps, schema_editor):
    Voucher = apps.get_model("ledger", "Voucher")
    VoucherSeries = apps.get_model("ledger", "VoucherSeries")
    connection = schema_editor.connection
    with rules_lifted(connection, ["ledger_voucher"]):
        for series in VoucherSeries.objects.select_related("fiscal_year").order_by("pk"):
            previous = GENESIS
            vouchers = (
                Voucher.objects.filter(series=series, posted=True)
                .order_by("number")
                .prefetch_related("rows")
            )
            for voucher in vouchers.iterator(chunk_size=1000):
                voucher.series, voucher.fiscal_year = series, series.fiscal_year
                columns = seal(voucher, voucher.rows.all(), previous=previous)
                Voucher.objects.filter(pk=voucher.pk).update(**columns)
                previous = voucher.chain_hash


class Migration(migrations.Migration):
    dependencies = [("ledger", "0005_posted_voucher_rules")]

    operations = [
        *triggers_kept_through(
            ["ledger_voucher"],
            migrations.AddField(
                model_name="voucher",
                name="chain_previous",
                field=models.CharField(blank=True, default="", editable=False, max_length=64),
            ),
            migrations.AddField(
                model_name="voucher",
                name="chain_hash",
                field=models.CharField(blank=True, default="", editable=False, max_length=64),
            ),
        ),
        migrations.RunPython(seal_posted, migrations.RunPython.noop),
    ]
