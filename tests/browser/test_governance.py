"""The live meeting in a real browser: voting from a phone while the page keeps itself up
to date, several voters at once, and the chair's view."""

from __future__ import annotations

from playwright.sync_api import Page

from koop.governance.models import Ballot, VoterReceipt
from koop.governance.services import vote_open
from tests.browser.kit import log_in
from tests.governance.helpers import build_gov, open_meeting
from tests.personas import World

UNIT_A = ["leader", "cooperator", "participant"]


def test_a_voter_who_takes_ten_seconds_keeps_their_choice(
    phone: Page, base_url: str, browser_world: World
) -> None:
    gov = build_gov(browser_world)
    meeting = open_meeting(gov.vs_a, present=[gov.person(p) for p in UNIT_A])
    vote = vote_open(meeting=meeting, question="Sommarstängt?", method="secret", acting_user=None)
    yes = vote.options.get(role="yes")
    log_in(phone, base_url, "cooperator", lands_on=None)
    phone.goto(f"{base_url}/governance/meetings/{meeting.pk}/live/")

    phone.check(f"input[name=option][value='{yes.pk}']")
    # The page asks for its state every 2 s; five rounds pass while the voter thinks.
    phone.wait_for_timeout(10_000)
    assert phone.is_checked(f"input[name=option][value='{yes.pk}']")
    phone.click("form.ballot button[type=submit]")
    phone.wait_for_load_state()

    assert VoterReceipt.objects.filter(vote=vote).count() == 1
    assert list(Ballot.objects.filter(vote=vote).values_list("option_id", flat=True)) == [yes.pk]
