from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from koop.people.selectors import principal_for_user


class PrincipalMiddleware:
    """Attaches ``request.principal``, built from the user's roles on first use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.principal = SimpleLazyObject(  # type: ignore[attr-defined]
            lambda: principal_for_user(request.user)
        )
        return self.get_response(request)
