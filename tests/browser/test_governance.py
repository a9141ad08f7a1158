"""The live meeting in a real browser: voting from a phone while the page keeps itself up
to date, three voters at once, the chair checking people in with one tap each."""

from __future__ import annotations

from contextlib import ExitStack, contextmanager

from playwright.sync_api import Browser, Page

from koop.governance.models import Ballot, CountedBallot, OptionRole, Vote, VoterReceipt
from koop.governance.services import vote_open
from tests.browser.conftest import PHONE, open_page
from tests.browser.kit import assert_accessible, horizontal_overflow, log_in
from tests.governance.helpers import build_gov, open_meeting
from tests.personas import World

UNIT_A = ["leader", "cooperator", "participant"]
SCREENSHOTS = "/tmp/koop-governance"

phone_page = contextmanager(open_page)


def _assert_page_accessible(page: Page) -> None:
    """The page as it is, with the messages of the last action, passes the check."""
    page.wait_for_load_state()
    assert_accessible(page)


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
    phone.wait_for_selector("text=Din röst är räknad.")

    assert VoterReceipt.objects.filter(vote=vote).count() == 1
    assert list(Ballot.objects.filter(vote=vote).values_list("option_id", flat=True)) == [yes.pk]


def _option(page: Page, label: str) -> str:
    return f"form.ballot label.choice:has-text('{label}') input"


def test_three_voters_on_phones_vote_in_secret_while_the_page_polls(
    browser: Browser, base_url: str, browser_world: World
) -> None:
    gov = build_gov(browser_world)
    meeting = open_meeting(gov.vs_a, present=[])
    live = f"{base_url}/governance/meetings/{meeting.pk}/live/"
    with ExitStack() as stack:
        pages: dict[str, Page] = {}
        for persona in UNIT_A:
            pages[persona] = stack.enter_context(phone_page(browser, PHONE))
            log_in(pages[persona], base_url, persona, lands_on=None)
            pages[persona].goto(live)
        chair, first, second = pages["leader"], pages["cooperator"], pages["participant"]

        # The chair checks the three in on the phone, one tap each.
        chair.click("text=Checka in deltagare")
        chair.wait_for_load_state("load")
        assert chair.evaluate("typeof window.htmx") == "object"
        for persona in UNIT_A:
            name = gov.person(persona).full_name
            chair.click(f"button.checkin-button:has-text('{name}')")
            chair.wait_for_selector(f"ul.present li:has-text('{name}')")
        assert chair.is_visible("text=3 av 3 är här")
        assert horizontal_overflow(chair) <= 0
        _assert_page_accessible(chair)

        # The chair opens a secret vote; the voters' pages show the ballot by themselves.
        chair.goto(live)
        chair.click("text=Öppna en omröstning")
        chair.select_option("#id_item", "")
        chair.fill("#id_question", "Ska vi köpa en elcykel?")
        chair.select_option("#id_method", "secret")
        chair.click("form.stacked button[type=submit]")
        chair.wait_for_url(live)
        for page in (first, second):
            page.wait_for_selector("form.ballot", timeout=15_000)
            assert page.is_visible("text=Enkel majoritet")
        first.screenshot(path=f"{SCREENSHOTS}-voter-phone.png", full_page=True)
        assert_accessible(first)

        # The second voter chooses first and waits while the first votes.
        second.check(_option(second, "Ja"))
        first.check(_option(first, "Ja"))
        first.click("form.ballot button[type=submit]")
        first.wait_for_selector("text=Din röst är räknad.")
        second.wait_for_selector("#vote-progress:has-text('1 av 3 har röstat')", timeout=15_000)
        assert second.is_checked(_option(second, "Ja"))
        second.click("form.ballot button[type=submit]")
        second.wait_for_selector("text=Din röst är räknad.")

        chair.wait_for_selector("#vote-progress:has-text('2 av 3 har röstat')", timeout=15_000)
        chair.check(_option(chair, "Nej"))
        chair.click("form.ballot button[type=submit]")
        chair.wait_for_selector("#vote-progress:has-text('3 av 3 har röstat')")
        _assert_page_accessible(chair)
        chair.screenshot(path=f"{SCREENSHOTS}-chair-phone.png", full_page=True)

        # Closing asks first, then the result reaches every phone.
        chair.click("text=Stäng omröstningen …")
        chair.wait_for_selector("text=3 av 3 närvarande röster har röstat")
        chair.click("button[name=confirmed][value=yes]")
        chair.wait_for_url(live)
        for page in (chair, first, second):
            page.wait_for_selector(".result:has-text('Bifall: 2 för, 1 emot.')", timeout=15_000)
            assert horizontal_overflow(page) <= 0
        first.screenshot(path=f"{SCREENSHOTS}-result-phone.png", full_page=True)
        _assert_page_accessible(first)

    vote = Vote.objects.get(meeting=meeting)
    assert VoterReceipt.objects.filter(vote=vote).count() == 3
    # at the close the cast ballots became counted ones, in an order that says nothing
    assert not Ballot.objects.filter(vote=vote).exists()
    counts = {
        role: CountedBallot.objects.filter(vote=vote, option__role=role).count()
        for role in OptionRole
    }
    assert counts == {
        OptionRole.YES: 2,
        OptionRole.NO: 1,
        OptionRole.ABSTAIN: 0,
        OptionRole.CANDIDATE: 0,
    }
    assert (vote.yes_count, vote.no_count, vote.outcome) == (2, 1, "adopted")
