# MineReady: `make run` sets up everything and serves on 127.0.0.1:8000; `make test` runs the suite.
# Every target starts with `make setup`, which is idempotent (safe and quick to run again).

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages the product needs: gettext (translations), a CJK font (Chinese PDFs),
# libmagic (evidence type checks by content), poppler-utils (pdftoppm, to look at a PDF report;
# pdftotext, for the tests to read one), chromium (browser tests: Playwright cannot download its
# own browser here), libreoffice-calc (a test saves an offline questionnaire with it).

.PHONY: setup run test screenshots smoke test-postgres lint format system-packages venv install migrate catalogue seed clean backup restore messages makemessages fonts

setup: system-packages install .env messages migrate fonts catalogue seed

system-packages:
	@missing=""; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	ldconfig -p 2>/dev/null | grep -q libmagic.so.1 || missing="$$missing libmagic1"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-calc"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian packages:$$missing"; \
	    (apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $$missing >/dev/null)) \
	     || { echo "apt-get install$$missing failed"; exit 1; }; \
	  else \
	    echo "Missing Debian packages:$$missing. Install them with: sudo apt-get install$$missing"; \
	    exit 1; \
	  fi; \
	fi

# The first of python3.13 / python3.12 that runs (pyenv shims may exist but not run).
$(PY):
	@py=""; \
	for candidate in python3.13 python3.12 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.13*/bin/python3.13 $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.12*/bin/python3.12 2>/dev/null); do \
	  if "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then py="$$candidate"; break; fi; \
	done; \
	if [ -z "$$py" ]; then echo "MineReady needs Python 3.12 or newer (python3.13 or python3.12)"; exit 1; fi; \
	echo "creating $(VENV) with $$py"; \
	"$$py" -m venv $(VENV) && $(PY) -m pip install -q --upgrade pip

venv: $(PY)

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -c "import tomllib; d = tomllib.load(open('pyproject.toml', 'rb')); print('\n'.join(d['project']['dependencies'] + d['dependency-groups']['dev']))" > $(VENV)/requirements.txt
	$(PY) -m pip install -q -r $(VENV)/requirements.txt
	touch $@

install: $(VENV)/.installed

.env:
	cp .env.example .env

migrate: install .env
	@mkdir -p var
	$(MANAGE) migrate --no-input -v 0

# Compile the translations (locale/*/LC_MESSAGES/django.po -> .mo, only when a .po changed).
messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=var -v 0

# For developers: collect new strings into locale/zh_Hans/LC_MESSAGES/django.po; translate
# them there (no empty or fuzzy entries: tests/project/test_translations_complete.py checks).
makemessages: install
	$(MANAGE) makemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=tests --ignore=benchmarks

# The report font: Noto Sans CJK SC cut down to the characters reports use (reports/fonts.py),
# into static/fonts/. About 30 s the first time, nothing after.
fonts: migrate
	$(MANAGE) build_report_fonts

catalogue: migrate
	$(MANAGE) import_framework fixtures/frameworks/*.yaml

# Demo firms, logins and assessments (idempotent; skipped when DEBUG is off).
seed: catalogue
	$(MANAGE) seed_demo

# The task workers (REPORT_WORKERS db_worker processes that issue the PDF reports of submitted
# assessments, supervised by report_workers) run beside the server and stop with it.
run: setup
	@bash -c '$(MANAGE) report_workers & workers=$$!; trap "kill $$workers 2>/dev/null; wait $$workers" EXIT; \
	  $(MANAGE) runserver $(HOST):$(PORT)'

# Bytecode is written even where the machine sets PYTHONDONTWRITEBYTECODE: without the cache
# every worker compiles (and pytest rewrites) every module again, seconds per process.
TEST_ENV := PYTHONDONTWRITEBYTECODE=

test: setup
	$(TEST_ENV) $(PY) -m pytest

# The browser tests again, with screenshots of each page at desktop and phone widths written to
# tests/artifacts/ for a person to look at.
screenshots: setup
	MINEREADY_SCREENSHOTS=1 $(TEST_ENV) $(PY) -m pytest tests/browser -n 0

# The production smoke test (.ci/smoke): the README's deployment steps with DEBUG off on a fresh
# database, gunicorn (2 workers) and the task worker, then one person's whole path over HTTP on
# 127.0.0.1; once with files on local storage, once in an S3 bucket (moto's server, .ci/s3).
smoke: setup
	.ci/smoke --storage local
	.ci/smoke --storage s3

# The whole suite on PostgreSQL: DATABASE_URL=postgres://user:pw@host/db make test-postgres
# (.ci/postgres starts the machine's server and prints such a URL).
test-postgres:
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "set DATABASE_URL=postgres://... (see .ci/postgres)"; exit 1;; esac
	$(MAKE) setup
	$(TEST_ENV) $(PY) -m pytest

# A consistent copy of the database and the media folder in var/backups/ (prints its path).
backup: install .env
	@$(MANAGE) backup

# make restore FILE=var/backups/mineready-....tar.gz (asks before replacing anything).
restore:
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/mineready-<time>.tar.gz"; exit 1; }
	@$(MAKE) -s install .env
	$(MANAGE) restore "$(FILE)"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
