"""What the work pages share."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest, form: forms.BaseForm, title: str, cancel_url: str
) -> HttpResponse:
    """The generic form page; a form with errors answers 422."""
    return render(
        request,
        "koop/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url},
        status=422 if form.is_bound and form.errors else 200,
    )
