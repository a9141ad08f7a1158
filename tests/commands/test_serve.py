"""``koop serve``: the production server answers pages and static files, DEBUG off."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from koop.core.management.commands.serve import parse_bind

START_TIMEOUT = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Always its own SQLite file: never the database the test run was pointed at.
    for name in ("DATABASE_URL", "DEBUG", "STATIC_ROOT", "SECRET_KEY", "KOOP_BIND"):
        env.pop(name, None)
    env["KOOP_DATA_DIR"] = str(data_dir)
    return env


def test_serve_answers_the_login_page_and_static_files(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    koop = [sys.executable, "-m", "koop.cli"]
    subprocess.run([*koop, "migrate", "-v0"], env=env, check=True, timeout=180)
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [*koop, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        status, body = 0, b""
        while time.monotonic() < deadline:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                status, body = _get(f"http://127.0.0.1:{port}/login/")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200, (tmp_path / "serve.log").read_text()
        stylesheets = re.findall(rb'href="(/static/[^"]+\.css)"', body)
        assert stylesheets, body[:500]
        # Whitenoise serves the collected, hashed files.
        for href in stylesheets:
            css_status, css = _get(f"http://127.0.0.1:{port}{href.decode()}")
            assert css_status == 200
            assert css
        missing, _ = _get(f"http://127.0.0.1:{port}/no-such-page/")
        assert missing == 404
        _, not_found_body = _get(f"http://127.0.0.1:{port}/no-such-page/")
        assert b"Traceback" not in not_found_body  # DEBUG is off
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


@pytest.mark.parametrize("bind", ["8000", "localhost", ":8000", "host:port", "host:70000"])
def test_a_bind_without_host_and_port_is_refused(bind: str) -> None:
    with pytest.raises(CommandError, match="HOST:PORT"):
        parse_bind(bind)


def test_an_ipv6_bind_is_understood() -> None:
    assert parse_bind("[::1]:8000") == ("::1", 8000)


def test_serve_refuses_to_run_with_debug_on() -> None:
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="DEBUG"):
        call_command("serve", "--bind", "127.0.0.1:1", skip_checks=True)


def test_serve_refuses_an_address_already_in_use() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(CommandError, match=f"127.0.0.1:{port}"):
            call_command("serve", "--bind", f"127.0.0.1:{port}", skip_checks=True)


def test_serve_refuses_zero_workers() -> None:
    with pytest.raises(CommandError, match="workers"):
        call_command("serve", "--bind", "127.0.0.1:1", "--workers", "0", skip_checks=True)
