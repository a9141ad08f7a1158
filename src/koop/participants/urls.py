from django.urls import path

from koop.participants.views import attendance, casefile, claims, me, participants, plans

app_name = "participants"
urlpatterns = [
    path("participants/", participants.participant_list, name="list"),
    path("participants/new/", participants.participant_create, name="create"),
    path("participants/me/", me.my_page, name="me"),
    path("participants/me/absence/", me.my_absence, name="me-absence"),
    path("participants/ending-soon/", participants.ending_soon, name="ending-soon"),
    path("participants/<int:person_id>/", participants.participant_detail, name="detail"),
    path(
        "participants/<int:person_id>/referrals/new/",
        participants.referral_create_view,
        name="referral-create",
    ),
    path("participants/<int:person_id>/case-file/", casefile.case_file_view, name="case-file"),
    path("participants/<int:person_id>/extract.json", casefile.extract_json, name="extract-json"),
    path("participants/<int:person_id>/extract.pdf", casefile.extract_pdf, name="extract-pdf"),
    path("participants/case-file-log/", casefile.access_log_view, name="case-file-log"),
    path(
        "participants/agreements/<int:agreement_id>/consent/<str:kind>/",
        participants.consent_view,
        name="consent",
    ),
    path(
        "participants/agreements/<int:agreement_id>/change/",
        participants.agreement_change_view,
        name="agreement-change",
    ),
    path(
        "participants/agreements/<int:agreement_id>/placement/",
        participants.placement_create_view,
        name="placement-create",
    ),
    path("participants/agreements/<int:agreement_id>/plan/", plans.plan_view, name="plan"),
    path(
        "participants/agreements/<int:agreement_id>/plan/goals/new/",
        plans.goal_create,
        name="goal-create",
    ),
    path(
        "participants/agreements/<int:agreement_id>/plan/goals/<int:goal_id>/status/",
        plans.goal_status,
        name="goal-status",
    ),
    path(
        "participants/agreements/<int:agreement_id>/plan/goals/<int:goal_id>/steps/new/",
        plans.step_create,
        name="step-create",
    ),
    path(
        "participants/agreements/<int:agreement_id>/plan/steps/<int:step_id>/done/",
        plans.step_done,
        name="step-done",
    ),
    path(
        "participants/agreements/<int:agreement_id>/exit/follow-ups/<int:follow_up_id>/",
        plans.exit_follow_up,
        name="exit-follow-up",
    ),
    path(
        "participants/agreements/<int:agreement_id>/plan/meetings/new/",
        plans.meeting_create,
        name="meeting-create",
    ),
    path("participants/agreements/<int:agreement_id>/exit/", plans.exit_create, name="exit-create"),
    path(
        "participants/agreements/<int:agreement_id>/attendance/<int:year>/<int:month>/report.pdf",
        attendance.attendance_report_view,
        name="attendance-report",
    ),
    path(
        "participants/units/<int:unit_id>/attendance/",
        attendance.attendance_grid_view,
        name="attendance-grid",
    ),
    path("participants/claims/", claims.claim_list, name="claim-list"),
    path("participants/claims/<int:claim_id>/", claims.claim_detail, name="claim-detail"),
    path("participants/claims/<int:claim_id>/status/", claims.claim_status, name="claim-status"),
    path("participants/claims/<int:claim_id>/invoice/", claims.claim_invoice, name="claim-invoice"),
    path("participants/outcomes/", claims.outcome_statistics_view, name="outcomes"),
]
