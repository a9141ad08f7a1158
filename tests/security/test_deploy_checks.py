"""``koop check --deploy`` passes, without a single warning, with the production settings
the README gives; and Koop's own deploy checks speak up when a setting is wrong."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.test import override_settings

from koop.core.checks import check_database_is_postgresql

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_environment() -> dict[str, str]:
    """The variables of the README's /etc/koop.env."""
    text = README.read_text(encoding="utf-8")
    found = re.search(r"cat > /etc/koop.env <<'ENV'\n(.*?)\nENV\n", text, re.S)
    assert found, "the README's production section has no /etc/koop.env"
    pairs = [line.split("=", 1) for line in found.group(1).splitlines() if "=" in line]
    return {name.strip(): value.strip() for name, value in pairs}


def test_the_readme_gives_a_production_environment() -> None:
    env = readme_environment()
    assert env["SECURE_COOKIES"] == "true"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["ALLOWED_HOSTS"]
    assert env["CSRF_TRUSTED_ORIGINS"].startswith("https://")
    assert "DEBUG" not in env or env["DEBUG"] == "false"


@pytest.mark.parametrize("secret_key", ["from the environment", "made in the data directory"])
def test_the_deploy_checks_pass_with_the_readmes_settings(tmp_path: Path, secret_key: str) -> None:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("KOOP_", "DJANGO_", "DATABASE_", "SECURE_", "SECRET_"))
        and name not in {"DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}
    }
    env.update(readme_environment())
    env["KOOP_DATA_DIR"] = str(tmp_path)  # the README's /var/lib/koop, here
    if secret_key == "from the environment":
        env["SECRET_KEY"] = secrets.token_urlsafe(50)
    done = subprocess.run(
        [sys.executable, "-m", "koop.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout + done.stderr


def _koop_ids(**overrides: object) -> set[str]:
    with override_settings(**overrides):
        messages = run_checks(include_deployment_checks=True)
    return {m.id for m in messages if m.id and m.id.startswith("koop.")}


def test_koop_warns_when_two_factor_is_off() -> None:
    assert "koop.W001" in _koop_ids(KOOP_REQUIRE_TWO_FACTOR=False)
    assert "koop.W001" not in _koop_ids(KOOP_REQUIRE_TWO_FACTOR=True)


@pytest.mark.parametrize(
    ("engine", "warned"),
    [("django.db.backends.sqlite3", True), ("django.db.backends.postgresql", False)],
)
def test_koop_warns_about_sqlite_in_production(engine: str, warned: bool) -> None:
    # The check reads the setting only: the connection in use stays as it is.
    with mock.patch.dict(settings.DATABASES["default"], {"ENGINE": engine}):
        ids = {m.id for m in check_database_is_postgresql(None)}
    assert ("koop.W002" in ids) is warned


def test_koop_warns_about_origins_without_https() -> None:
    assert "koop.W003" in _koop_ids(CSRF_TRUSTED_ORIGINS=["http://koop.example.se"])
    assert "koop.W003" not in _koop_ids(CSRF_TRUSTED_ORIGINS=["https://koop.example.se"])


def test_koop_warns_about_a_wildcard_host() -> None:
    assert "koop.W004" in _koop_ids(ALLOWED_HOSTS=["*"])
    assert "koop.W004" not in _koop_ids(ALLOWED_HOSTS=["koop.example.se"])
