# Gongzhi: `make run` serves the seeded demo site, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The one public address (content/site.py): links in feeds, sitemap, API, Open311 and emails point here.
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=
# `make audit AUDIT_ARGS="-s osv"`: OSV instead of PyPI; "--ignore-vuln ID" only with a reason in the commit
AUDIT_ARGS ?=

.PHONY: run test test-postgres audit install browser proxy migrate seed messages bench load screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo

run: seed
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Debian's chromium drives the end-to-end tests (a browser download by Playwright fails offline).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# Debian's varnish: the production proxy (deploy/varnish.vcl), started by tests/e2e/test_proxy_cache.py.
proxy:
	@command -v varnishd >/dev/null 2>&1 || test -x /usr/sbin/varnishd || { \
	  echo "Installing Debian's varnish for the proxy cache tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq varnish; }

test: install browser proxy
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

# The same suite against PostgreSQL (what .ci/run does after `make test`).
test-postgres: install browser proxy
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -n auto $(PYTEST_ARGS)

# Known vulnerabilities in what requirements.txt installed (the pins and their dependencies), from
# PyPI's advisory data: fails on any, and fails when a package cannot be audited (needs pypi.org).
audit: install
	$(BIN)/pip-audit --strict --progress-spinner off $(AUDIT_ARGS)

messages: install
	for app in content engagement/residents engagement/comments engagement/polls engagement/ratings engagement/demands engagement/insights engagement/consultations search site; do \
	  mkdir -p $$app/locale && (cd $$app && $(CURDIR)/$(BIN)/django-admin makemessages -l zh_Hans -l en --no-obsolete >/dev/null); done
	$(MANAGE) compilemessages --ignore=.venv --ignore=var --ignore=node_modules

# PNGs of every public page type at 390 and 1366 px, Chinese and English, into docs/screenshots/
# (Debian's chromium; a dev server on SCREENSHOTS_PORT for the run, on the seeded var/ database).
SCREENSHOTS_PORT ?= 8765
screenshots: seed browser
	$(BIN)/python docs/screenshots.py --serve $(SCREENSHOTS_PORT) --widths 390,1366 --lang zh,en

bench: seed
	for script in bench/*.py; do $(BIN)/python $$script; done

# The production stack on this machine under load (bench/load.py: PostgreSQL, Redis, gunicorn, workers, varnish).
load: install proxy
	$(BIN)/python bench/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var
