"""The Fortnox page for central finance: status, connect, the OAuth callback."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koop.core.access import principal_of
from koop.ledger.access import access_ledger
from koop.ledger.fortnox.client import FortnoxError, authorize_url, exchange_code, setting
from koop.ledger.models import FortnoxConnection, FortnoxPush


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("ledger:fortnox-callback"))


@login_required
def fortnox_view(request: HttpRequest) -> HttpResponse:
    access_ledger(principal_of(request), write=True)
    return render(
        request,
        "ledger/fortnox.html",
        {
            "connection": FortnoxConnection.objects.order_by("pk").first(),
            "configured": bool(setting("FORTNOX_CLIENT_ID") and setting("FORTNOX_CLIENT_SECRET")),
            "pushed": FortnoxPush.objects.count(),
        },
    )


@login_required
@require_POST
def fortnox_connect_view(request: HttpRequest) -> HttpResponse:
    access_ledger(principal_of(request), write=True)
    state = secrets.token_urlsafe(24)
    request.session["fortnox_state"] = state
    return redirect(authorize_url(state=state, redirect_uri=_redirect_uri(request)))


@login_required
def fortnox_callback_view(request: HttpRequest) -> HttpResponse:
    access_ledger(principal_of(request), write=True)
    state = request.session.pop("fortnox_state", None)
    code = request.GET.get("code", "")
    if not state or state != request.GET.get("state") or not code:
        messages.error(request, _("The answer from Fortnox did not match; connect again."))
        return redirect("ledger:fortnox")
    try:
        exchange_code(code=code, redirect_uri=_redirect_uri(request))
        messages.success(request, _("Connected to Fortnox."))
    except FortnoxError as error:
        messages.error(request, str(error))
    return redirect("ledger:fortnox")
