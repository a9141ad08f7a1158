from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from koop.accounts.session import Step, pending_step
from koop.core.access import ANONYMOUS

# What a session waiting for its second factor may still reach.
OPEN_WHILE_WAITING = {
    Step.VERIFY: frozenset({"accounts:verify", "logout", "set_language", "core:health"}),
    Step.ENROL: frozenset(
        {"accounts:verify", "accounts:setup", "logout", "set_language", "core:health"}
    ),
}


class SecondFactorMiddleware:
    """Holds a signed-in session that still owes its second factor to the steps that
    settle it (see ``koop.accounts.session``). Pages answer with a redirect to the step;
    the API treats such a session as no session at all (401), while a bearer token, a
    factor of its own, works as before. Meanwhile the session has no roles: its principal
    is the anonymous one, so no access rule can be met by the password alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = pending_step(request)
        if step is None:
            return self.get_response(request)
        request.principal = ANONYMOUS  # type: ignore[attr-defined]  # as PrincipalMiddleware sets it
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match is not None and "api" in match.namespaces:
            request.user = AnonymousUser()
            return self.get_response(request)
        if match is not None and match.view_name in OPEN_WHILE_WAITING[step]:
            return self.get_response(request)
        target = reverse("accounts:setup" if step is Step.ENROL else "accounts:verify")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
