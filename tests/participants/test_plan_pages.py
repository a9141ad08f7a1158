"""The development plan through its pages: goals, steps, meetings, the exit and the
follow-ups after it. The unit leader (here also the supervisor) writes; the participant
reads."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from koop.participants.models import Exit, ExitFollowUp, FollowUpMeeting, PlanGoal, PlanStep
from tests.participants.cases import Case, exit_follow_up_kwargs
from tests.personas import World


def _follow_up_url(kwargs: dict[str, object]) -> str:
    return (
        f"/participants/agreements/{kwargs['agreement_id']}"
        f"/exit/follow-ups/{kwargs['follow_up_id']}/"
    )


def _plan(case: Case) -> str:
    return f"/participants/agreements/{case.agreement.pk}/plan/"


def test_the_leader_adds_a_goal_and_a_step_and_marks_them_done(client_for, case: Case) -> None:  # type: ignore[no-untyped-def]
    client = client_for("leader")
    response = client.post(_plan(case) + "goals/new/", {"text": "Klara B-körkort"})
    assert response.status_code == 302
    goal = PlanGoal.objects.get(text="Klara B-körkort")
    response = client.post(
        _plan(case) + f"goals/{goal.pk}/steps/new/", {"text": "Boka uppkörning", "due_on": ""}
    )
    assert response.status_code == 302
    step = PlanStep.objects.get(goal=goal)
    assert client.post(_plan(case) + f"steps/{step.pk}/done/").status_code == 302
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()
    response = client.post(_plan(case) + f"goals/{goal.pk}/status/", {"status": "reached"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "reached"
    page = client.get(_plan(case)).content.decode()
    assert "Boka uppkörning" in page
    assert f"/goals/{goal.pk}/steps/new/" in page


def test_a_step_without_text_answers_422_and_saves_nothing(client_for, case: Case) -> None:  # type: ignore[no-untyped-def]
    response = client_for("leader").post(
        _plan(case) + f"goals/{case.goal_id}/steps/new/", {"text": ""}
    )
    assert response.status_code == 422
    assert PlanStep.objects.filter(goal_id=case.goal_id).count() == 1


def test_a_step_cannot_be_done_in_the_future(client_for, case: Case) -> None:  # type: ignore[no-untyped-def]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    client_for("leader").post(
        _plan(case) + f"steps/{case.step_id}/done/", {"done_on": tomorrow.isoformat()}
    )
    assert PlanStep.objects.get(pk=case.step_id).done_on is None


def test_an_unknown_goal_status_is_refused(client_for, case: Case) -> None:  # type: ignore[no-untyped-def]
    client_for("leader").post(_plan(case) + f"goals/{case.goal_id}/status/", {"status": "won"})
    assert PlanGoal.objects.get(pk=case.goal_id).status == "open"


def test_the_leader_records_a_three_party_meeting_with_the_next_date(
    client_for,  # type: ignore[no-untyped-def]
    case: Case,
) -> None:
    today = timezone.localdate()
    response = client_for("leader").post(
        _plan(case) + "meetings/new/",
        {
            "held_on": today.isoformat(),
            "notes": "Trepartssamtal med handläggaren.",
            "next_on": (today + dt.timedelta(days=42)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert FollowUpMeeting.objects.filter(notes__startswith="Trepartssamtal").exists()
    page = client_for("participant").get(_plan(case)).content.decode()
    assert (today + dt.timedelta(days=42)).isoformat() in page


def test_a_next_meeting_before_the_meeting_answers_422(client_for, case: Case) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    response = client_for("leader").post(
        _plan(case) + "meetings/new/",
        {"held_on": today.isoformat(), "next_on": (today - dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 422
    assert not FollowUpMeeting.objects.filter(held_on=today).exists()


def test_the_exit_schedules_the_follow_ups_at_6_and_12_months_and_they_are_recorded(
    world: World,
    client_for,  # type: ignore[no-untyped-def]
) -> None:
    kwargs = exit_follow_up_kwargs(world)
    plan = f"/participants/agreements/{kwargs['agreement_id']}/plan/"
    exit_ = Exit.objects.get(agreement_id=kwargs["agreement_id"])
    assert [f.months for f in exit_.follow_ups.all()] == [6, 12]
    client = client_for("leader")
    url = _follow_up_url(kwargs)
    assert url in client.get(plan).content.decode()
    today = timezone.localdate()
    response = client.post(
        url, {"done_on": today.isoformat(), "outcome": "employed_without_support", "note": "Jobb"}
    )
    assert response.status_code == 302
    follow_up = ExitFollowUp.objects.get(pk=kwargs["follow_up_id"])
    assert (follow_up.done_on, follow_up.outcome) == (today, "employed_without_support")


def test_a_follow_up_dated_in_the_future_answers_422(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    kwargs = exit_follow_up_kwargs(world)
    url = _follow_up_url(kwargs)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for("leader").post(url, {"done_on": tomorrow.isoformat(), "outcome": "moved"})
    assert response.status_code == 422
    assert ExitFollowUp.objects.get(pk=kwargs["follow_up_id"]).done_on is None


def test_the_participant_reads_the_plan_without_buttons_and_cannot_change_it(
    client_for,  # type: ignore[no-untyped-def]
    case: Case,
) -> None:
    client = client_for("participant")
    page = client.get(_plan(case))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ta truckkort" in html
    assert "Läsa teorin" in html
    for action in ("/steps/new/", "/done/", "/status/"):
        assert action not in html
    assert client.post(_plan(case) + f"steps/{case.step_id}/done/").status_code == 404
    assert client.post(_plan(case) + "goals/new/", {"text": "Eget mål"}).status_code == 404
    assert PlanStep.objects.get(pk=case.step_id).done_on is None


def test_another_units_leader_gets_404_on_every_plan_page(client_for, case: Case) -> None:  # type: ignore[no-untyped-def]
    client = client_for("leader_b")
    assert client.get(_plan(case)).status_code == 404
    assert client.get(_plan(case) + f"goals/{case.goal_id}/steps/new/").status_code == 404
    assert client.post(_plan(case) + f"steps/{case.step_id}/done/").status_code == 404
    status = client.post(_plan(case) + f"goals/{case.goal_id}/status/", {"status": "dropped"})
    assert status.status_code == 404


def test_a_goal_of_another_agreement_is_not_found_through_this_one(
    client_for,  # type: ignore[no-untyped-def]
    case: Case,
    fresh_agreement,  # type: ignore[no-untyped-def]
) -> None:
    other = fresh_agreement()
    url = f"/participants/agreements/{other.pk}/plan/goals/{case.goal_id}/steps/new/"
    assert client_for("admin").get(url).status_code == 404


def test_the_plan_page_costs_the_same_queries_with_more_goals(
    client_for,  # type: ignore[no-untyped-def]
    case: Case,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    from koop.participants.services import goal_add, step_add

    client = client_for("leader")
    client.get(_plan(case))
    for i in range(10):
        goal = goal_add(agreement=case.agreement, text=f"Mål {i}", acting_user=None)
        step_add(goal=goal, text=f"Steg {i}", acting_user=None)
    with django_assert_max_num_queries(25):
        assert client.get(_plan(case)).status_code == 200
