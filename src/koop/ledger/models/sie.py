"""What was imported from SIE files, and the import jobs the page follows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SieImport(models.Model):
    """One imported file; its SHA-256 keeps the same file from being imported twice."""

    fingerprint = models.CharField(max_length=64, unique=True)
    file_name = models.CharField(_("file"), max_length=255)
    program = models.CharField(_("program"), max_length=200, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    sie_type = models.CharField(max_length=4, blank=True)
    vouchers = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("SIE import")
        verbose_name_plural = _("SIE imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    file_name = models.CharField(_("file"), max_length=255)
    path = models.CharField(max_length=500)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    bytes_total = models.PositiveBigIntegerField(default=0)
    bytes_done = models.PositiveBigIntegerField(default=0)
    message = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.status})"
