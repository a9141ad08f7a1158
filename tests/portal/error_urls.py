"""Koop's addresses plus two that fail on purpose, for the error page tests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from koop.config.urls import handler500
from koop.config.urls import urlpatterns as koop_urlpatterns
from koop.core.access import principal_of, require


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def broken(request: HttpRequest) -> HttpResponse:
    # The principal is read first, as every view does.
    require(principal_of(request).is_authenticated)
    raise RuntimeError("the page broke")


urlpatterns = [
    path("test/forbidden/", forbidden),
    path("test/broken/", broken),
    *koop_urlpatterns,
]
__all__ = ["handler500", "urlpatterns"]
