"""The browser tests' shared Chromium, for the failover test."""

from tests.browser.conftest import browser  # noqa: F401 - a fixture, used by name
