"""The launcher's restart wait starts over after a healthy run, and it warns when behind a
balancer elsewhere with no trusted proxy named."""

from __future__ import annotations

from deploy.launcher import HEALTHY_RUN_S, TRUSTED_PROXY_VARIABLE, Backend, trusted_proxy_warning


def test_quick_crashes_wait_longer_but_a_healthy_run_starts_over() -> None:
    backend = Backend("app1", "127.0.0.1", 8502)
    for _ in range(6):  # six crashes right at start-up
        backend.started = 1000.0
        backend.died(1001.0)
        backend.restarts += 1
    assert backend.start_at == 1001.0 + 30
    backend.started = 2000.0
    backend.died(2000.0 + HEALTHY_RUN_S + 1)
    assert backend.start_at - (2000.0 + HEALTHY_RUN_S + 1) == 1


def test_backends_only_without_a_trusted_proxy_warns_of_one_shared_bucket() -> None:
    assert "one rate-limit bucket" in trusted_proxy_warning(True, {})
    assert trusted_proxy_warning(True, {TRUSTED_PROXY_VARIABLE: "10.0.0.5"}) is None
    assert trusted_proxy_warning(False, {}) is None


def test_app_processes_behind_the_balancer_load_every_page_before_they_are_healthy() -> None:
    import serve
    from deploy.launcher import LOAD_ALL_AT_START, backend_env

    assert LOAD_ALL_AT_START == serve.LOAD_ALL_AT_START
    for backends_only in (False, True):
        assert backend_env({}, backends_only)[LOAD_ALL_AT_START] == "1"
    assert backend_env({LOAD_ALL_AT_START: ""}, False)[LOAD_ALL_AT_START] == "", "can be off"
