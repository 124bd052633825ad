"""The fixtures every test uses, in tests/ and in each application type's own tests (application_types/<key>/tests/):
the app and its stores, the people who act on applications, and a real browser."""
pytest_plugins = ("tests.fixtures", "tests.workflows.fixtures", "tests.browser.fixtures")
