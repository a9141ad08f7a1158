"""A removed attendance mark stays in the correction log, and a participant reports their
own absence for a supervisor to confirm.

- Corrections are kept by person and day instead of by the attendance row, so removing a
  mark (a correction whose ``after`` has an empty status) does not take its log with it.
  The log stays insert-only: its trigger is lifted only while the rows get their person
  and day, and put back.
- ``Attendance.self_reported_at`` / ``confirmed_at`` / ``confirmed_by``: what the
  participant reported and whether staff have confirmed it; an unconfirmed report is an
  absence (a check constraint).
- ``CompensationClaim.computed_at``: when its lines were worked out, so a claim worked out
  before its month was over is not sent as it is.

On SQLite adding a check constraint rebuilds the table, which drops its triggers; the
attendance triggers of migration 0003 are written again afterwards.
"""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

RULES = import_module("koop.participants.migrations.0003_rules_in_the_database")
CORRECTIONS = "participants_attendancecorrection"


def _sqlite_statements(*, names: tuple[str, ...]) -> list[str]:
    return [sql for sql in RULES.SQLITE_FORWARD if any(name in sql for name in names)]


def lift_correction_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {CORRECTIONS}_immutable ON {CORRECTIONS};")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {CORRECTIONS}_immutable;")


def copy_person_and_day(apps, schema_editor):
    schema_editor.execute(
        f"UPDATE {CORRECTIONS} SET "
        "person_id = (SELECT a.person_id FROM participants_attendance a "
        f"WHERE a.id = {CORRECTIONS}.attendance_id), "
        "day = (SELECT a.day FROM participants_attendance a "
        f"WHERE a.id = {CORRECTIONS}.attendance_id)"
    )
    if schema_editor.connection.vendor == "postgresql":
        # The new foreign key is checked at commit; check it now, or the ALTER TABLE that
        # follows finds pending trigger events and refuses.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def put_triggers_back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # ALTER TABLE keeps PostgreSQL's triggers; only the one lifted above comes back.
        schema_editor.execute(
            f"CREATE TRIGGER {CORRECTIONS}_immutable BEFORE UPDATE ON {CORRECTIONS} "
            "FOR EACH ROW EXECUTE FUNCTION participants_immutable();"
        )
        return
    for op in ("INSERT", "UPDATE"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS participants_attendance_period_{op};")
    for sql in _sqlite_statements(
        names=("participants_attendance_period_", f"{CORRECTIONS}_immutable")
    ):
        schema_editor.execute(sql)


def noop(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0004_claim_invoice"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(lift_correction_trigger, noop),
        migrations.AddField(
            model_name="attendancecorrection",
            name="day",
            field=models.DateField(null=True, verbose_name="day"),
        ),
        migrations.AddField(
            model_name="attendancecorrection",
            name="person",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="participant_attendance_corrections",
                to="people.person",
            ),
        ),
        migrations.RunPython(copy_person_and_day, noop),
        migrations.AlterField(
            model_name="attendancecorrection",
            name="day",
            field=models.DateField(verbose_name="day"),
        ),
        migrations.AlterField(
            model_name="attendancecorrection",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="participant_attendance_corrections",
                to="people.person",
            ),
        ),
        migrations.RemoveField(model_name="attendancecorrection", name="attendance"),
        migrations.AddIndex(
            model_name="attendancecorrection",
            index=models.Index(fields=["person", "day"], name="attendance_fix_person_day"),
        ),
        migrations.AddField(
            model_name="attendance",
            name="self_reported_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="reported by the participant"
            ),
        ),
        migrations.AddField(
            model_name="attendance",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="confirmed"),
        ),
        migrations.AddField(
            model_name="attendance",
            name="confirmed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("self_reported_at__isnull", True),
                    ("confirmed_at__isnull", False),
                    ("status", "absent"),
                    _connector="OR",
                ),
                name="attendance_unconfirmed_report_is_absence",
                violation_error_message=(
                    "What a participant reports and nobody has confirmed is an absence."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("confirmed_at__isnull", True),
                    ("self_reported_at__isnull", False),
                    _connector="OR",
                ),
                name="attendance_confirms_a_report",
                violation_error_message="Only what a participant reported is confirmed.",
            ),
        ),
        migrations.AddField(
            model_name="compensationclaim",
            name="computed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="worked out"),
        ),
        migrations.RunPython(put_triggers_back, noop),
    ]
