# `make run` serves the app with demo data; `make test` runs the tests.
# Both create the virtual environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MO := app/translations/en/LC_MESSAGES/messages.mo

.PHONY: run test lint translations clean browser

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

$(MO): $(STAMP) app/translations/en/LC_MESSAGES/messages.po
	$(BIN)/pybabel compile --use-fuzzy -d app/translations

run: $(STAMP) $(MO)
	$(BIN)/python run.py

test: $(STAMP) $(MO) browser
	$(BIN)/python -m pytest -q

# Static checks (ruff.toml says which).
lint: $(STAMP)
	$(BIN)/ruff check .

# The browser tests drive Debian's chromium (Playwright's own download is not used); Chinese pages need CJK fonts.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; }

# Re-extract user-facing strings after changing them; edit the .po, then `make run` compiles it.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations

clean:
	rm -rf $(VENV) instance/*.db .pytest_cache
