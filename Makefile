# The README's two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000

.PHONY: run test install lint format check bench messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	$(PY) manage.py create_demo_admin
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

test: lint check
	@# pytest's exit code 5 (no tests collected) counts as a failure.
	$(VENV)/bin/pytest; status=$$?; if [ $$status -eq 5 ]; then echo 'No tests collected.'; exit 1; fi; exit $$status

clean:
	rm -rf $(VENV) test-output .pytest_cache
