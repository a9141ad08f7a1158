"""What the governance pages share."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from koop.core.access import Principal
from koop.core.errors import KoopValidationError
from koop.governance.access import acting_person
from koop.people.models import Person


def me(principal: Principal) -> Person:
    return acting_person(principal)


def post_then_redirect(
    request: HttpRequest, action: Callable[[], object], success: str, to: str
) -> HttpResponse:
    """Run a button's service call; show its refusal as a message; go back to ``to``."""
    try:
        action()
    except KoopValidationError as error:
        for problem in error.problems:
            messages.error(request, str(problem.message))
    else:
        messages.success(request, success)
    return redirect(to)


def people_choices(ids: set[int] | list[int]) -> list[tuple[int, str]]:
    return [
        (p.pk, p.full_name)
        for p in Person.objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk")
    ]
