"""The case-file access log is only ever added to: migration 0003 refuses changing a row,
this refuses deleting one too, whatever writes to it. A login that read a case file is
therefore kept (``PROTECT``) rather than blanked out of the log.

Written with ``koop.core.dbrules``: the refusal is an ``IntegrityError`` on both
databases."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from koop.core.dbrules import Rule, RuleSet, triggers_kept_through

RULES = RuleSet(
    Rule(
        name="participants_casefileaccesslog_kept",
        table="participants_casefileaccesslog",
        on="DELETE",
        refusal="the case-file access log is only ever added to",
    ),
)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0005_attendance_removal_and_reports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *triggers_kept_through(
            ["participants_casefileaccesslog"],
            migrations.AlterField(
                model_name="casefileaccesslog",
                name="user",
                field=models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
        ),
        RULES.operation(),
    ]
