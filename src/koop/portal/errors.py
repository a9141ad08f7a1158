"""The error page that must work when nothing else does.

404 and 403 are Django's own views rendering ``404.html`` and ``403.html`` with the whole
layout and menu. A 500 may come from the database itself, so its page is drawn without
asking the database anything: the menu only when the principal was already read during the
request (the menu is decided from the principal alone), the user's name only when it was
already known."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.middleware.csrf import get_token
from django.template import loader
from django.utils.functional import empty

from koop.core.access import Principal
from koop.portal.menu import menu_links


def _already_loaded(request: HttpRequest, name: str) -> object | None:
    """``request.<name>`` if it is there and, when lazy, was already evaluated."""
    value = getattr(request, name, None)
    wrapped = getattr(value, "_wrapped", None)
    if wrapped is empty:
        return None
    return wrapped if wrapped is not None else value


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    principal = _already_loaded(request, "principal")
    user = _already_loaded(request, "user")
    menu = (
        menu_links(
            principal,
            path=request.path,
            is_staff=bool(getattr(user, "is_staff", False)),
        )
        if isinstance(principal, Principal)
        else []
    )
    context = {
        "request": request,
        "csrf_token": get_token(request),
        "principal": principal,
        "user": user,
        "menu": menu,
    }
    return HttpResponseServerError(loader.render_to_string(template_name, context))
