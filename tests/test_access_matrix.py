"""Every URL and every API operation, asked by every persona, with the answer each must get.

How to add an entry (one per URL name or API operation, in MATRIX below):

    "app:url-name": Entry(
        kwargs=lambda w: {"unit_id": w.unit_a.pk},  # the URL's arguments, from the world
        expect=page(UNIT_A_STAFF),                  # who gets 200; everyone else 404
    ),
    "GET /api/v1/things/{thing_id}": Entry(
        kwargs=lambda w: {"thing_id": ...}, expect=api(SIGNED_IN),
    ),

Pages are keyed by their namespaced URL name, API operations by "METHOD /api/v1/path" as
the OpenAPI description spells them. ``page()`` answers 302 (to the login page) for the
anonymous visitor, ``api()`` answers 401. Objects come from unit A by default, so ``leader``
sees them and ``leader_b`` gets 404. For a write, give ``method="POST"`` and ``data``; each
request runs in a savepoint that is rolled back, so one persona's write never changes what
the next one sees. A URL or operation without an entry fails ``test_every_url_...``.

The matrix says who gets an answer; ``tests/test_access_other_units.py`` walks the objects
that reference others (a voucher's rows, a meeting's people, an invoice's lines) and says
what a unit's persona is shown of another unit: nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from koop.api.urls import api as koop_api
from tests.billing import matrix as bm
from tests.governance import objects as go
from tests.ledger import matrix as lm
from tests.participants import cases as pc
from tests.personas import World
from tests.signin import log_in
from tests.work import objects as wo

PERSONAS = [
    "anonymous",
    "admin",
    "finance",
    "vd",
    "board",
    "leader",
    "cooperator",
    "participant",
    "leader_b",
]
SIGNED_IN = frozenset(PERSONAS) - {"anonymous"}
CENTRAL = frozenset({"admin", "finance", "vd"})
ADMIN = frozenset({"admin"})
# Administrators and the regional manager change the organisation and the people.
EDITORS = frozenset({"admin", "vd"})
# The structure of the group is for everyone who works in it; participants see themselves.
WORKERS = SIGNED_IN - {"participant"}
# Unit-scoped data of unit A: the central roles and unit A's leader and cooperator.
UNIT_A_STAFF = CENTRAL | {"leader", "cooperator"}
# Who makes unit A's invoices: its leader, central finance and the administrator.
INVOICERS = frozenset({"admin", "finance", "leader"})
# Who must sign in with a second factor (koop.accounts.selectors.two_factor_required).
TWO_FACTOR = frozenset({"admin", "finance", "leader", "leader_b"})

API_PREFIX = "/api/v1"
# Patterns outside the matrix: Django's admin checks is_staff itself (see the test at the
# bottom); the language switch is the same for everyone.
SKIPPED_PREFIXES = ("admin/", "i18n/", "static/")


def page(allowed: Iterable[str], *, ok: int = 200, denied: int = 404) -> dict[str, int]:
    """A page: ``ok`` for ``allowed``, ``denied`` for the other personas, and the anonymous
    visitor is sent to the login page."""
    allowed = frozenset(allowed)
    out = {p: ok if p in allowed else denied for p in SIGNED_IN}
    out["anonymous"] = 302
    return out


def api(allowed: Iterable[str], *, ok: int = 200, denied: int = 404) -> dict[str, int]:
    """An API operation: like ``page`` but the anonymous caller gets 401."""
    out = page(allowed, ok=ok, denied=denied)
    out["anonymous"] = 401
    return out


def _none(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Entry:
    expect: Mapping[str, int]
    kwargs: Callable[[World], dict[str, Any]] = _none
    method: str = "GET"  # for pages; an API operation's method is in its key
    data: Callable[[World], dict[str, Any]] | None = None
    query: str = ""


def _unit_a(w: World) -> dict[str, Any]:
    return {"unit_id": w.unit_a.pk}


def _cooperator(w: World) -> dict[str, Any]:
    return {"person_id": w.persons["cooperator"].pk}


MATRIX: dict[str, Entry] = {
    # --- pages -------------------------------------------------------------------------
    "login": Entry(expect={**page(SIGNED_IN, ok=302), "anonymous": 200}),
    "logout": Entry(expect={**page(SIGNED_IN, ok=302), "anonymous": 302}, method="POST"),
    "api:openapi-json": Entry(expect={**page(SIGNED_IN), "anonymous": 200}),
    "api:openapi-view": Entry(expect={**page(SIGNED_IN), "anonymous": 200}),
    # django-ninja's root only serves to build operation URLs; it answers 404 to all.
    "api:api-root": Entry(expect={**page(()), "anonymous": 404}),
    "portal:dashboard": Entry(expect=page(SIGNED_IN)),
    "portal:figures": Entry(expect=page(SIGNED_IN)),
    # A home's list: for those whose home has that section (here: the unit leaders').
    "portal:worklist": Entry(
        kwargs=lambda w: {"section": "unit", "item": "drafts"}, expect=page({"leader", "leader_b"})
    ),
    "portal:unit-list": Entry(expect=page(WORKERS)),
    "portal:unit-detail": Entry(kwargs=_unit_a, expect=page(UNIT_A_STAFF)),
    "organisation:cooperative": Entry(expect=page(WORKERS)),
    # A unit comes with its bodies, so its pages are governance's (at /organisation/...).
    "governance:unit-create": Entry(expect=page(EDITORS)),
    "governance:unit-edit": Entry(kwargs=_unit_a, expect=page(EDITORS)),
    "people:person-list": Entry(expect=page(SIGNED_IN)),
    "people:person-create": Entry(expect=page(EDITORS)),
    # The central roles see everyone; others themselves and their units' current staff.
    "people:person-detail": Entry(
        kwargs=_cooperator, expect=page(CENTRAL | {"leader", "cooperator"})
    ),
    "people:person-edit": Entry(kwargs=_cooperator, expect=page(EDITORS)),
    # What a person reports about themself is for them and the administrators.
    "people:person-self-report": Entry(kwargs=_cooperator, expect=page({"admin", "cooperator"})),
    "people:employment-create": Entry(kwargs=_cooperator, expect=page(EDITORS)),
    "people:membership-create": Entry(kwargs=_cooperator, expect=page(EDITORS)),
    # No login and no database: the health check and the benchmarks' baseline.
    "core:health": Entry(expect={p: 200 for p in PERSONAS}),
    "core:audit-list": Entry(expect=page(ADMIN)),
    # --- signing in (koop.accounts): each person's own; nobody reaches another's --------
    # The signed-in personas have given their second factor (or need none): the
    # verification step sends them on.
    "accounts:verify": Entry(expect=page(SIGNED_IN, ok=302)),
    "accounts:security": Entry(expect=page(SIGNED_IN)),
    "accounts:setup": Entry(expect=page(SIGNED_IN)),
    "accounts:password": Entry(expect=page(SIGNED_IN)),
    # New recovery codes: for those with an authenticator app, here the personas who must
    # have one.
    "accounts:recovery-codes": Entry(method="POST", expect=page(TWO_FACTOR)),
    # Turning it off: only for someone who has it and need not; no persona here.
    "accounts:two-factor-off": Entry(expect=page(())),
    "core:audit-object": Entry(
        kwargs=lambda w: {"object_type": "organisation.unit", "object_id": str(w.unit_a.pk)},
        expect=page(ADMIN),
    ),
    # Customers are shared by the cooperative; agreements and work orders as tests.work.objects
    # says. The work order of unit A has the participant assigned.
    "work:customer-list": Entry(expect=page(WORKERS)),
    "work:customer-create": Entry(expect=page(wo.CUSTOMER_EDITORS)),
    "work:customer-detail": Entry(kwargs=wo.customer_kwargs, expect=page(WORKERS)),
    "work:customer-edit": Entry(kwargs=wo.customer_kwargs, expect=page(wo.CUSTOMER_EDITORS)),
    "work:agreement-list": Entry(expect=page(WORKERS)),
    "work:agreements-ending": Entry(expect=page(WORKERS)),
    "work:agreement-create": Entry(expect=page(wo.CUSTOMER_EDITORS)),
    "work:agreement-detail": Entry(kwargs=wo.agreement_kwargs, expect=page(wo.AGREEMENT_A_READERS)),
    "work:agreement-transition": Entry(
        kwargs=wo.agreement_kwargs,
        method="POST",
        data=lambda w: {"to": "ended"},
        expect=page(wo.AGREEMENT_A_EDITORS, ok=302),
    ),
    "work:price-item-create": Entry(
        kwargs=wo.agreement_kwargs, expect=page(wo.AGREEMENT_A_EDITORS)
    ),
    "work:work-order-list": Entry(expect=page(SIGNED_IN)),
    "work:work-order-create": Entry(kwargs=_unit_a, expect=page(UNIT_A_STAFF)),
    "work:work-order-detail": Entry(
        kwargs=wo.order_kwargs, expect=page(UNIT_A_STAFF | {"participant"})
    ),
    "work:work-order-edit": Entry(kwargs=wo.order_kwargs, expect=page(UNIT_A_STAFF)),
    "work:work-order-transition": Entry(
        kwargs=wo.order_kwargs,
        method="POST",
        data=lambda w: {"to": "planned"},
        expect=page(UNIT_A_STAFF, ok=302),
    ),
    "work:time-row-create": Entry(
        kwargs=wo.order_kwargs,
        method="POST",
        data=wo.time_form_data,
        expect=page(UNIT_A_STAFF | {"participant"}, ok=302),
    ),
    "work:material-row-create": Entry(
        kwargs=wo.order_kwargs,
        method="POST",
        data=wo.material_form_data,
        expect=page(UNIT_A_STAFF, ok=302),
    ),
    "work:unit-calendar": Entry(kwargs=_unit_a, expect=page(UNIT_A_STAFF)),
    "work:unit-calendar-feed": Entry(kwargs=_unit_a, expect=page(UNIT_A_STAFF)),
    # --- participants (need-to-know; see koop.participants.access) ----------------------
    # The list is filtered: a cooperator sees names and schedules, a participant themself.
    "participants:list": Entry(expect=page(SIGNED_IN)),
    "participants:create": Entry(expect=page(pc.REGISTRARS)),
    "participants:me": Entry(kwargs=pc.no_kwargs, expect=page({"participant"})),
    # "I am sick today": only the participant themself, for themself (and only for today).
    "participants:me-absence": Entry(
        kwargs=pc.no_kwargs,
        method="POST",
        data=lambda w: {"kind": "sick"},
        expect=page({"participant"}, ok=302),
    ),
    "participants:ending-soon": Entry(expect=page(CENTRAL | {"leader", "leader_b"})),
    "participants:detail": Entry(kwargs=pc.person_kwargs, expect=page(pc.READERS)),
    "participants:referral-create": Entry(kwargs=pc.person_kwargs, expect=page(pc.WRITERS)),
    # Health, disability, background: the current unit leader and supervisor only.
    "participants:case-file": Entry(kwargs=pc.person_kwargs, expect=page({"leader"})),
    "participants:case-file-log": Entry(expect=page(ADMIN)),
    "participants:extract-json": Entry(
        kwargs=pc.person_kwargs, expect=page({"admin", "participant"})
    ),
    "participants:extract-pdf": Entry(
        kwargs=pc.person_kwargs, expect=page({"admin", "participant"})
    ),
    "participants:consent": Entry(
        kwargs=pc.consent_kwargs, method="POST", expect=page(pc.WRITERS, ok=302)
    ),
    "participants:agreement-change": Entry(kwargs=pc.agreement_kwargs, expect=page(pc.WRITERS)),
    "participants:placement-create": Entry(kwargs=pc.agreement_kwargs, expect=page(pc.WRITERS)),
    "participants:plan": Entry(kwargs=pc.agreement_kwargs, expect=page(pc.READERS)),
    "participants:goal-create": Entry(kwargs=pc.agreement_kwargs, expect=page(pc.WRITERS)),
    "participants:meeting-create": Entry(kwargs=pc.agreement_kwargs, expect=page(pc.WRITERS)),
    "participants:goal-status": Entry(
        kwargs=pc.goal_kwargs,
        method="POST",
        data=lambda w: {"status": "reached"},
        expect=page(pc.WRITERS, ok=302),
    ),
    "participants:step-create": Entry(kwargs=pc.goal_kwargs, expect=page(pc.WRITERS)),
    "participants:step-done": Entry(
        kwargs=pc.step_kwargs, method="POST", data=lambda w: {}, expect=page(pc.WRITERS, ok=302)
    ),
    "participants:exit-follow-up": Entry(kwargs=pc.exit_follow_up_kwargs, expect=page(pc.WRITERS)),
    "participants:exit-create": Entry(kwargs=pc.agreement_kwargs, expect=page(pc.WRITERS)),
    "participants:attendance-report": Entry(kwargs=pc.report_kwargs, expect=page(pc.READERS)),
    # The grid: the unit's leader and supervisors; central roles read it.
    "participants:attendance-grid": Entry(
        kwargs=lambda w: {"unit_id": pc.case(w).agreement.unit_id},
        expect=page(CENTRAL | {"leader"}),
    ),
    "participants:claim-list": Entry(expect=page(CENTRAL)),
    "participants:claim-detail": Entry(kwargs=pc.claim_kwargs, expect=page(CENTRAL)),
    "participants:claim-status": Entry(
        kwargs=pc.claim_kwargs,
        method="POST",
        data=lambda w: {"status": "sent"},
        expect=page({"admin", "finance"}, ok=302),
    ),
    "participants:claim-invoice": Entry(
        kwargs=pc.claim_kwargs,
        method="POST",
        data=lambda w: {"unit": w.unit_a.pk},
        expect=page({"admin", "finance"}, ok=302),
    ),
    # Anonymous statistics (no group under five): the central roles and the board.
    "participants:outcomes": Entry(expect=page(CENTRAL | {"board"})),
    # Invoices: unit A's staff and the central roles read; the leader, finance and the
    # administrator make them. Participants and the board see none.
    "billing:invoice-list": Entry(kwargs=_unit_a, expect=page(UNIT_A_STAFF)),
    "billing:overdue-list": Entry(kwargs=_unit_a, expect=page(UNIT_A_STAFF)),
    "billing:draft-create": Entry(kwargs=_unit_a, expect=page(INVOICERS)),
    "billing:draft-detail": Entry(kwargs=bm.draft_kwargs, expect=page(UNIT_A_STAFF)),
    "billing:draft-edit": Entry(kwargs=bm.draft_kwargs, expect=page(INVOICERS)),
    "billing:draft-line-add": Entry(
        kwargs=bm.draft_kwargs,
        method="POST",
        data=bm.draft_line_form,
        expect=page(INVOICERS, ok=302),
    ),
    "billing:draft-line-remove": Entry(
        kwargs=bm.draft_line_kwargs, method="POST", expect=page(INVOICERS, ok=302)
    ),
    # Issuing and deleting ask first (GET shows what will happen); confirmed, they act.
    "billing:draft-issue": Entry(
        kwargs=bm.draft_kwargs,
        method="POST",
        data=lambda w: {"confirmed": "yes"},
        expect=page(INVOICERS, ok=302),
    ),
    "billing:draft-delete": Entry(
        kwargs=bm.draft_kwargs,
        method="POST",
        data=lambda w: {"confirmed": "yes"},
        expect=page(INVOICERS, ok=302),
    ),
    # "Fakturera" on a done work order of unit A: those who make unit A's invoices.
    "billing:work-order-invoice": Entry(
        kwargs=bm.done_order_kwargs, method="POST", expect=page(INVOICERS, ok=302)
    ),
    # Every unit's invoices at once: the central roles (the regional manager reads only).
    "billing:group-invoice-list": Entry(expect=page(CENTRAL)),
    "billing:group-overdue-list": Entry(expect=page(CENTRAL)),
    "billing:invoice-detail": Entry(kwargs=bm.invoice_kwargs, expect=page(UNIT_A_STAFF)),
    "billing:invoice-pdf": Entry(kwargs=bm.invoice_kwargs, expect=page(UNIT_A_STAFF)),
    "billing:invoice-ubl": Entry(kwargs=bm.invoice_kwargs, expect=page(UNIT_A_STAFF)),
    "billing:credit-note-create": Entry(kwargs=bm.invoice_kwargs, expect=page(INVOICERS)),
    "billing:payment-create": Entry(kwargs=bm.invoice_kwargs, expect=page(INVOICERS)),
    "billing:settings": Entry(expect=page(CENTRAL)),
    # --- governance (see koop.governance.access) -----------------------------------------
    # Every persona is a member, so everyone sees the assembly and the lists (filtered).
    "governance:body-list": Entry(expect=page(SIGNED_IN)),
    "governance:meeting-list": Entry(expect=page(SIGNED_IN)),
    "governance:statutes": Entry(expect=page(SIGNED_IN)),
    "governance:calendar": Entry(expect=page(SIGNED_IN)),
    # The secret address is the key: calendar apps cannot sign in.
    "governance:calendar-feed": Entry(kwargs=go.token, expect={p: 200 for p in PERSONAS}),
    "governance:delegation-list": Entry(kwargs=go.setup, expect=page(WORKERS)),
    "governance:delegation-create": Entry(expect=page(go.ASSEMBLY_RUNNERS)),
    # Unit A's VS: its leader, cooperators and participants, and the central roles.
    "governance:body-detail": Entry(kwargs=go.body, expect=page(go.UNIT_A_PEOPLE)),
    "governance:decision-list": Entry(kwargs=go.body, expect=page(go.UNIT_A_PEOPLE)),
    "governance:matter-create": Entry(kwargs=go.body, expect=page(go.UNIT_A_PEOPLE)),
    "governance:template-edit": Entry(kwargs=go.body, expect=page(go.UNIT_A_RUNNERS)),
    "governance:meeting-create": Entry(kwargs=go.body, expect=page(go.UNIT_A_RUNNERS)),
    "governance:meeting-detail": Entry(kwargs=go.meeting, expect=page(go.UNIT_A_PEOPLE)),
    "governance:meeting-ics": Entry(kwargs=go.meeting, expect=page(go.UNIT_A_PEOPLE)),
    "governance:meeting-live": Entry(kwargs=go.meeting, expect=page(go.UNIT_A_PEOPLE)),
    "governance:meeting-live-state": Entry(kwargs=go.meeting, expect=page(go.UNIT_A_PEOPLE)),
    "governance:check-in": Entry(
        kwargs=go.meeting, method="POST", expect=page(go.UNIT_A_PEOPLE, ok=302)
    ),
    # The chair's check-in list and inviting guests: those who run the meeting.
    "governance:attendance": Entry(kwargs=go.meeting, expect=page(go.UNIT_A_RUNNERS)),
    "governance:guest-invite": Entry(
        kwargs=go.meeting,
        method="POST",
        data=go.guest_data,
        expect=page(go.UNIT_A_RUNNERS, ok=302),
    ),
    "governance:meeting-notice": Entry(
        kwargs=go.planned, method="POST", expect=page(go.UNIT_A_RUNNERS, ok=302)
    ),
    "governance:meeting-open": Entry(
        kwargs=go.planned, method="POST", expect=page(go.UNIT_A_RUNNERS, ok=302)
    ),
    # Closing asks first (GET shows what happens); the POST with confirmed=yes closes.
    "governance:meeting-close": Entry(
        kwargs=go.weekly, method="POST", data=go.confirmed, expect=page(go.UNIT_A_RUNNERS, ok=302)
    ),
    "governance:meeting-current": Entry(
        kwargs=go.meeting,
        method="POST",
        data=go.item_data,
        expect=page(go.UNIT_A_RUNNERS, ok=302),
    ),
    "governance:vote-open": Entry(kwargs=go.meeting, expect=page(go.UNIT_A_RUNNERS)),
    "governance:vote-cast": Entry(
        kwargs=go.vote, method="POST", expect=page(go.UNIT_A_PEOPLE, ok=302)
    ),
    "governance:vote-close": Entry(
        kwargs=go.vote, method="POST", data=go.confirmed, expect=page(go.UNIT_A_RUNNERS, ok=302)
    ),
    "governance:vote-tie": Entry(
        kwargs=go.vote, method="POST", expect=page(go.UNIT_A_RUNNERS, ok=302)
    ),
    "governance:decide": Entry(kwargs=go.item, expect=page(go.UNIT_A_RUNNERS)),
    # The body's managers and the person responsible for carrying it out.
    "governance:decision-execution": Entry(
        kwargs=go.decision, expect=page(go.UNIT_A_RUNNERS | {"cooperator"})
    ),
    "governance:minutes": Entry(kwargs=go.closed, expect=page(go.UNIT_A_PEOPLE)),
    "governance:minutes-approve": Entry(
        kwargs=go.closed, method="POST", expect=page(go.UNIT_A_PEOPLE, ok=302)
    ),
    "governance:minutes-pdf": Entry(kwargs=go.closed, expect=page(go.UNIT_A_PEOPLE)),
    "governance:matter-detail": Entry(kwargs=go.matter, expect=page(go.UNIT_A_PEOPLE)),
    "governance:document": Entry(kwargs=go.document, expect=page(go.UNIT_A_PEOPLE)),
    "governance:matter-urgent": Entry(
        kwargs=go.matter,
        method="POST",
        data=go.urgent_data,
        expect=page(go.UNIT_A_RUNNERS, ok=302),
    ),
    # A motion to the assembly is answered by the board.
    "governance:motion-statement": Entry(kwargs=go.motion, expect=page({"admin", "board"})),
    # The meeting's runners set its officers and record proxies; everyone in it reads them.
    "governance:meeting-officers": Entry(kwargs=go.meeting, expect=page(go.UNIT_A_RUNNERS)),
    "governance:proxies": Entry(kwargs=go.meeting, expect=page(go.UNIT_A_PEOPLE)),
    # The statutes are changed by the administrator and the board; seats kept by the board.
    "governance:statutes-edit": Entry(kwargs=go.setup, expect=page({"admin", "board"})),
    "governance:body-rule-edit": Entry(kwargs=go.body_rule, expect=page({"admin", "board"})),
    "governance:board-seats": Entry(kwargs=go.setup, expect=page(go.ASSEMBLY_RUNNERS)),
    "governance:board-seat-create": Entry(kwargs=go.setup, expect=page(go.ASSEMBLY_RUNNERS)),
    "governance:board-seat-edit": Entry(kwargs=go.seat, expect=page(go.ASSEMBLY_RUNNERS)),
    # --- ledger (see koop.ledger.access) ---------------------------------------------------
    # Central roles read everything, unit leaders their own units; bookkeeping is for central
    # finance and the administrator.
    "ledger:home": Entry(expect=page(lm.READERS)),
    "ledger:voucher-list": Entry(expect=page(lm.READERS)),
    "ledger:voucher-detail": Entry(kwargs=lm.voucher_kwargs, expect=page(lm.UNIT_A_READERS)),
    "ledger:voucher-reverse": Entry(
        kwargs=lm.voucher_kwargs, method="POST", expect=page(lm.BOOKKEEPERS, ok=302)
    ),
    "ledger:report-units": Entry(expect=page(lm.READERS)),
    "ledger:report-unit": Entry(kwargs=lm.unit_a, expect=page(lm.UNIT_A_READERS)),
    "ledger:report-drilldown": Entry(kwargs=lm.drilldown_kwargs, expect=page(lm.UNIT_A_READERS)),
    "ledger:sie-import": Entry(expect=page(lm.BOOKKEEPERS)),
    "ledger:sie-job": Entry(kwargs=lm.job_kwargs, expect=page(lm.BOOKKEEPERS)),
    "ledger:sie-export": Entry(kwargs=lm.setup, query="year=2024", expect=page(lm.BOOKKEEPERS)),
    "ledger:object-mapping": Entry(expect=page(lm.BOOKKEEPERS)),
    "ledger:levy": Entry(expect=page(lm.CENTRAL)),
    "ledger:funds": Entry(expect=page(lm.CENTRAL)),
    "ledger:budget-import": Entry(expect=page(lm.BOOKKEEPERS)),
    "ledger:fortnox": Entry(expect=page(lm.BOOKKEEPERS)),
    "ledger:fortnox-connect": Entry(method="POST", expect=page(lm.BOOKKEEPERS, ok=302)),
    # Without the state it sent, the callback refuses and goes back to the page.
    "ledger:fortnox-callback": Entry(expect=page(lm.BOOKKEEPERS, ok=302)),
    # --- API ---------------------------------------------------------------------------
    "GET /api/v1/figures": Entry(expect=api(SIGNED_IN)),
    "GET /api/v1/municipalities": Entry(expect=api(WORKERS)),
    "GET /api/v1/municipalities/{municipality_id}": Entry(
        kwargs=lambda w: {"municipality_id": w.unit_a.municipality_id}, expect=api(WORKERS)
    ),
    "GET /api/v1/business-areas": Entry(expect=api(WORKERS)),
    "GET /api/v1/business-areas/{area_id}": Entry(
        kwargs=lambda w: {"area_id": w.unit_a.business_areas.get().pk}, expect=api(WORKERS)
    ),
    "GET /api/v1/units": Entry(expect=api(WORKERS)),
    "GET /api/v1/units/{unit_id}": Entry(kwargs=_unit_a, expect=api(UNIT_A_STAFF)),
    # A new unit (with its bodies): those who change the organisation, as the page.
    "POST /api/v1/units": Entry(data=go.unit_data, expect=api(EDITORS, ok=201)),
    # The list is filtered to what the caller may see, so everyone gets an answer.
    "GET /api/v1/people": Entry(expect=api(SIGNED_IN)),
    "GET /api/v1/people/{person_id}": Entry(
        kwargs=_cooperator, expect=api(CENTRAL | {"leader", "cooperator"})
    ),
    "GET /api/v1/customers": Entry(expect=api(WORKERS)),
    "GET /api/v1/customers/{customer_id}": Entry(kwargs=wo.customer_kwargs, expect=api(WORKERS)),
    "POST /api/v1/customers": Entry(
        method="POST", data=wo.customer_data, expect=api(wo.CUSTOMER_EDITORS, ok=201)
    ),
    "PATCH /api/v1/customers/{customer_id}": Entry(
        kwargs=wo.customer_kwargs,
        method="PATCH",
        data=wo.customer_patch,
        expect=api(wo.CUSTOMER_EDITORS),
    ),
    "GET /api/v1/agreements": Entry(expect=api(WORKERS)),
    "GET /api/v1/agreements/{agreement_id}": Entry(
        kwargs=wo.agreement_kwargs, expect=api(wo.AGREEMENT_A_READERS)
    ),
    # Unit B's leader may make agreements, but not for unit A: the units field is refused.
    "POST /api/v1/agreements": Entry(
        method="POST",
        data=wo.agreement_data,
        expect={**api(wo.AGREEMENT_A_EDITORS, ok=201), "leader_b": 422},
    ),
    "GET /api/v1/work-orders": Entry(expect=api(SIGNED_IN)),
    "GET /api/v1/work-orders/{work_order_id}": Entry(
        kwargs=wo.order_kwargs, expect=api(UNIT_A_STAFF | {"participant"})
    ),
    "POST /api/v1/work-orders": Entry(
        method="POST", data=wo.order_data, expect=api(UNIT_A_STAFF, ok=201)
    ),
    "POST /api/v1/work-orders/{work_order_id}/transitions": Entry(
        kwargs=wo.order_kwargs,
        method="POST",
        data=lambda w: {"to": "planned"},
        expect=api(UNIT_A_STAFF),
    ),
    "POST /api/v1/work-orders/{work_order_id}/time-rows": Entry(
        kwargs=wo.order_kwargs,
        method="POST",
        data=wo.time_data,
        expect=api(UNIT_A_STAFF | {"participant"}, ok=201),
    ),
    "POST /api/v1/work-orders/{work_order_id}/invoice-draft": Entry(
        kwargs=bm.done_order_kwargs, method="POST", expect=api(INVOICERS, ok=201)
    ),
    "POST /api/v1/work-orders/{work_order_id}/material-rows": Entry(
        kwargs=wo.order_kwargs,
        method="POST",
        data=wo.material_data,
        expect=api(UNIT_A_STAFF, ok=201),
    ),
    "GET /api/v1/participants": Entry(expect=api(SIGNED_IN)),
    "GET /api/v1/participants/{person_id}": Entry(kwargs=pc.person_kwargs, expect=api(pc.READERS)),
    "GET /api/v1/participants/{person_id}/referrals": Entry(
        kwargs=pc.person_kwargs, expect=api(pc.READERS)
    ),
    "GET /api/v1/participants/{person_id}/agreements": Entry(
        kwargs=pc.person_kwargs, expect=api(pc.READERS)
    ),
    "GET /api/v1/participants/{person_id}/placements": Entry(
        kwargs=pc.person_kwargs, expect=api(pc.READERS)
    ),
    "GET /api/v1/participants/{person_id}/attendance": Entry(
        kwargs=pc.person_kwargs, expect=api(pc.READERS)
    ),
    "GET /api/v1/referrals/{referral_id}": Entry(kwargs=pc.referral_kwargs, expect=api(pc.READERS)),
    "GET /api/v1/participant-agreements/{agreement_id}": Entry(
        kwargs=pc.agreement_kwargs, expect=api(pc.READERS)
    ),
    "GET /api/v1/participant-agreements/{agreement_id}/plan": Entry(
        kwargs=pc.agreement_kwargs, expect=api(pc.READERS)
    ),
    "POST /api/v1/participant-agreements/{agreement_id}/consents/{kind}": Entry(
        kwargs=pc.consent_kwargs, expect=api(pc.WRITERS)
    ),
    "GET /api/v1/placements/{placement_id}": Entry(
        kwargs=pc.placement_kwargs, expect=api(pc.READERS)
    ),
    # The writers pass access; the placement overlaps the current one, so it is refused.
    "POST /api/v1/placements": Entry(data=pc.placement_data, expect=api(pc.WRITERS, ok=422)),
    "POST /api/v1/attendance": Entry(data=pc.attendance_data, expect=api({"admin", "leader"})),
    # A participant's own report of absence: the participant themself only, for today.
    "POST /api/v1/participants/{person_id}/absences": Entry(
        kwargs=pc.person_kwargs,
        data=lambda w: {"kind": "sick"},
        expect=api({"participant"}, ok=201),
    ),
    # Finance and the administrator pass access; the claim is still a draft, so refused.
    "POST /api/v1/claims/{claim_id}/invoice": Entry(
        kwargs=pc.claim_kwargs,
        data=lambda w: {"unit_id": w.unit_a.pk},
        expect=api({"admin", "finance"}, ok=422),
    ),
    # Filtered to the caller's units: unit B's leader gets unit B's (none here).
    "GET /api/v1/invoices": Entry(expect=api(UNIT_A_STAFF | {"leader_b"})),
    "GET /api/v1/invoices/{invoice_id}": Entry(kwargs=bm.invoice_kwargs, expect=api(UNIT_A_STAFF)),
    "GET /api/v1/invoices/{invoice_id}/pdf": Entry(
        kwargs=bm.invoice_kwargs, expect=api(UNIT_A_STAFF)
    ),
    "GET /api/v1/invoices/{invoice_id}/ubl": Entry(
        kwargs=bm.invoice_kwargs, expect=api(UNIT_A_STAFF)
    ),
    "POST /api/v1/invoices/{invoice_id}/credit-notes": Entry(
        kwargs=bm.invoice_kwargs, expect=api(INVOICERS, ok=201)
    ),
    "POST /api/v1/invoices/{invoice_id}/payments": Entry(
        kwargs=bm.invoice_kwargs, data=bm.payment_payload, expect=api(INVOICERS, ok=201)
    ),
    "POST /api/v1/invoice-drafts": Entry(data=bm.draft_payload, expect=api(INVOICERS, ok=201)),
    "GET /api/v1/invoice-drafts/{draft_id}": Entry(
        kwargs=bm.draft_kwargs, expect=api(UNIT_A_STAFF)
    ),
    "POST /api/v1/invoice-drafts/{draft_id}/issue": Entry(
        kwargs=bm.draft_kwargs, expect=api(INVOICERS, ok=201)
    ),
    # --- governance API ------------------------------------------------------------------
    "GET /api/v1/bodies": Entry(kwargs=go.setup, expect=api(SIGNED_IN)),
    "GET /api/v1/bodies/{body_id}": Entry(kwargs=go.body, expect=api(go.UNIT_A_PEOPLE)),
    "GET /api/v1/meetings": Entry(kwargs=go.setup, expect=api(SIGNED_IN)),
    "POST /api/v1/meetings": Entry(data=go.meeting_data, expect=api(go.UNIT_A_RUNNERS)),
    "GET /api/v1/meetings/{meeting_id}": Entry(kwargs=go.meeting, expect=api(go.UNIT_A_PEOPLE)),
    "POST /api/v1/meetings/{meeting_id}/notice": Entry(
        kwargs=go.planned, expect=api(go.UNIT_A_RUNNERS)
    ),
    "POST /api/v1/meetings/{meeting_id}/officers": Entry(
        kwargs=go.meeting, data=go.officers_data, expect=api(go.UNIT_A_RUNNERS)
    ),
    "GET /api/v1/meetings/{meeting_id}/proxies": Entry(kwargs=go.assembly, expect=api(SIGNED_IN)),
    # At the general assembly (proxies allowed) the leader, present, holds the cooperator's.
    "POST /api/v1/meetings/{meeting_id}/proxies": Entry(
        kwargs=go.assembly, data=go.proxy_data, expect=api(go.ASSEMBLY_RUNNERS)
    ),
    "GET /api/v1/meetings/{meeting_id}/agenda-items": Entry(
        kwargs=go.meeting, expect=api(go.UNIT_A_PEOPLE)
    ),
    "GET /api/v1/meetings/{meeting_id}/attendance": Entry(
        kwargs=go.meeting, expect=api(go.UNIT_A_PEOPLE)
    ),
    # Only the body's members (and invited guests) are checked in: the central roles see
    # the unit's weekly meeting but are not in it.
    "POST /api/v1/meetings/{meeting_id}/attendance": Entry(
        kwargs=go.weekly,
        expect={**api(go.UNIT_A_PEOPLE), "admin": 422, "finance": 422, "vd": 422},
    ),
    "GET /api/v1/meetings/{meeting_id}/guests": Entry(
        kwargs=go.meeting, expect=api(go.UNIT_A_PEOPLE)
    ),
    # The guest (unit B's leader) is someone the central roles see and unit A's leader not.
    "POST /api/v1/meetings/{meeting_id}/guests": Entry(
        kwargs=go.meeting,
        data=go.guest_api_data,
        expect={**api(go.UNIT_A_RUNNERS, ok=201), "leader": 422},
    ),
    "POST /api/v1/meetings/{meeting_id}/votes": Entry(
        kwargs=go.weekly,
        data=lambda w: {"question": "Inköp?", "method": "roll_call"},
        expect=api(go.UNIT_A_RUNNERS),
    ),
    "GET /api/v1/votes/{vote_id}": Entry(kwargs=go.vote, expect=api(go.UNIT_A_PEOPLE)),
    # Only those checked in vote; the central roles see the vote but are not in the register.
    "POST /api/v1/votes/{vote_id}/cast": Entry(
        kwargs=go.vote,
        data=go.cast_data,
        expect={**api(go.UNIT_A_PEOPLE), "admin": 422, "finance": 422, "vd": 422},
    ),
    "POST /api/v1/votes/{vote_id}/close": Entry(kwargs=go.vote, expect=api(go.UNIT_A_RUNNERS)),
    "GET /api/v1/matters": Entry(kwargs=go.setup, expect=api(SIGNED_IN)),
    # Matters come from the people of the body; the central roles see it but are not in it.
    "POST /api/v1/matters": Entry(
        data=go.matter_data,
        expect={**api(go.UNIT_A_PEOPLE), "admin": 422, "finance": 422, "vd": 422},
    ),
    "GET /api/v1/matters/{matter_id}": Entry(kwargs=go.matter, expect=api(go.UNIT_A_PEOPLE)),
    "GET /api/v1/motions": Entry(kwargs=go.setup, expect=api(SIGNED_IN)),
    "POST /api/v1/motions/{matter_id}/statement": Entry(
        kwargs=go.motion,
        data=lambda w: {"statement": "Styrelsen tillstyrker."},
        expect=api({"admin", "board"}),
    ),
    "GET /api/v1/decisions": Entry(kwargs=go.setup, expect=api(SIGNED_IN)),
    "POST /api/v1/meetings/{meeting_id}/decisions": Entry(
        kwargs=go.meeting, data=go.decision_data, expect=api(go.UNIT_A_RUNNERS)
    ),
    "POST /api/v1/decisions/{decision_id}/execution": Entry(
        kwargs=go.decision,
        data=lambda w: {"status": "in_progress"},
        expect=api(go.UNIT_A_RUNNERS | {"cooperator"}),
    ),
    # --- ledger API ----------------------------------------------------------------------
    "GET /api/v1/accounts": Entry(expect=api(lm.READERS)),
    "GET /api/v1/fiscal-years": Entry(expect=api(lm.READERS)),
    "GET /api/v1/vouchers": Entry(expect=api(lm.READERS)),
    "GET /api/v1/vouchers/{voucher_id}": Entry(
        kwargs=lm.voucher_kwargs, expect=api(lm.UNIT_A_READERS)
    ),
    "POST /api/v1/vouchers": Entry(data=lm.voucher_data, expect=api(lm.BOOKKEEPERS, ok=201)),
    "POST /api/v1/vouchers/{voucher_id}/reversal": Entry(
        kwargs=lm.voucher_kwargs, expect=api(lm.BOOKKEEPERS, ok=201)
    ),
    "GET /api/v1/reports/units": Entry(query="year=2024", expect=api(lm.READERS)),
    "GET /api/v1/sie-export": Entry(kwargs=lm.setup, query="year=2024", expect=api(lm.BOOKKEEPERS)),
    "GET /api/v1/levy-runs": Entry(expect=api(lm.CENTRAL)),
    # No levy rate is set in the test world: those allowed get the validation error.
    "POST /api/v1/levy-runs": Entry(
        data=lambda w: {"period": "2024-03"}, expect=api(lm.BOOKKEEPERS, ok=422)
    ),
}


# --- discovering what exists -----------------------------------------------------------


def _walk(
    patterns: Iterable[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(namespaced name, route) of every URL pattern below ``patterns``."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, route, ns)
        else:
            name = pattern.name or f"<unnamed {route!r}>"
            yield (f"{namespace}:{name}" if namespace else name, route)


def api_operations() -> set[str]:
    """Every API operation as "METHOD /api/v1/path", from the OpenAPI description."""
    schema = koop_api.get_openapi_schema(path_prefix=API_PREFIX)
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }


def url_names() -> set[str]:
    """Every namespaced URL name outside the API's described operations (those are listed
    by ``api_operations``). The API's own extra routes (its docs, its root) stay in: an
    operation left out of the OpenAPI description shows up here under its URL name."""
    described = {key.split(" ", 1)[1] for key in api_operations()}
    return {
        name
        for name, route in _walk(get_resolver().url_patterns)
        if _route_as_openapi(route) not in described
    }


def _route_as_openapi(route: str) -> str:
    """``api/v1/units/<int:unit_id>`` -> ``/api/v1/units/{unit_id}``."""
    parts = []
    for part in route.strip("/").split("/"):
        if part.startswith("<") and part.endswith(">"):
            part = "{" + part[1:-1].split(":")[-1] + "}"
        parts.append(part)
    return "/" + "/".join(parts)


# --- the matrix is complete and nothing in it is stale ---------------------------------


def test_every_url_and_api_operation_has_a_matrix_entry() -> None:
    expected = url_names() | api_operations()
    missing = sorted(expected - set(MATRIX))
    assert not missing, (
        "These URLs / API operations have no entry in tests/test_access_matrix.py MATRIX "
        f"(add one saying who may use them): {missing}"
    )


def test_every_matrix_entry_still_exists() -> None:
    expected = url_names() | api_operations()
    stale = sorted(set(MATRIX) - expected)
    assert not stale, f"These MATRIX entries name no URL or API operation any more: {stale}"


def test_every_matrix_entry_names_every_persona() -> None:
    incomplete = {key: sorted(set(PERSONAS) - set(e.expect)) for key, e in MATRIX.items()}
    assert not {k: v for k, v in incomplete.items() if v}, incomplete


# --- asking every persona --------------------------------------------------------------


def _url_for(key: str, entry: Entry, world: World) -> str:
    kwargs = entry.kwargs(world)
    if " " in key:
        url = key.split(" ", 1)[1].format(**kwargs)
    else:
        url = reverse(key, kwargs=kwargs or None)
    return f"{url}?{entry.query}" if entry.query else url


def _clients(world: World) -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for persona in sorted(SIGNED_IN):
        clients[persona] = log_in(Client(), world.user(persona))
    return clients


def _ask(client: Client, key: str, entry: Entry, url: str, data: dict[str, Any] | None) -> int:
    method = key.split(" ", 1)[0] if " " in key else entry.method
    # Each persona's request is undone, so a write by one never changes the next's answer.
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif " " in key:  # an API operation takes JSON
            response = client.generic(
                method, url, data=_json(data), content_type="application/json"
            )
        else:
            response = client.generic(
                method,
                url,
                data=_form(data),
                content_type="application/x-www-form-urlencoded",
            )
        transaction.set_rollback(True)
    return response.status_code


def _json(data: dict[str, Any] | None) -> str:
    return json.dumps(data or {}, default=str)


def _form(data: dict[str, Any] | None) -> str:
    return urlencode(data or {}, doseq=True)


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_access(key: str, world: World) -> None:
    entry = MATRIX[key]
    clients = _clients(world)
    # Built once: every persona asks for the same object with the same input.
    url = _url_for(key, entry, world)
    data = entry.data(world) if entry.data else None
    got = {persona: _ask(clients[persona], key, entry, url, data) for persona in PERSONAS}
    wrong = {
        persona: f"expected {entry.expect[persona]}, got {got[persona]}"
        for persona in PERSONAS
        if got[persona] != entry.expect[persona]
    }
    assert not wrong, f"{key} ({url}): {wrong}"


@pytest.mark.parametrize("persona", ["anonymous", "admin", "leader", "participant"])
def test_django_admin_is_only_for_staff(persona: str, world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    """The Django admin checks ``is_staff`` itself; Koop's roles give no way in."""
    client = Client() if persona == "anonymous" else client_for(persona)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
