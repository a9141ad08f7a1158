"""Keys for the levy and the pool and fund postings: a row per levy month that runs lock,
a row per fund that payouts lock, one payout per decision and unit, one repayment per
instalment. The months levied before get their row, counting the vouchers posted so far."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def levy_months(apps, schema_editor):
    LevyEntry = apps.get_model("ledger", "LevyEntry")
    LevyMonth = apps.get_model("ledger", "LevyMonth")
    Voucher = apps.get_model("ledger", "Voucher")
    for period in LevyEntry.objects.values_list("period", flat=True).distinct():
        postings = Voucher.objects.filter(
            source="levy", source_key__startswith=f"levy:{period:%Y-%m}:"
        ).count()
        LevyMonth.objects.create(period=period, postings=postings)


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0003_load_chart'),
        ('organisation', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FundBook',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fund', models.CharField(choices=[('pool', 'Solidarity pool'), ('fund', 'Investment fund')], max_length=4, unique=True, verbose_name='fund')),
            ],
            options={
                'verbose_name': 'fund',
                'verbose_name_plural': 'funds',
            },
        ),
        migrations.CreateModel(
            name='LevyMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period', models.DateField(unique=True, verbose_name='month')),
                ('postings', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'levy month',
                'verbose_name_plural': 'levy months',
                'ordering': ['period'],
            },
        ),
        migrations.AddField(
            model_name='fundmovement',
            name='instalment',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='repayment', to='ledger.loaninstalment'),
        ),
        migrations.AddConstraint(
            model_name='fundmovement',
            constraint=models.UniqueConstraint(condition=models.Q(('kind__in', ('payout', 'grant', 'loan')), ('unit__isnull', False)), fields=('fund', 'kind', 'decision_ref', 'unit'), name='ledger_fundmovement_decision_pays_unit_once'),
        ),
        migrations.AddConstraint(
            model_name='fundmovement',
            constraint=models.UniqueConstraint(condition=models.Q(('kind__in', ('payout', 'grant', 'loan')), ('unit__isnull', True)), fields=('fund', 'kind', 'decision_ref', 'recipient'), name='ledger_fundmovement_decision_pays_idea_once'),
        ),
        migrations.AddConstraint(
            model_name='levyentry',
            constraint=models.UniqueConstraint(fields=('voucher', 'cost_centre'), name='ledger_levyentry_once_per_voucher'),
        ),
        migrations.RunPython(levy_months, migrations.RunPython.noop),
    ]
