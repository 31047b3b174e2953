"""Wrong resume codes in one session: a few are free, then each one waits longer, up to a cap."""

from __future__ import annotations

from storage import ThrottleRegistry, WrongCodeThrottle


def test_the_first_mistakes_cost_nothing():
    throttle = WrongCodeThrottle(free_attempts=3)
    for moment in (0.0, 1.0):
        assert throttle.wait_seconds(moment) == 0
        throttle.record_failure(moment)
    assert throttle.wait_seconds(1.0) == 0


def test_after_the_free_attempts_each_wrong_code_doubles_the_wait():
    throttle = WrongCodeThrottle(free_attempts=3, first_delay=2.0, max_delay=1000)
    now = 0.0
    waits = []
    for _ in range(6):
        now += throttle.wait_seconds(now)
        throttle.record_failure(now)
        waits.append(throttle.wait_seconds(now))
    assert waits == [0, 0, 2.0, 4.0, 8.0, 16.0]


def test_the_wait_runs_down_with_time():
    throttle = WrongCodeThrottle(free_attempts=1, first_delay=10.0)
    throttle.record_failure(100.0)
    assert throttle.wait_seconds(100.0) == 10.0
    assert throttle.wait_seconds(104.0) == 6.0
    assert throttle.wait_seconds(110.0) == 0.0


def test_the_wait_has_a_cap():
    throttle = WrongCodeThrottle(free_attempts=0, first_delay=1.0, max_delay=60.0)
    for _ in range(200):
        throttle.record_failure(0.0)
    assert throttle.wait_seconds(0.0) == 60.0


def test_a_right_code_clears_the_count():
    throttle = WrongCodeThrottle(free_attempts=1)
    throttle.record_failure(0.0)
    throttle.record_failure(0.0)
    assert throttle.wait_seconds(0.0) > 0
    throttle.record_success()
    assert throttle.wait_seconds(0.0) == 0
    assert throttle.failures == 0


def test_the_registry_keeps_one_throttle_per_session_apart():
    registry = ThrottleRegistry()
    for _ in range(WrongCodeThrottle().free_attempts + 1):
        registry.record_failure("session-a", 0.0)
    assert registry.wait_seconds("session-a", 0.0) > 0
    assert registry.wait_seconds("session-b", 0.0) == 0
    registry.record_success("session-a")
    assert registry.wait_seconds("session-a", 0.0) == 0


def test_the_registry_forgets_sessions_quiet_for_long_and_no_others():
    registry = ThrottleRegistry(forget_after=100.0)
    registry.record_failure("gone", 0.0)
    registry.record_failure("recent", 150.0)
    registry.record_failure("recent", 200.0)  # a minute after the first: prunes
    assert len(registry) == 1
    assert registry.wait_seconds("recent", 200.0) == 0  # two mistakes are still free
