# `make run` serves the app with demo data; `make serve` serves a deployment (the settings in README.md);
# `make worker` runs the job queue's workers there; `make test` runs the tests. Each creates the virtual
# environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MO := app/translations/en/LC_MESSAGES/messages.mo

.PHONY: run serve test worker lint translations clean system-packages

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

$(MO): $(STAMP) app/translations/en/LC_MESSAGES/messages.po
	$(BIN)/pybabel compile --use-fuzzy -d app/translations

# Both through gunicorn (gunicorn.conf.py). The demo has one worker: the in-memory store belongs to one process.
run: $(STAMP) $(MO)
	$(BIN)/gunicorn --config gunicorn.conf.py --workers 1

serve: $(STAMP) $(MO)
	$(BIN)/gunicorn --config gunicorn.conf.py

worker: $(STAMP) $(MO)
	$(BIN)/flask --app "app:create_app()" jobs work

test: $(STAMP) $(MO) system-packages
	$(BIN)/python -m pytest -q -n auto

# Static checks: ruff (ruff.toml says which) and the import contracts (.importlinter).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# The browser tests drive Debian's chromium (Playwright's own download is not used); Chinese pages need CJK fonts.
# The job queue's tests start a throwaway redis-server of their own; bench/serve.py drives the server with wrk;
# the PDF tests render pages with poppler's pdftoppm too.
system-packages:
	@MISSING=$$( command -v chromium >/dev/null 2>&1 || echo chromium fonts-noto-cjk; \
	             command -v redis-server >/dev/null 2>&1 || echo redis-server; \
	             command -v wrk >/dev/null 2>&1 || echo wrk; \
	             command -v pdftoppm >/dev/null 2>&1 || echo poppler-utils ); \
	[ -z "$$MISSING" ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$MISSING; }

# Re-extract user-facing strings after changing them; edit the .po, then `make run` compiles it.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o app/translations/messages.pot .
	$(BIN)/pybabel update --ignore-obsolete -i app/translations/messages.pot -d app/translations

clean:
	rm -rf $(VENV) instance/*.db .pytest_cache
