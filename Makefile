# The README's two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000

.PHONY: run test install lint format check bench messages clean browser-deps chromium screenshots

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py documents_make_private
	$(PY) manage.py create_demo_admin
	$(PY) manage.py load_demo_content --history
	PORT=$(PORT) bin/run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(find website home blog leads -path '*/templates/*' -name '*.html')

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(find website home blog leads -path '*/templates/*' -name '*.html')

check: install
	DJANGO_SETTINGS_MODULE=website.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=website.settings.test $(PY) manage.py makemigrations --check --dry-run

# The admin's Dutch catalogue (locale/nl): refresh it from the source, translate the new
# English msgids in django.po (Dutch visitor msgids stay empty), then run `make messages` again
# to compile django.mo, which is committed. Needs gettext (apt-get install gettext).
messages: install
	$(PY) manage.py makemessages -l nl --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench --ignore=bench-output \
		--ignore=test-output --ignore=media --ignore=private-media --ignore=static
	msgfmt --check -o locale/nl/LC_MESSAGES/django.mo locale/nl/LC_MESSAGES/django.po

# npm tools for the browser gates (axe-core, the Nu HTML checker), pinned in package-lock.json.
# --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime; we use the system's.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# Debian's chromium for the Playwright tests (never a downloaded browser); apt needs root.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Browser tests need Debian's chromium: sudo apt-get install chromium (they are skipped without it, outside CI)."; \
		fi; \
	fi

browser-deps: node_modules/.package-lock.json chromium

test: lint check browser-deps
	@# pytest's exit code 5 (no tests collected) counts as a failure.
	$(VENV)/bin/pytest; status=$$?; if [ $$status -eq 5 ]; then echo 'No tests collected.'; exit 1; fi; exit $$status

# The README's pictures (docs/screenshots/): the browser journeys of tests/browser/test_readme_pictures.py
# on a site with the demo history, written as small WebP files. Commit them when they changed.
screenshots: install browser-deps
	README_SCREENSHOTS=1 $(VENV)/bin/pytest -p no:cacheprovider tests/browser/test_readme_pictures.py

clean:
	rm -rf $(VENV) test-output .pytest_cache node_modules

# The benchmark (bench/run.py): the site as in production under wrk, on this machine's
# PostgreSQL and Redis; needs wrk (apt-get install wrk), optionally lighthouse + chromium.
bench: install
	$(PY) -m bench.run
