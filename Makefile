# Signpost: the two commands a newcomer needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# Each checkout gets its own PostgreSQL database name, so two checkouts can share one server.
PG_DB ?= signpost_$(subst -,_,$(notdir $(CURDIR)))
PYTEST_ARGS ?=
PYTEST_WORKERS ?= 2
HTML_TEMPLATES = $(shell find . -name '*.html' -not -path './node_modules/*' -not -path './.venv/*' -not -path './var/*' -not -path './screenshots/*')

.PHONY: help setup run test test-sqlite test-postgres checks lint format services services-stop screenshots bench drill clean \
	opensearch-cluster opensearch-cluster-stop

help:
	@echo "make run      set up and run the demo site on http://127.0.0.1:8000 (SQLite, no services)"
	@echo "make test     set up and run every test (starts PostgreSQL and OpenSearch, installs Chromium)"
	@echo "make lint     ruff, djhtml and the import layers (lint-imports)"
	@echo "make services start PostgreSQL, Redis and the OpenSearch node on loopback; make services-stop stops them"

$(VENV_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade "pip>=25.1"
	$(VENV)/bin/pip install --quiet --group dev -e .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV_STAMP) $(NODE_STAMP)

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo
	@echo "Signpost demo: http://127.0.0.1:8000/"
	@head -n 2 var/demo-logins.txt
	@echo
	$(PY) manage.py runserver 127.0.0.1:8000

checks: setup
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") ALLOWED_HOSTS=signpost.example WAGTAILADMIN_BASE_URL=https://signpost.example \
		DJANGO_SETTINGS_MODULE=signpost.settings.production $(PY) manage.py check --deploy --fail-level WARNING

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $(HTML_TEMPLATES)
	$(VENV)/bin/lint-imports

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $(HTML_TEMPLATES)

services:
	scripts/postgres start
	scripts/redis start
	scripts/opensearch start

services-stop:
	-scripts/opensearch stop
	-scripts/redis stop
	-scripts/postgres stop

# Two OpenSearch nodes on loopback forming one cluster (docs/scaling.md), each with its own state folder:
# HTTP on 9281 and 9282, transport on 9381 and 9382. OPENSEARCH_URL=http://127.0.0.1:9281,http://127.0.0.1:9282
CLUSTER_NODE = OPENSEARCH_PORT=928$(1) OPENSEARCH_TRANSPORT_PORT=938$(1) \
	OPENSEARCH_STATE_DIR=$(CURDIR)/.services/opensearch-cluster-$(1) \
	OPENSEARCH_JAVA_OPTS="$${OPENSEARCH_JAVA_OPTS:--Xms256m -Xmx512m -XX:TieredStopAtLevel=1}" \
	OPENSEARCH_NODE_ARGS="--cluster-name signpost-cluster --node-name signpost-$(1) -Ediscovery.type=zen \
	-Ediscovery.seed_hosts=127.0.0.1:9381,127.0.0.1:9382 -Ecluster.initial_cluster_manager_nodes=signpost-1,signpost-2"

opensearch-cluster:
	scripts/opensearch build
	$(call CLUSTER_NODE,1) scripts/opensearch start & $(call CLUSTER_NODE,2) scripts/opensearch start & wait
	curl -s "http://127.0.0.1:9281/_cat/nodes?v"

opensearch-cluster-stop:
	-$(call CLUSTER_NODE,1) scripts/opensearch stop
	-$(call CLUSTER_NODE,2) scripts/opensearch stop

# Every test: checks and lint, the suite on SQLite (with the browser tests), then again on PostgreSQL.
# Services that cannot start make their tests skip, unless REQUIRE_SERVICES=1 (CI), where they fail.
test: setup
	scripts/install-system-packages || [ "$$REQUIRE_SERVICES" != "1" ]
	$(MAKE) --no-print-directory checks lint
	@if scripts/postgres start; then echo "PostgreSQL ready"; \
		elif [ "$$REQUIRE_SERVICES" = "1" ]; then echo "PostgreSQL is required (REQUIRE_SERVICES=1)"; exit 1; fi
	@if scripts/redis start; then echo "Redis ready"; \
		elif [ "$$REQUIRE_SERVICES" = "1" ]; then echo "Redis is required (REQUIRE_SERVICES=1)"; exit 1; fi
	@if scripts/opensearch start; then echo "OpenSearch ready"; \
		elif [ "$$REQUIRE_SERVICES" = "1" ]; then echo "OpenSearch is required (REQUIRE_SERVICES=1)"; exit 1; fi
	$(MAKE) --no-print-directory test-sqlite test-postgres

test-sqlite: setup
	OPENSEARCH_URL=$${OPENSEARCH_URL:-$$(scripts/opensearch url 2>/dev/null)} \
		REDIS_URL=$${REDIS_URL:-$$(scripts/redis url 2>/dev/null)} \
		$(PYTEST) -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres: setup
	@if scripts/postgres status >/dev/null; then \
		DATABASE_URL=$$(scripts/postgres url $(PG_DB)) OPENSEARCH_URL=$${OPENSEARCH_URL:-$$(scripts/opensearch url 2>/dev/null)} \
			REDIS_URL=$${REDIS_URL:-$$(scripts/redis url 2>/dev/null)} \
			$(PYTEST) -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS); \
	elif [ "$$REQUIRE_SERVICES" = "1" ]; then echo "PostgreSQL is not running (REQUIRE_SERVICES=1)"; exit 1; \
	else echo "Skipping the PostgreSQL run: no server (make services starts one)"; fi

# The fault drill: the production stack on loopback (its own PostgreSQL and OpenSearch), searched while
# the node stops, hangs and comes back, PostgreSQL restarts and a worker dies. See docs/operations.md.
drill: setup
	$(PY) scripts/drill

screenshots: setup
	$(PY) -m tests.browser.screenshots

bench: setup
	$(PY) bench/search.py
	$(PY) bench/search.py --engines database,opensearch --sizes 10000 --databases sqlite --opensearch-sizes 10000,100000
	$(PY) bench/events.py
	$(PY) bench/api.py

clean:
	rm -rf $(VENV) node_modules var .services db.sqlite3
