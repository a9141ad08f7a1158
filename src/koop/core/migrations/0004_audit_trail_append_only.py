"""The audit trail is only ever added to: the database refuses to change or delete an
audit row, whatever writes to it. A login that acted is therefore kept (``PROTECT``)
rather than blanked out of its rows.

Written with ``koop.core.dbrules``: the refusal is an ``IntegrityError`` on both
databases."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from koop.core.dbrules import Rule, RuleSet, triggers_kept_through

RULES = RuleSet(
    Rule(
        name="core_auditentry_append_only",
        table="core_auditentry",
        on=("UPDATE", "DELETE"),
        refusal="the audit trail is only ever added to",
    ),
)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_swedish_vat_rates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *triggers_kept_through(
            ["core_auditentry"],
            migrations.AlterField(
                model_name="auditentry",
                name="actor",
                field=models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="who",
                ),
            ),
        ),
        RULES.operation(),
    ]
