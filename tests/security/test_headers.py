"""What every answer tells the browser: a Content Security Policy without inline script or
other hosts, the browser features no page uses switched off, no caching of pages with
personal data, and HTTPS only once Koop runs behind it."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from koop.ledger.charts import bar_chart
from tests.participants import cases as pc
from tests.personas import World

SRC = Path(__file__).resolve().parents[2] / "src" / "koop"


def _directives(policy: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def test_pages_carry_a_policy_that_allows_only_koop_itself(client_for) -> None:  # type: ignore[no-untyped-def]
    answer = client_for("leader").get("/")
    policy = _directives(answer["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    for sources in policy.values():
        assert "'unsafe-inline'" not in sources
        assert "'unsafe-eval'" not in sources
        assert not any(re.match(r"(https?:|\*|data:|blob:)", s) for s in sources), sources


def test_the_login_page_carries_the_policy_too() -> None:
    answer = Client().get("/login/")
    assert "default-src 'self'" in answer["Content-Security-Policy"]


def test_no_inline_style_is_allowed_and_htmx_is_told_not_to_add_one() -> None:
    """htmx adds a <style> of its own unless told not to; the base template tells it, the
    policy allows no inline style at all, and koop.css carries htmx's rules."""
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"] == ["'self'"]
    base = (SRC / "core" / "templates" / "koop" / "base.html").read_text()
    assert '"includeIndicatorStyles":false' in base
    assert ".htmx-request .htmx-indicator" in (SRC / "core/static/koop/koop.css").read_text()


def test_no_template_holds_inline_script_or_style() -> None:
    """The policy would refuse them: scripts come from files, styles from koop.css."""
    offenders = []
    for path in SRC.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in [
            r"<style",
            r"\sstyle=",
            r"<script(?![^>]*\ssrc=)",
            r"\son[a-z]+=",
            r"javascript:",
        ]:
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(SRC)}: {pattern}")
    assert not offenders, offenders


def test_charts_are_drawn_without_a_style_attribute() -> None:
    svg = bar_chart([("A", Decimal(1)), ("B", Decimal(-1))], title="Result", chart_id="c")
    assert "style=" not in svg
    assert 'class="chart"' in svg


def test_every_answer_switches_off_the_browser_features_no_page_uses() -> None:
    answer = Client().get("/login/")
    policy = answer["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in policy
    assert answer["Referrer-Policy"] == "same-origin"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["X-Frame-Options"] == "DENY"
    assert answer["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("leader", "/participants/"),
        ("leader", "/participants/{person_id}/"),
        ("leader", "/participants/{person_id}/case-file/"),
        ("admin", "/participants/{person_id}/extract.json"),
        ("participant", "/participants/me/"),
        ("leader", "/people/"),
        ("leader", "/people/{leader_id}/"),
        ("admin", "/audit/"),
        ("cooperator", "/account/"),
        ("leader", "/api/v1/people"),
    ],
)
def test_pages_with_personal_data_are_never_stored(
    world: World,
    client_for,  # type: ignore[no-untyped-def]
    persona: str,
    url: str,
) -> None:
    case = pc.participant_case(world)
    path = url.format(person_id=case.person_id, leader_id=world.persons["leader"].pk)
    answer = client_for(persona).get(path)
    assert answer.status_code == 200, path
    assert "no-store" in answer["Cache-Control"], path
    assert "private" in answer["Cache-Control"], path


@pytest.mark.parametrize(
    "name", ["portal:dashboard", "work:work-order-list", "governance:meeting-list"]
)
def test_other_pages_are_left_to_the_usual_rules(client_for, name: str) -> None:  # type: ignore[no-untyped-def]
    answer = client_for("leader").get(reverse(name))
    assert answer.status_code == 200
    assert "no-store" not in answer.get("Cache-Control", "")


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
)
def test_behind_https_plain_http_is_redirected_and_browsers_keep_to_https() -> None:
    plain = Client().get("/login/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/login/"
    secure = Client().get("/login/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    # The health check answers load balancers that ask over plain HTTP.
    assert Client().get("/health/").status_code == 200
