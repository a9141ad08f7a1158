"""Rules the database keeps even when code steps around the services:

- a placement starts only on an agreement with all three consents, inside its period, for
  the agreement's own participant;
- one person's placements never overlap;
- attendance lies inside the agreement's period;
- attendance corrections and case-file access log rows are never changed.
"""

from django.db import migrations

NO_CONSENT = "placement_needs_three_consents"
OUTSIDE = "placement_outside_agreement"
OVERLAP = "placement_overlaps"
ATTENDANCE_OUTSIDE = "attendance_outside_agreement"
IMMUTABLE = "row_is_immutable"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER participants_placement_consents_{op}
    BEFORE {op} ON participants_placement
    FOR EACH ROW
    WHEN NOT EXISTS (
        SELECT 1 FROM participants_agreement a
        WHERE a.id = NEW.agreement_id
          AND a.body_consent_at IS NOT NULL
          AND a.cooperative_consent_at IS NOT NULL
          AND a.participant_consent_at IS NOT NULL
    )
    BEGIN SELECT RAISE(ABORT, '{NO_CONSENT}'); END;
    """
    for op in ("INSERT", "UPDATE")
] + [
    f"""
    CREATE TRIGGER participants_placement_period_{op}
    BEFORE {op} ON participants_placement
    FOR EACH ROW
    WHEN NOT EXISTS (
        SELECT 1 FROM participants_agreement a
        WHERE a.id = NEW.agreement_id AND a.person_id = NEW.person_id
          AND NEW.starts_on >= a.starts_on AND NEW.starts_on <= a.ends_on
    )
    BEGIN SELECT RAISE(ABORT, '{OUTSIDE}'); END;
    """
    for op in ("INSERT", "UPDATE")
] + [
    f"""
    CREATE TRIGGER participants_placement_overlap_{op}
    BEFORE {op} ON participants_placement
    FOR EACH ROW
    WHEN EXISTS (
        SELECT 1 FROM participants_placement p
        WHERE p.person_id = NEW.person_id AND p.id IS NOT NEW.id
          AND p.starts_on <= COALESCE(NEW.ends_on, '9999-12-31')
          AND COALESCE(p.ends_on, '9999-12-31') >= NEW.starts_on
    )
    BEGIN SELECT RAISE(ABORT, '{OVERLAP}'); END;
    """
    for op in ("INSERT", "UPDATE")
] + [
    f"""
    CREATE TRIGGER participants_attendance_period_{op}
    BEFORE {op} ON participants_attendance
    FOR EACH ROW
    WHEN NOT EXISTS (
        SELECT 1 FROM participants_agreement a
        WHERE a.id = NEW.agreement_id AND a.person_id = NEW.person_id
          AND NEW.day >= a.starts_on AND NEW.day <= a.ends_on
    )
    BEGIN SELECT RAISE(ABORT, '{ATTENDANCE_OUTSIDE}'); END;
    """
    for op in ("INSERT", "UPDATE")
] + [
    f"""
    CREATE TRIGGER {table}_immutable
    BEFORE UPDATE ON {table}
    FOR EACH ROW
    BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END;
    """
    for table in ("participants_attendancecorrection", "participants_casefileaccesslog")
]

SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS participants_{name}_{op};"
    for name in ("placement_consents", "placement_period", "placement_overlap",
                 "attendance_period")
    for op in ("INSERT", "UPDATE")
] + [
    f"DROP TRIGGER IF EXISTS {table}_immutable;"
    for table in ("participants_attendancecorrection", "participants_casefileaccesslog")
]

PG_FORWARD = [
    f"""
    CREATE FUNCTION participants_placement_rules() RETURNS trigger AS $$
    BEGIN
        IF NOT EXISTS (
            SELECT 1 FROM participants_agreement a
            WHERE a.id = NEW.agreement_id
              AND a.body_consent_at IS NOT NULL
              AND a.cooperative_consent_at IS NOT NULL
              AND a.participant_consent_at IS NOT NULL
        ) THEN
            RAISE EXCEPTION '{NO_CONSENT}' USING ERRCODE = 'check_violation';
        END IF;
        IF NOT EXISTS (
            SELECT 1 FROM participants_agreement a
            WHERE a.id = NEW.agreement_id AND a.person_id = NEW.person_id
              AND NEW.starts_on BETWEEN a.starts_on AND a.ends_on
        ) THEN
            RAISE EXCEPTION '{OUTSIDE}' USING ERRCODE = 'check_violation';
        END IF;
        -- Two concurrent inserts both pass this check under READ COMMITTED; the services
        -- lock the person's row first, which serialises them.
        IF EXISTS (
            SELECT 1 FROM participants_placement p
            WHERE p.person_id = NEW.person_id AND p.id <> NEW.id
              AND p.starts_on <= COALESCE(NEW.ends_on, 'infinity'::date)
              AND COALESCE(p.ends_on, 'infinity'::date) >= NEW.starts_on
        ) THEN
            RAISE EXCEPTION '{OVERLAP}' USING ERRCODE = 'exclusion_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER participants_placement_rules
    BEFORE INSERT OR UPDATE ON participants_placement
    FOR EACH ROW EXECUTE FUNCTION participants_placement_rules();
    """,
    f"""
    CREATE FUNCTION participants_attendance_period() RETURNS trigger AS $$
    BEGIN
        IF NOT EXISTS (
            SELECT 1 FROM participants_agreement a
            WHERE a.id = NEW.agreement_id AND a.person_id = NEW.person_id
              AND NEW.day BETWEEN a.starts_on AND a.ends_on
        ) THEN
            RAISE EXCEPTION '{ATTENDANCE_OUTSIDE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER participants_attendance_period
    BEFORE INSERT OR UPDATE ON participants_attendance
    FOR EACH ROW EXECUTE FUNCTION participants_attendance_period();
    """,
    f"""
    CREATE FUNCTION participants_immutable() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{IMMUTABLE}' USING ERRCODE = 'check_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
] + [
    f"""
    CREATE TRIGGER {table}_immutable BEFORE UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION participants_immutable();
    """
    for table in ("participants_attendancecorrection", "participants_casefileaccesslog")
]

PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS participants_placement_rules ON participants_placement;",
    "DROP TRIGGER IF EXISTS participants_attendance_period ON participants_attendance;",
    "DROP TRIGGER IF EXISTS participants_attendancecorrection_immutable "
    "ON participants_attendancecorrection;",
    "DROP TRIGGER IF EXISTS participants_casefileaccesslog_immutable "
    "ON participants_casefileaccesslog;",
    "DROP FUNCTION IF EXISTS participants_placement_rules();",
    "DROP FUNCTION IF EXISTS participants_attendance_period();",
    "DROP FUNCTION IF EXISTS participants_immutable();",
]


def forward(apps, schema_editor):
    statements = PG_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = (
        PG_BACKWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_BACKWARD
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("participants", "0002_support_kinds")]
    operations = [migrations.RunPython(forward, backward)]
