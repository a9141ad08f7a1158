from django.http import HttpRequest

from koop.core.access import Principal, principal_of


def principal(request: HttpRequest) -> dict[str, Principal]:
    return {"principal": principal_of(request)}
