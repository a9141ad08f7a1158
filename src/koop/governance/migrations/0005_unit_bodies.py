"""Every unit that is not closed gets the bodies it lacks (unit meeting, weekly and daily
meeting, each with its agenda template).

Units made after governance was set up got none until the new-unit page and the API
started making them together with the unit. A cooperative whose governance has not been
set up yet (no statutes) is left alone: setting it up makes every body at once. The
bodies are named in the installation's language, as ``governance_setup`` names them, and
the repair is written to the audit trail."""

from django.conf import settings
from django.db import migrations
from django.utils import translation

UNIT_KINDS = ("unit_meeting", "weekly", "daily")


def add_missing_unit_bodies(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The current names and default agendas: what a unit made today would get.
    from koop.governance.services.setup import default_agenda, unit_body_names

    Statutes = apps.get_model("governance", "Statutes")
    Body = apps.get_model("governance", "Body")
    AgendaTemplate = apps.get_model("governance", "AgendaTemplate")
    AgendaTemplateItem = apps.get_model("governance", "AgendaTemplateItem")
    Unit = apps.get_model("organisation", "Unit")
    AuditEntry = apps.get_model("core", "AuditEntry")
    with translation.override(settings.LANGUAGE_CODE):
        for statutes in Statutes.objects.order_by("pk"):
            existing = set(
                Body.objects.filter(
                    cooperative_id=statutes.cooperative_id, unit__isnull=False
                ).values_list("unit_id", "kind")
            )
            made = []
            units = Unit.objects.filter(cooperative_id=statutes.cooperative_id).exclude(
                status="closed"
            )
            for unit in units.order_by("pk"):
                names = unit_body_names(unit.name)
                for kind in UNIT_KINDS:
                    if (unit.pk, kind) in existing:
                        continue
                    body = Body.objects.create(
                        cooperative_id=statutes.cooperative_id,
                        kind=kind,
                        unit_id=unit.pk,
                        name=names[kind],
                    )
                    template = AgendaTemplate.objects.create(body=body)
                    AgendaTemplateItem.objects.bulk_create(
                        AgendaTemplateItem(
                            template=template,
                            position=position,
                            title=title,
                            kind=item_kind,
                            matter_kind=matter_kind,
                        )
                        for position, (title, item_kind, matter_kind) in enumerate(
                            default_agenda(kind), start=1
                        )
                    )
                    made.append(body.pk)
            if made:
                AuditEntry.objects.create(
                    actor=None,
                    action="governance_setup",
                    object_type="governance.statutes",
                    object_id=str(statutes.pk),
                    object_repr=f"Statutes #{statutes.pk}",
                    before=None,
                    after={"bodies": made, "by": "migration governance 0005_unit_bodies"},
                )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0004_meeting_guest"),
        ("organisation", "0001_initial"),
        ("core", "0003_swedish_vat_rates"),
    ]

    operations = [
        migrations.RunPython(add_missing_unit_bodies, migrations.RunPython.noop),
    ]
