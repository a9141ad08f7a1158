"""The kinds of support Swedish agencies decide on; administrators may add more."""

from django.db import migrations

KINDS = [
    ("arbetstraning", "Arbetsträning", 10),
    ("arbetsprovning", "Arbetsprövning", 20),
    ("praktik", "Praktik", 30),
    ("lonebidrag", "Lönebidrag / lönestöd", 40),
    ("nystartsjobb", "Nystartsjobb", 50),
    ("introduktionsjobb", "Introduktionsjobb", 60),
    ("annat", "Annat", 90),
]


def add_kinds(apps, schema_editor):
    SupportKind = apps.get_model("participants", "SupportKind")
    for code, name, order in KINDS:
        SupportKind.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


def remove_kinds(apps, schema_editor):
    SupportKind = apps.get_model("participants", "SupportKind")
    SupportKind.objects.filter(code__in=[code for code, _, _ in KINDS], referrals=None).delete()


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, remove_kinds)]
