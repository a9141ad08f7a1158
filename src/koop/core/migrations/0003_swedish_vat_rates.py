import datetime as dt
from decimal import Decimal

from django.db import migrations

# The Swedish VAT rates (mervärdesskattelagen): 25 % standard, 12 % and 6 % reduced, 0 %
# for exempt or reverse-charged supplies. Later changes are new rows, made by an admin.
RATES = [
    (Decimal("25.00"), "Standard rate"),
    (Decimal("12.00"), "Reduced rate (food, hotels, restaurants)"),
    (Decimal("6.00"), "Reduced rate (books, passenger transport, culture)"),
    (Decimal("0.00"), "Exempt or zero-rated"),
]


def add_rates(apps, schema_editor):
    VatRate = apps.get_model("core", "VatRate")
    for rate, label in RATES:
        VatRate.objects.get_or_create(rate=rate, valid_from=dt.date(1990, 1, 1), defaults={"label": label})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_vat_rates")]
    operations = [migrations.RunPython(add_rates, migrations.RunPython.noop)]
