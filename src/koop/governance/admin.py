"""Back-office corrections of the statutes' settings; every change leaves an audit row."""

from django.contrib import admin

from koop.core.admin import AuditedAdmin
from koop.governance.models import BodyRule, QualifiedMajority, Statutes


@admin.register(Statutes)
class StatutesAdmin(AuditedAdmin):
    list_display = ["cooperative", "motion_deadline_days", "unit_voters", "tie_rule"]


@admin.register(BodyRule)
class BodyRuleAdmin(AuditedAdmin):
    list_display = ["statutes", "body_kind", "notice_min_days", "notice_max_days"]
    list_filter = ["body_kind"]


@admin.register(QualifiedMajority)
class QualifiedMajorityAdmin(AuditedAdmin):
    list_display = ["statutes", "matter_kind", "numerator", "denominator"]
