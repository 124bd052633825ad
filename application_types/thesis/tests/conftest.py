"""The browser fixtures of tests/browser, for this type's walk-through in a real browser."""
from tests.browser.conftest import (chromium, page, pytest_runtest_makereport, screens, server,  # noqa: F401
                                    shots, staff)
