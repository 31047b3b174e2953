"""`make serve` without a browser: each app process runs as `make run` runs one, the
security headers and the sticky cookie hold through HAProxy, the client's address reaches
the limits per address (and a client cannot name its own), and SIGTERM leaves no process.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import re
import sqlite3
import subprocess
import time
import urllib.request
from collections.abc import Iterator

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from deploy.launcher import backend_command, haproxy_config
from serve import HTML_CACHE_CONTROL, SECURITY_HEADERS
from storage import WRONG_CODES
from storage.limits import address_key
from tests.browser.conftest import run_command
from tests.serve.layout import COOKIE, Served, alive, get, need_haproxy, start_layout, stop_layout

UNKNOWN_CODE = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"  # well-formed, stored nowhere
WRONG_CODE = "That code did not work"
# Stand-ins for two people's machines: any 127.x address reaches the balancer on loopback,
# and only 127.0.0.1 (the balancer) is trusted by the app processes.
PERSON_A, PERSON_B = "127.0.0.2", "127.0.0.3"
FORGED = "203.0.113.9"  # what a client claims in its own X-Forwarded-For


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    layout = start_layout(tmp_path_factory.mktemp("balancer"))
    try:
        yield layout
    finally:
        stop_layout(layout)


def test_each_app_process_runs_exactly_as_make_run_serves_the_app():
    assert backend_command("127.0.0.1", 8765) == run_command(8765)


def test_the_config_for_several_machines_is_valid_haproxy(tmp_path):
    """The README's layout: several hosts, two processes each, behind one balancer."""
    haproxy = need_haproxy()
    servers = [(f"{host}-{n}", f"10.0.0.{i}", 8502 + n)
               for i, host in enumerate(("web1", "web2", "web3"), start=11) for n in (0, 1)]
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config("0.0.0.0:80", servers))
    checked = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True,
                             text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    assert "server web3-1 10.0.0.13:8503 check cookie web3-1" in config.read_text()
    # A cookie left on a shared device must not name the site (Quick exit cannot clear it).
    assert f"cookie {COOKIE} insert" in config.read_text() and "crossroads" not in COOKIE


def test_security_headers_and_the_sticky_cookie_hold_through_the_balancer(served):
    page = get(served.url + "/")
    script = re.search(r'src="\./(static/js/[^"]+\.js)"', _body(served.url + "/"))
    assert script, "no script in the page"
    for response in (page, get(f"{served.url}/{script[1]}"), get(served.url + "/_stcore/health")):
        for name, value in SECURITY_HEADERS:
            assert response.headers.get(name) == value, (response.url, name)
    assert page.headers.get("Cache-Control") == HTML_CACHE_CONTROL
    sticky = [c for c in page.headers.get_all("Set-Cookie") if c.startswith(f"{COOKIE}=")]
    assert len(sticky) == 1 and "HttpOnly" in sticky[0] and "SameSite=Lax" in sticky[0]
    assert re.match(rf"{COOKIE}=app[12];", sticky[0])
    # A person whose process is known stays on it.
    backend = sticky[0].split(";")[0].split("=")[1]
    again = get(served.url + "/", headers={"Cookie": f"{COOKIE}={backend}"})
    assert not again.headers.get_all("Set-Cookie") or all(
        not c.startswith(COOKIE) for c in again.headers.get_all("Set-Cookie"))


def _body(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def try_wrong_code(served: Served, source: str, forged: str | None = None) -> str:
    """One session through the balancer from `source`, opened by a link that carries a
    wrong resume code; returns the words drawn."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(served.url + "/_stcore/health", timeout=10).read()
    xsrf = next((c.value for c in jar if c.name == "_streamlit_xsrf"), None)
    headers = {"Cookie": "; ".join(f"{c.name}={c.value}" for c in jar)}
    if forged:
        headers["X-Forwarded-For"] = forged
    with connect(
        f"ws://127.0.0.1:{served.port}/_stcore/stream",
        subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
        additional_headers=headers, source_address=(source, 0), proxy=None,
        open_timeout=20, max_size=None,
    ) as socket:
        message = BackMsg()
        message.rerun_script.query_string = f"resume={UNKNOWN_CODE}"
        message.rerun_script.page_script_hash = ""
        socket.send(message.SerializeToString())
        drawn: list[str] = []
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(socket.recv(timeout=30))
            if forward.WhichOneof("type") == "delta":
                drawn.append(str(forward.delta))
            if forward.WhichOneof("type") == "script_finished":
                return "\n".join(drawn)


def wrong_code_counts(served: Served) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(served.database)) as db:
        rows = db.execute(
            "SELECT client_hash, SUM(count) FROM rate_counts WHERE kind = ? GROUP BY client_hash",
            (WRONG_CODES.kind,),
        ).fetchall()
    return dict(rows)


def test_the_clients_address_reaches_the_limits_and_a_client_cannot_name_itself(served):
    assert WRONG_CODE in try_wrong_code(served, PERSON_A, forged=FORGED)
    assert WRONG_CODE in try_wrong_code(served, PERSON_A)
    assert WRONG_CODE in try_wrong_code(served, PERSON_B, forged=f"{FORGED}, {PERSON_A}")
    counts = wrong_code_counts(served)
    # Counted under each client's own address (as HAProxy saw it), never under the address a
    # client wrote itself, and never under the balancer's.
    assert counts == {address_key(PERSON_A): 2, address_key(PERSON_B): 1}, counts
    assert address_key(FORGED) not in counts and address_key("127.0.0.1") not in counts


def test_sigterm_stops_the_balancer_and_every_app_process(served):
    pids = served.all_pids()
    assert all(alive(pid) for pid in pids)
    stop_layout(served)
    assert served.launcher.returncode == 0
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in pids if alive(pid)], "a process outlived make serve"
