"""The served app (serve.py under uvicorn, as `make run` starts it): the security headers on
every kind of response, and a server that listens on this machine only."""

from __future__ import annotations

import contextlib
import ipaddress
import re
import shlex
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, free_port, run_command, start_streamlit, stop, wait_healthy

pytestmark = pytest.mark.browser

SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
}


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


def assert_security_headers(headers, what: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers.get_all(name) == [value], f"{what}: {name} is {headers.get_all(name)}"


def test_the_page_a_static_asset_and_the_health_check_carry_the_security_headers(app_url):
    status, page, html = fetch(f"{app_url}/")
    assert status == 200 and page["Content-Type"].startswith("text/html")
    assert_security_headers(page, "the page")
    assert page["Cache-Control"] == "no-store"

    # A resume link and a page path are the same HTML page, and never kept either.
    _, resumed, _ = fetch(f"{app_url}/?resume=not-a-real-code")
    assert_security_headers(resumed, "the page with a resume code")
    assert resumed["Cache-Control"] == "no-store"

    script = re.search(rb'src="\.?/?(static/js/[^"]+\.js)"', html)
    assert script, "no script bundle named in the page"
    status, asset, _ = fetch(f"{app_url}/{script[1].decode()}")
    assert status == 200
    assert_security_headers(asset, "a static asset")
    # Hashed bundles keep Streamlit's long cache: only the page is no-store.
    assert "immutable" in asset["Cache-Control"] and "no-store" not in asset["Cache-Control"]

    status, health, body = fetch(f"{app_url}/_stcore/health")
    assert (status, body) == (200, b"ok")
    assert_security_headers(health, "the health check")
    # No server name and version for anyone who asks.
    assert health["Server"] is None


def test_no_resume_code_reaches_the_server_log(tmp_path):
    # `import streamlit` turns uvicorn's access log back on after --no-access-log; serve.py
    # turns it off for good. A page load, a redirect and a refused path, each with a code.
    marker = "resume-code-in-the-url-4f9c"
    port = free_port()
    process = start_streamlit(
        port, {"CROSSROADS_DATA_DIR": str(tmp_path), "CROSSROADS_DATABASE_URL": ""}
    )
    try:
        wait_healthy(port, process)
        for path in (f"/?resume={marker}", f"/results/?resume={marker}",
                     f"/_stcore/nothing?resume={marker}"):
            with contextlib.suppress(urllib.error.HTTPError):
                fetch(f"http://127.0.0.1:{port}{path}")
    finally:
        stop(process)
    log = process.stderr.read().decode("utf-8", "replace")
    assert f"Uvicorn running on http://127.0.0.1:{port}" in log
    assert marker not in log, log


def listening_addresses(port: int) -> set[str]:
    """Every local address a socket listens on at `port`, from the kernel's own tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            # The kernel writes each 32-bit word in host (little-endian) order.
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(str(ipaddress.ip_address(raw)))
    return found


def outward_address() -> str | None:
    """This machine's address on its way out (no packet is sent), or None without a network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if ipaddress.ip_address(address).is_loopback else address


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net/tcp")
def test_the_app_started_as_make_run_starts_it_listens_on_loopback_only(app_url):
    # app_url's server is started with the Makefile's own run command (conftest.run_command).
    port = int(app_url.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"127.0.0.1"}
    address = outward_address()
    if address is not None:
        with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
            pass


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_the_tests_start_the_app_with_the_command_make_run_runs():
    dry_run = subprocess.run(
        ["make", "--dry-run", "--no-print-directory", "run", "PORT=18501"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    lines = [line for line in dry_run.splitlines() if "uvicorn" in line]
    assert len(lines) == 1, dry_run
    make_run = shlex.split(lines[0])
    ours = run_command(18501)
    assert Path(make_run[0]).name == "uvicorn"
    assert ours[:3] == [sys.executable, "-m", "uvicorn"]
    assert make_run[1:] == ours[3:]
    assert ours[3:8] == ["serve:app", "--host", "127.0.0.1", "--port", "18501"]
    assert "--no-access-log" in ours
    # Port 8501 unless PORT says otherwise.
    assert re.search(r"^PORT \?= 8501$", (ROOT / "Makefile").read_text(), re.M)


def test_the_apps_own_icon_is_served_with_the_same_headers(app_url):
    status, headers, body = fetch(f"{app_url}/favicon.png")
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert body == (ROOT / "ui" / "favicon.png").read_bytes()
    assert_security_headers(headers, "the icon")
