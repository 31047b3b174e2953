"""The browser tests' shared Chromium and screenshot folder, for the failover test."""

from tests.browser.conftest import artifacts, browser  # noqa: F401 - fixtures, used by name
