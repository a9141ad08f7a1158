"""The Fortnox client against a local fake of Fortnox API v3 (no network).

The fake behaves as Fortnox documents it: tokens at ``/oauth-v1/token`` (HTTP Basic with
client id and secret, form-encoded; every refresh answers a new refresh token and the old
one stops working), lists paged with ``page``/``limit`` and ``MetaInformation``, vouchers
posted as ``{"Voucher": {... "VoucherRows": [...]}}``, and HTTP 429 with ``Retry-After``."""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from koop.ledger.fortnox import client as fortnox
from koop.ledger.fortnox.secrets import unseal
from koop.ledger.models import FiscalYear, FortnoxConnection, FortnoxPush
from koop.ledger.services import RowSpec, object_ensure, voucher_post

CLIENT_ID, CLIENT_SECRET = "koop-client", "koop-secret"


@dataclass
class FakeFortnox:
    """What the fake has handed out and seen; tests set ``throttle`` to answer 429s."""

    valid_refresh: set[str] = field(default_factory=set)
    valid_access: set[str] = field(default_factory=set)
    issued: int = 0
    throttle: int = 0
    retry_after: str = "7"
    requests: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)
    posted: list[dict[str, Any]] = field(default_factory=list)
    cost_centres: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)

    def tokens(self) -> dict[str, Any]:
        self.issued += 1
        access, refresh = f"access-{self.issued}", f"refresh-{self.issued}"
        self.valid_access = {access}
        self.valid_refresh = {refresh}
        return {
            "access_token": access,
            "refresh_token": refresh,
            "scope": fortnox.SCOPES,
            "expires_in": 3600,
            "token_type": "bearer",
        }


def _handler(fake: FakeFortnox) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: dict[str, Any], **headers: str) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length", "0")))

        def do_POST(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/oauth-v1/token":
                self._token(urllib.parse.parse_qs(self._body().decode()))
                return
            body = self._body()
            if not self._authorised(url):
                return
            if url.path == "/3/vouchers":
                voucher = json.loads(body)["Voucher"]
                fake.posted.append(voucher)
                answer = {**voucher, "VoucherNumber": 41 + len(fake.posted), "Year": 1}
                self._answer(201, {"Voucher": answer})
                return
            self._answer(404, {"ErrorInformation": {"message": "not found"}})

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            if not self._authorised(url):
                return
            query = urllib.parse.parse_qs(url.query)
            items = {"/3/costcenters": ("CostCenters", fake.cost_centres)}
            items["/3/projects"] = ("Projects", fake.projects)
            if url.path not in items:
                self._answer(404, {"ErrorInformation": {"message": "not found"}})
                return
            key, rows = items[url.path]
            page, limit = int(query.get("page", ["1"])[0]), int(query.get("limit", ["100"])[0])
            limit = min(limit, 2)  # small pages so a handful of rows needs several
            pages = max(1, -(-len(rows) // limit))
            meta = {"@TotalResources": len(rows), "@TotalPages": pages, "@CurrentPage": page}
            chunk = rows[(page - 1) * limit : page * limit]
            self._answer(200, {"MetaInformation": meta, key: chunk})

        def _authorised(self, url: urllib.parse.SplitResult) -> bool:
            fake.requests.append((self.command, url.path, urllib.parse.parse_qs(url.query)))
            if fake.throttle > 0:
                fake.throttle -= 1
                self._answer(
                    429, {"message": "Too Many Requests"}, **{"Retry-After": fake.retry_after}
                )
                return False
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in fake.valid_access:
                self._answer(401, {"message": "unauthorized"})
                return False
            return True

        def _token(self, form: dict[str, list[str]]) -> None:
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {expected}":
                self._answer(401, {"error": "invalid_client"})
                return
            grant = form.get("grant_type", [""])[0]
            if grant == "authorization_code" and form.get("code") == ["the-code"]:
                if form.get("redirect_uri") != ["https://koop.example/callback"]:
                    self._answer(400, {"error": "invalid_grant"})
                    return
                self._answer(200, fake.tokens())
                return
            if grant == "refresh_token" and form.get("refresh_token", [""])[0] in (
                fake.valid_refresh
            ):
                self._answer(200, fake.tokens())
                return
            self._answer(400, {"error": "invalid_grant"})

    return Handler


@pytest.fixture
def fake() -> Iterator[FakeFortnox]:
    state = FakeFortnox()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with override_settings(
        FORTNOX_AUTH_URL=f"{base}/oauth-v1",
        FORTNOX_API_URL=f"{base}/3",
        FORTNOX_CLIENT_ID=CLIENT_ID,
        FORTNOX_CLIENT_SECRET=CLIENT_SECRET,
    ):
        yield state
    server.shutdown()
    server.server_close()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _client(clock: FakeClock | None = None) -> fortnox.FortnoxClient:
    clock = clock or FakeClock()
    connection = FortnoxConnection.objects.get()
    bucket = fortnox.TokenBucket(clock=clock, sleep=clock.sleep)
    return fortnox.FortnoxClient(connection=connection, bucket=bucket, sleep=clock.sleep)


def _connect() -> FortnoxConnection:
    return fortnox.exchange_code(code="the-code", redirect_uri="https://koop.example/callback")


def test_exchange_code_stores_encrypted_tokens(db: None, fake: FakeFortnox) -> None:
    connection = _connect()
    connection.refresh_from_db()
    assert unseal(connection.refresh_token) == "refresh-1"
    assert unseal(connection.access_token) == "access-1"
    assert "refresh-1" not in connection.refresh_token  # sealed at rest
    assert connection.access_expires_at is not None
    assert connection.access_expires_at > timezone.now() + dt.timedelta(minutes=50)


def test_exchange_code_refuses_a_wrong_code(db: None, fake: FakeFortnox) -> None:
    with pytest.raises(fortnox.FortnoxError) as error:
        fortnox.exchange_code(code="guessed", redirect_uri="https://koop.example/callback")
    assert error.value.status == 400
    assert not FortnoxConnection.objects.exists()


def test_authorize_url_asks_for_offline_access_with_the_scopes(db: None, fake: FakeFortnox) -> None:
    url = urllib.parse.urlsplit(fortnox.authorize_url(state="s1", redirect_uri="https://k/cb"))
    query = urllib.parse.parse_qs(url.query)
    assert url.path.endswith("/oauth-v1/auth")
    assert query["client_id"] == [CLIENT_ID]
    assert query["response_type"] == ["code"]
    assert query["access_type"] == ["offline"]
    assert set(query["scope"][0].split()) >= {"bookkeeping", "costcenter", "project"}


def test_every_refresh_stores_the_rotated_token_and_the_old_one_is_refused(
    db: None, fake: FakeFortnox
) -> None:
    first = _connect()
    second = fortnox.refresh(first)
    assert unseal(FortnoxConnection.objects.get().refresh_token) == "refresh-2"
    third = fortnox.refresh(second)
    assert unseal(FortnoxConnection.objects.get().refresh_token) == "refresh-3"
    assert FortnoxConnection.objects.count() == 1
    with pytest.raises(fortnox.FortnoxError) as error:
        fortnox.refresh(first)  # refresh-1 was rotated away
    assert error.value.status == 400
    assert unseal(third.refresh_token) == "refresh-3"


def test_an_expired_access_token_is_refreshed_before_the_request(
    db: None, fake: FakeFortnox
) -> None:
    _connect()
    FortnoxConnection.objects.update(access_expires_at=timezone.now() - dt.timedelta(seconds=1))
    fake.cost_centres = [{"Code": "101", "Description": "Möbellagret", "Active": True}]
    assert _client().cost_centres()[0]["Code"] == "101"
    assert unseal(FortnoxConnection.objects.get().refresh_token) == "refresh-2"


def test_a_401_refreshes_once_and_retries(db: None, fake: FakeFortnox) -> None:
    _connect()
    fake.valid_access = {"revoked-elsewhere"}
    fake.projects = [{"ProjectNumber": "P1", "Description": "Cykelkurs"}]
    assert [p["ProjectNumber"] for p in _client().projects()] == ["P1"]
    assert unseal(FortnoxConnection.objects.get().refresh_token) == "refresh-2"


def test_lists_walk_every_page_of_meta_information(db: None, fake: FakeFortnox) -> None:
    _connect()
    fake.cost_centres = [{"Code": str(100 + i), "Description": f"E{i}"} for i in range(5)]
    fake.projects = [{"ProjectNumber": f"P{i}", "Description": f"P{i}"} for i in range(3)]
    client = _client()
    assert [c["Code"] for c in client.cost_centres()] == ["100", "101", "102", "103", "104"]
    assert [p["ProjectNumber"] for p in client.projects()] == ["P0", "P1", "P2"]
    pages = [q["page"] for method, path, q in fake.requests if path == "/3/costcenters"]
    assert pages == [["1"], ["2"], ["3"]]
    assert all(q["limit"] == [str(fortnox.PAGE_SIZE)] for _, _, q in fake.requests)


def test_push_voucher_sends_rows_with_cost_centre_and_project_once(
    db: None, fake: FakeFortnox
) -> None:
    FiscalYear.objects.create(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))
    cc = object_ensure(dimension=1, code="101", name="Möbellagret")
    project = object_ensure(dimension=6, code="P7", name="Flytt")
    voucher = voucher_post(
        voucher_date=dt.date(2024, 3, 5),
        series="A",
        text="Hyra mars",
        rows=[
            RowSpec(5010, Decimal("1250.50"), cost_centre_id=cc.pk, project_id=project.pk),
            RowSpec(1930, Decimal("-1250.50"), text="Bank"),
        ],
        acting_user=None,
    )
    _connect()
    client = _client()
    push = client.push_voucher(voucher)
    again = client.push_voucher(voucher)
    assert again.pk == push.pk
    assert len(fake.posted) == 1
    sent = fake.posted[0]
    assert sent["VoucherSeries"] == "A"
    assert sent["TransactionDate"] == "2024-03-05"
    assert sent["Description"] == "Hyra mars"
    first, second = sent["VoucherRows"]
    assert first == {
        "Account": 5010,
        "Debit": 1250.5,
        "Credit": 0,
        "TransactionInformation": "",
        "CostCenter": "101",
        "Project": "P7",
    }
    assert (second["Account"], second["Debit"], second["Credit"]) == (1930, 0, 1250.5)
    assert "CostCenter" not in second
    assert (push.fortnox_series, push.fortnox_number) == ("A", 42)
    assert FortnoxPush.objects.count() == 1
    assert FortnoxConnection.objects.get().last_sync_at is not None


def test_rate_limit_allows_25_requests_in_any_5_seconds() -> None:
    clock = FakeClock()
    bucket = fortnox.TokenBucket(clock=clock, sleep=clock.sleep)
    times = []
    for _ in range(25):
        bucket.take()
        times.append(clock.now)
    assert clock.slept == []  # a burst of 25 goes at once
    clock.now += 2.5
    for _ in range(50):
        bucket.take()
        times.append(clock.now)
    assert clock.slept[0] == pytest.approx(2.5)  # the 26th waits for the first to age out
    assert all(later - earlier >= 5.0 for earlier, later in zip(times, times[25:], strict=False))


def test_the_limiter_keeps_a_burst_of_requests_under_the_limit(db: None, fake: FakeFortnox) -> None:
    _connect()
    fake.cost_centres = [{"Code": str(i)} for i in range(120)]  # 60 pages of 2
    clock = FakeClock()
    client = _client(clock)
    assert len(client.cost_centres()) == 120
    assert len(fake.requests) == 60
    # 60 requests at 25 per 5 s: two full windows waited for, never a burst beyond 25
    assert clock.now - 1000.0 == pytest.approx(10.0)


def test_429_is_retried_after_retry_after(db: None, fake: FakeFortnox) -> None:
    _connect()
    fake.projects = [{"ProjectNumber": "P1"}]
    fake.throttle = 2
    clock = FakeClock()
    assert len(_client(clock).projects()) == 1
    assert clock.slept == [7.0, 7.0]
    assert len(fake.requests) == 3


def test_429_without_retry_after_backs_off_exponentially_then_gives_up(
    db: None, fake: FakeFortnox
) -> None:
    _connect()
    fake.throttle = 100
    fake.retry_after = ""
    clock = FakeClock()
    client = _client(clock)
    client.max_retries = 3
    with pytest.raises(fortnox.FortnoxError) as error:
        client.projects()
    assert error.value.status == 429
    assert clock.slept == [1.0, 2.0, 4.0]
