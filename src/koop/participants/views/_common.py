from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest, form: Any, title: str, cancel_url: str, **extra: Any
) -> HttpResponse:
    """The generic form page; a form with errors answers 422."""
    errors = getattr(form, "errors", None)
    return render(
        request,
        "koop/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, **extra},
        status=422 if errors else 200,
    )
