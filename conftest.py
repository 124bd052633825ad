"""The fixtures every test uses, in tests/ and in each application type's own tests (application_types/<key>/tests/)."""
pytest_plugins = ("tests.fixtures",)
