"""A client for Fortnox API v3 on the standard library's urllib.

- OAuth2 authorization code flow: ``authorize_url`` sends central finance to Fortnox;
  ``exchange_code`` swaps the code for tokens. Fortnox rotates refresh tokens: every
  refresh answers with a new one, which is stored at once (the old one no longer works).
- The rate limit (25 requests per 5 seconds per company) is kept by a token bucket on
  this side; an HTTP 429 anyway is retried after ``Retry-After`` or an exponential back-off.
- Lists are paged: ``MetaInformation`` gives ``@TotalPages``; ``list_all`` walks them.

Addresses come from settings (``FORTNOX_AUTH_URL``, ``FORTNOX_API_URL``) so the tests can
point the client at a local fake server."""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from koop.ledger.fortnox.secrets import seal, unseal
from koop.ledger.models import FortnoxConnection, FortnoxPush, Voucher

SCOPES = "bookkeeping costcenter project invoice companyinformation"
PAGE_SIZE = 500


def setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, "") or default)


def auth_base() -> str:
    return setting("FORTNOX_AUTH_URL", "https://apps.fortnox.se/oauth-v1")


def api_base() -> str:
    return setting("FORTNOX_API_URL", "https://api.fortnox.se/3")


class FortnoxError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"Fortnox answered {status}: {message}")
        self.status = status


class TokenBucket:
    """At most ``capacity`` requests in any ``period`` seconds; ``take`` waits for a slot.

    Fortnox counts a sliding window (25 requests in any 5 seconds), so this keeps the times
    of the last ``capacity`` requests rather than a refilling bucket, which would allow a
    burst of 25 and then 25 more within the same 5 seconds."""

    def __init__(
        self,
        capacity: int = 25,
        period: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.capacity = capacity
        self.period = period
        self.clock, self.sleep = clock, sleep
        self.sent: deque[float] = deque()
        self.lock = threading.Lock()

    def take(self) -> None:
        with self.lock:
            while True:
                now = self.clock()
                while self.sent and self.sent[0] <= now - self.period:
                    self.sent.popleft()
                if len(self.sent) < self.capacity:
                    self.sent.append(now)
                    return
                self.sleep(self.sent[0] + self.period - now)


_BUCKETS: dict[str, TokenBucket] = {}
_BUCKETS_LOCK = threading.Lock()


def bucket_for(company: str) -> TokenBucket:
    """One limiter per company (Fortnox keys the limit on the client and the tenant)."""
    with _BUCKETS_LOCK:
        return _BUCKETS.setdefault(company, TokenBucket())


def authorize_url(*, state: str, redirect_uri: str) -> str:
    query = urllib.parse.urlencode(
        {
            "client_id": setting("FORTNOX_CLIENT_ID"),
            "redirect_uri": redirect_uri,
            "scope": SCOPES,
            "state": state,
            "access_type": "offline",
            "response_type": "code",
        }
    )
    return f"{auth_base()}/auth?{query}"


def _token_request(form: dict[str, str]) -> dict[str, Any]:
    credentials = f"{setting('FORTNOX_CLIENT_ID')}:{setting('FORTNOX_CLIENT_SECRET')}"
    request = urllib.request.Request(  # noqa: S310  # the address is from settings, https
        f"{auth_base()}/token",
        data=urllib.parse.urlencode(form).encode(),
        headers={
            "Authorization": "Basic " + base64.b64encode(credentials.encode()).decode(),
            "Content-Type": "application/x-www-form-urlencoded",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return dict(json.loads(response.read()))
    except urllib.error.HTTPError as error:
        raise FortnoxError(error.code, error.read().decode(errors="replace")) from None


def _store_tokens(data: dict[str, Any]) -> FortnoxConnection:
    with transaction.atomic():
        connection = FortnoxConnection.objects.select_for_update().order_by("pk").first()
        if connection is None:
            connection = FortnoxConnection()
        connection.access_token = seal(str(data["access_token"]))
        connection.refresh_token = seal(str(data["refresh_token"]))
        connection.access_expires_at = timezone.now() + dt.timedelta(
            seconds=int(data.get("expires_in", 3600)) - 60
        )
        connection.connected_at = connection.connected_at or timezone.now()
        connection.last_error = ""
        connection.save()
    return connection


def exchange_code(*, code: str, redirect_uri: str) -> FortnoxConnection:
    return _store_tokens(
        _token_request(
            {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        )
    )


def refresh(connection: FortnoxConnection) -> FortnoxConnection:
    """Trade the refresh token for new tokens; the new refresh token is stored at once."""
    data = _token_request(
        {"grant_type": "refresh_token", "refresh_token": unseal(connection.refresh_token)}
    )
    return _store_tokens(data)


def _retry_after(header: str | None, attempt: int) -> float:
    """Seconds to wait after a 429: ``Retry-After`` in seconds or as an HTTP date, else an
    exponential back-off."""
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(header)
                return max(0.0, (when - dt.datetime.now(tz=dt.UTC)).total_seconds())
            except (TypeError, ValueError):
                pass
    return min(2.0**attempt, 30.0)


@dataclass
class FortnoxClient:
    connection: FortnoxConnection
    bucket: TokenBucket
    sleep: Callable[[float], None] = time.sleep
    max_retries: int = 5

    @classmethod
    def connected(cls) -> FortnoxClient:
        connection = FortnoxConnection.objects.order_by("pk").first()
        if connection is None or not connection.refresh_token:
            raise FortnoxError(0, "not connected")
        company = f"{setting('FORTNOX_CLIENT_ID')}:{connection.pk}"
        return cls(connection=connection, bucket=bucket_for(company))

    def _access_token(self) -> str:
        expires = self.connection.access_expires_at
        if not self.connection.access_token or expires is None or expires <= timezone.now():
            self.connection = refresh(self.connection)
        return unseal(self.connection.access_token)

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        query: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        url = f"{api_base()}/{path.lstrip('/')}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        refreshed = False
        for attempt in range(self.max_retries + 1):
            self.bucket.take()
            request = urllib.request.Request(  # noqa: S310  # address from settings
                url,
                data=json.dumps(body).encode() if body is not None else None,
                headers={
                    "Authorization": f"Bearer {self._access_token()}",
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                },
                method=method,
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    return dict(json.loads(response.read() or b"{}"))
            except urllib.error.HTTPError as error:
                if error.code == 429 and attempt < self.max_retries:
                    self.sleep(_retry_after(error.headers.get("Retry-After"), attempt))
                    continue
                if error.code == 401 and not refreshed:
                    self.connection = refresh(self.connection)
                    refreshed = True
                    continue
                raise FortnoxError(error.code, error.read().decode(errors="replace")) from None
        raise FortnoxError(429, "rate limited")  # pragma: no cover - the loop returns or raises

    def list_all(self, path: str, key: str) -> Iterator[dict[str, Any]]:
        """Every item of a paged list: ``page`` and ``limit`` (at most 500) in the query,
        ``MetaInformation`` with ``@CurrentPage`` and ``@TotalPages`` in the answer."""
        page, pages = 1, 1
        while page <= pages:
            data = self.request("GET", path, query={"page": page, "limit": PAGE_SIZE})
            yield from data.get(key, [])
            meta = data.get("MetaInformation", {})
            pages = int(meta.get("@TotalPages", 1))
            page = int(meta.get("@CurrentPage", page)) + 1

    def cost_centres(self) -> list[dict[str, Any]]:
        return list(self.list_all("costcenters", "CostCenters"))

    def projects(self) -> list[dict[str, Any]]:
        return list(self.list_all("projects", "Projects"))

    def push_voucher(self, voucher: Voucher, *, series: str = "") -> FortnoxPush:
        """Send a posted voucher (an invoice's voucher too) to Fortnox once."""
        existing = FortnoxPush.objects.filter(voucher=voucher).first()
        if existing is not None:
            return existing
        rows = []
        for row in voucher.rows.select_related("cost_centre", "project").order_by("position"):
            item: dict[str, Any] = {
                "Account": row.account_id,
                "Debit": float(row.amount) if row.amount > 0 else 0,
                "Credit": float(-row.amount) if row.amount < 0 else 0,
                "TransactionInformation": row.text[:100],
            }
            if row.cost_centre is not None:
                item["CostCenter"] = row.cost_centre.code
            if row.project is not None:
                item["Project"] = row.project.code
            rows.append(item)
        data = self.request(
            "POST",
            "vouchers",
            body={
                "Voucher": {
                    "VoucherSeries": series or voucher.series.code,
                    "TransactionDate": voucher.date.isoformat(),
                    "Description": voucher.text[:200] or str(voucher),
                    "VoucherRows": rows,
                }
            },
        )
        answer = data.get("Voucher", {})
        push = FortnoxPush.objects.create(
            voucher=voucher,
            fortnox_series=str(answer.get("VoucherSeries", "")),
            fortnox_number=int(answer.get("VoucherNumber", 0)),
        )
        FortnoxConnection.objects.filter(pk=self.connection.pk).update(last_sync_at=timezone.now())
        return push
