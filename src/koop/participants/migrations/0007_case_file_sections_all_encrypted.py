"""Every case-file section encrypted and padded, the empty ones included, so the database
shows neither who has health, disability or background data nor how much of it."""

from django.db import migrations

SECTIONS = ("health", "disability", "background")


def encrypt_all(apps, schema_editor):  # type: ignore[no-untyped-def]
    from koop.participants import crypto

    CaseFile = apps.get_model("participants", "CaseFile")
    for case_file in CaseFile.objects.all().only("pk", *SECTIONS).iterator():
        CaseFile.objects.filter(pk=case_file.pk).update(
            **{s: crypto.encrypt(crypto.decrypt(getattr(case_file, s))) for s in SECTIONS}
        )


class Migration(migrations.Migration):
    dependencies = [("participants", "0006_case_file_access_append_only")]

    operations = [migrations.RunPython(encrypt_all, migrations.RunPython.noop)]
