from django.urls import path

from koop.governance.views import (
    attendance,
    board,
    bodies,
    live,
    meetings,
    minutes,
    officers,
    units,
)

app_name = "governance"
urlpatterns = [
    # A unit comes with its bodies (see services.units); the pages keep their addresses.
    path("organisation/units/new/", units.unit_create_view, name="unit-create"),
    path("organisation/units/<int:unit_id>/edit/", units.unit_edit_view, name="unit-edit"),
    path("governance/", bodies.body_list, name="body-list"),
    path("governance/meetings/", meetings.meeting_list_view, name="meeting-list"),
    path("governance/statutes/", bodies.statutes_view, name="statutes"),
    path("governance/statutes/edit/", board.statutes_edit, name="statutes-edit"),
    path("governance/statutes/rules/<int:rule_id>/", board.body_rule_edit, name="body-rule-edit"),
    path("governance/board/seats/", board.seat_list, name="board-seats"),
    path("governance/board/seats/new/", board.seat_create, name="board-seat-create"),
    path("governance/board/seats/<int:seat_id>/", board.seat_edit, name="board-seat-edit"),
    path("governance/delegations/", bodies.delegation_list, name="delegation-list"),
    path("governance/delegations/new/", bodies.delegation_create_view, name="delegation-create"),
    path("governance/bodies/<int:body_id>/", bodies.body_detail, name="body-detail"),
    path("governance/bodies/<int:body_id>/template/", bodies.template_edit, name="template-edit"),
    path(
        "governance/bodies/<int:body_id>/meetings/new/",
        meetings.meeting_create_view,
        name="meeting-create",
    ),
    path(
        "governance/bodies/<int:body_id>/matters/new/", bodies.matter_create, name="matter-create"
    ),
    path("governance/bodies/<int:body_id>/decisions/", bodies.decision_list, name="decision-list"),
    path("governance/meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting-detail"),
    path(
        "governance/meetings/<int:meeting_id>/notice/",
        meetings.meeting_notice,
        name="meeting-notice",
    ),
    path(
        "governance/meetings/<int:meeting_id>/open/",
        meetings.meeting_open_view,
        name="meeting-open",
    ),
    path(
        "governance/meetings/<int:meeting_id>/close/",
        meetings.meeting_close_view,
        name="meeting-close",
    ),
    path(
        "governance/meetings/<int:meeting_id>/invitation.ics",
        minutes.meeting_ics,
        name="meeting-ics",
    ),
    path(
        "governance/meetings/<int:meeting_id>/officers/", officers.officers, name="meeting-officers"
    ),
    path("governance/meetings/<int:meeting_id>/proxies/", officers.proxies, name="proxies"),
    path("governance/meetings/<int:meeting_id>/check-in/", attendance.check_in, name="check-in"),
    path(
        "governance/meetings/<int:meeting_id>/attendance/",
        attendance.attendance,
        name="attendance",
    ),
    path(
        "governance/meetings/<int:meeting_id>/guests/",
        attendance.guest_invite,
        name="guest-invite",
    ),
    path("governance/meetings/<int:meeting_id>/live/", live.live, name="meeting-live"),
    path(
        "governance/meetings/<int:meeting_id>/live/state/",
        live.live_state,
        name="meeting-live-state",
    ),
    path("governance/meetings/<int:meeting_id>/current/", live.set_current, name="meeting-current"),
    path("governance/meetings/<int:meeting_id>/votes/new/", live.vote_open_view, name="vote-open"),
    path("governance/meetings/<int:meeting_id>/minutes/", minutes.minutes_view, name="minutes"),
    path(
        "governance/meetings/<int:meeting_id>/minutes/approve/",
        minutes.minutes_approve_view,
        name="minutes-approve",
    ),
    path(
        "governance/meetings/<int:meeting_id>/minutes.pdf",
        minutes.minutes_pdf_view,
        name="minutes-pdf",
    ),
    path("governance/votes/<int:vote_id>/cast/", live.cast, name="vote-cast"),
    path("governance/votes/<int:vote_id>/close/", live.close, name="vote-close"),
    path("governance/votes/<int:vote_id>/tie/", live.tie, name="vote-tie"),
    path("governance/items/<int:item_id>/decide/", live.decide, name="decide"),
    path(
        "governance/decisions/<int:decision_id>/execution/",
        bodies.decision_execution,
        name="decision-execution",
    ),
    path("governance/matters/<int:matter_id>/", bodies.matter_detail, name="matter-detail"),
    path(
        "governance/matters/<int:matter_id>/statement/",
        bodies.motion_statement,
        name="motion-statement",
    ),
    path("governance/matters/<int:matter_id>/urgent/", bodies.matter_urgent, name="matter-urgent"),
    path("governance/documents/<int:document_id>/", bodies.document_download, name="document"),
    path("governance/calendar/", minutes.calendar, name="calendar"),
    path("governance/calendar/<str:token>.ics", minutes.calendar_feed, name="calendar-feed"),
]
