"""SIE pages: import a file (in the background, with its progress) and export a year."""

from __future__ import annotations

import io
import tempfile
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koop.core.access import principal_of
from koop.core.errors import KoopValidationError, NotFound
from koop.core.formatting import format_money
from koop.core.forms import add_service_errors
from koop.ledger.access import access_ledger
from koop.ledger.forms import SieImportForm
from koop.ledger.models import FiscalYear, ImportJob, ImportStatus
from koop.ledger.sie.parser import not_sie_because
from koop.ledger.sie.progress import progress_read
from koop.ledger.sie_jobs import import_sie_file
from koop.ledger.sie_jobs import run_import_job as _run_job  # noqa: F401  (tests run one)

# What an import's result says, in the order the job page shows it.
RESULT_LABELS = {
    "sie_type": gettext_lazy("SIE type"),
    "program": gettext_lazy("Written by"),
    "company": gettext_lazy("Company"),
    "encoding": gettext_lazy("Encoding"),
    "fiscal_years": gettext_lazy("Fiscal years"),
    "dry_run": gettext_lazy("Dry run (nothing kept)"),
    "already_imported": gettext_lazy("Already imported"),
    "vouchers": gettext_lazy("Vouchers"),
    "rows": gettext_lazy("Voucher rows"),
    "skipped": gettext_lazy("Vouchers already in the books"),
    "file_vouchers": gettext_lazy("Vouchers in the file"),
    "debit_total": gettext_lazy("Debit total"),
    "balances": gettext_lazy("Balances"),
    "accounts_added": gettext_lazy("Accounts added"),
    "objects_added": gettext_lazy("Cost centres and projects added"),
    "accounts_created": gettext_lazy("Accounts created for rows (name them)"),
    "duplicates": gettext_lazy("Vouchers written twice in the file (booked once)"),
    "warnings": gettext_lazy("Warnings"),
    "checksum_verified": gettext_lazy("Checksum (#KSUMMA) verified"),
}


def result_facts(result: dict[str, object]) -> list[tuple[str, str]]:
    """The job's result as (label, text) pairs; a yes-or-no fact only when it holds."""
    facts: list[tuple[str, str]] = []
    for key, label in RESULT_LABELS.items():
        value = result.get(key)
        if value in ("", None, [], False):
            continue
        if value is True:
            text = _("yes")
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        elif key == "debit_total":
            text = format_money(Decimal(str(value)))
        else:
            text = str(value)
        facts.append((str(label), text))
    return facts


@login_required
def sie_import_view(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    access_ledger(principal, write=True)
    form = SieImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        folder = Path(settings.MEDIA_ROOT) / "sie-imports"
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".se") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        path = Path(handle.name)
        # A file that is not SIE is refused here, before a job is started for it.
        problem = not_sie_because(path)
        if problem is not None:
            path.unlink(missing_ok=True)
            add_service_errors(form, KoopValidationError(problem, field="file"))
        else:
            job = ImportJob.objects.create(
                file_name=(upload.name or "sie")[:255],
                path=str(path),
                dry_run=form.cleaned_data["dry_run"],
                bytes_total=upload.size or 0,
                created_by=request.user if request.user.is_authenticated else None,
            )
            # A row for the worker: the import survives a restart of the web server.
            import_sie_file.enqueue(job_id=job.pk, user_id=request.user.pk)
            return redirect("ledger:sie-job", job_id=job.pk)
    return render(
        request,
        "ledger/sie_import.html",
        {"form": form, "jobs": ImportJob.objects.all()[:10]},
        status=422 if form.errors else 200,
    )


@login_required
def sie_job_view(request: HttpRequest, job_id: int) -> HttpResponse:
    access_ledger(principal_of(request), write=True)
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        raise NotFound
    done, total = progress_read(job)
    percent = 100 if job.status == ImportStatus.DONE else int(100 * done / total) if total else 0
    template = (
        "ledger/sie_job_status.html" if request.headers.get("HX-Request") else "ledger/sie_job.html"
    )
    facts = result_facts(job.result) if isinstance(job.result, dict) else []
    return render(request, template, {"job": job, "percent": percent, "facts": facts})


@login_required
def sie_export_view(request: HttpRequest) -> HttpResponse:
    access_ledger(principal_of(request), write=True)
    from koop.ledger.sie.exporter import write_sie, year_by_label

    label = request.GET.get("year", "")
    sie_type = "4I" if request.GET.get("type") == "4I" else "4E"
    year = year_by_label(label) if label else FiscalYear.objects.order_by("-start").first()
    if year is None:
        return render(
            request,
            "ledger/home.html",
            {"years": FiscalYear.objects.all(), "error": _("No such fiscal year.")},
            status=422,
        )
    buffer = io.BytesIO()
    write_sie(buffer, year=year, sie_type=sie_type)
    suffix = "se" if sie_type == "4E" else "si"
    response = HttpResponse(buffer.getvalue(), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="koop-{year.start:%Y}.{suffix}"'
    return response
