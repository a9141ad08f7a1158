from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "koop.participants"
    label = "participants"
    verbose_name = _("Participants")
    # What the audit trail calls each action this app's services record.
    audit_actions = {
        "agreement_create": _("Three-party agreement created"),
        "agreement_end_early": _("Three-party agreement ended early"),
        "agreement_extend": _("Three-party agreement extended"),
        "attendance_save": _("Attendance saved"),
        "attendance_self_report": _("Absence reported by the participant"),
        "case_file_write": _("Case file written"),
        "claim_compute": _("Compensation claim computed"),
        "claim_invoice_create": _("Compensation claim invoiced"),
        "claim_set_status": _("Compensation claim status changed"),
        "exit_follow_up_record": _("Follow-up after exit recorded"),
        "exit_record": _("Exit recorded"),
        "goal_add": _("Goal added to the plan"),
        "goal_set_status": _("Goal status changed"),
        "meeting_record": _("Follow-up meeting recorded"),
        "participant_anonymise": _("Participant anonymised"),
        "placement_end": _("Placement ended"),
        "placement_move": _("Placement moved"),
        "placement_start": _("Placement started"),
        "referral_create": _("Referral received"),
        "referring_body_create": _("Referring body added"),
        "step_add": _("Step added to the plan"),
        "step_complete": _("Step completed"),
        "agreement_consent_body": _("Referring body's decision recorded"),
        "agreement_consent_cooperative": _("Cooperative's yes recorded"),
        "agreement_consent_participant": _("Participant's yes recorded"),
    }
