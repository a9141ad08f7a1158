"""Load the BAS chart of accounts and the default account mappings shipped in ``data/``."""

from django.db import migrations


def forward(apps, schema_editor):
    from koop.ledger.chart import load_chart, load_default_mappings

    load_chart(apps.get_model("ledger", "Account"))
    load_default_mappings(apps.get_model("ledger", "Account"), apps.get_model("ledger", "AccountMapping"))


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_ledger_triggers")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
