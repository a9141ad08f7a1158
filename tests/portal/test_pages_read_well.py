"""Every page a demo login reaches reads as Swedish for people: each link it is shown
opens, and no page shows an internal value (``None``, ``True``, a field name, a code such
as ``unit:15``, a raw decimal or an English decimal point, a machine timestamp).

The demo data is seeded once; each login follows the links of its home and of the pages
those lead to (two pages of each kind), as a new user clicking around would."""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from koop.demo.seed import run_seed
from tests.signin import log_in

DEMO_LOGINS = ["admin", "ekonomi", "vd", "styrelse", "ledare", "kooperator", "deltagare"]

# What a person must never read on a page: each with what it means.
LEAKS = [
    (re.compile(r"(?<![\w/.-])(None|none|True|False|null)(?![\w/.-])"), "an internal value"),
    (re.compile(r"\b\d+,\d{3,}\b"), "a raw decimal"),
    (re.compile(r"(?<![\d.])\d+\.\d{2}(?![\d.])"), "an English decimal point"),
    (re.compile(r"\b[a-z]+_[a-z_]+\b"), "a field name or code"),
    (re.compile(r"\b[a-z]+:\d+\b"), "an object code"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}"), "a machine timestamp"),
]

# Pages whose text is not Koop's words: files for other programs, and documents.
NOT_PAGES = ("/api/", "/static/", "/media/", "/admin/", "/i18n/", "/logout/", "/accounts/logout")
PER_KIND = 2


class _Reader(HTMLParser):
    """The text a person reads on a page, and the links they can follow."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._skip += 1
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        for name in ("title", "aria-label", "placeholder", "alt"):
            if values.get(name):
                self.text.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.text.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _kind(path: str) -> str:
    return re.sub(r"/\d+", "/N", path)


def _followable(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(NOT_PAGES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _walk(client: Client) -> list[str]:
    problems: list[str] = []
    seen_kinds: defaultdict[str, int] = defaultdict(int)
    queue = ["/"]
    visited: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        answer = client.get(url, follow=True)
        if answer.status_code != 200:
            problems.append(f"{url}: answers {answer.status_code}")
            continue
        if not answer.get("Content-Type", "").startswith("text/html"):
            continue
        reader = _Reader()
        reader.feed(answer.content.decode())
        text = " ".join(" ".join(reader.text).split())
        for pattern, meaning in LEAKS:
            for found in sorted(set(pattern.findall(text)))[:3]:
                problems.append(f"{url}: shows {meaning}: {found!r}")
        for href in reader.links:
            target = _followable(href)
            if target is None or target in visited:
                continue
            kind = _kind(urlsplit(target).path)
            if seen_kinds[kind] >= PER_KIND:
                continue
            seen_kinds[kind] += 1
            queue.append(target)
    return problems


@pytest.mark.django_db
def test_every_page_each_demo_login_reaches_opens_and_reads_well() -> None:
    run_seed(scale=1, seed=1)
    problems: list[str] = []
    for login in DEMO_LOGINS:
        client = Client()
        log_in(client, get_user_model().objects.get(username=login))
        problems += [f"{login} {problem}" for problem in _walk(client)]
    assert not problems, "\n".join(problems)
