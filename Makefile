# UnionHall: `make run` sets up and serves the platform; `make test` sets up what is missing and runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run

WANT_PY := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEMO_PROVINCE ?= 32

# A Python matching .python-version (>= 3.12): pyenv's, then python3.13/python3.12 on PATH.
find_python = $(firstword $(wildcard $(HOME)/.pyenv/versions/$(WANT_PY)*/bin/python) \
	$(shell command -v pyenv >/dev/null 2>&1 && pyenv root >/dev/null 2>&1 && ls -d $$(pyenv root)/versions/$(WANT_PY)*/bin/python 2>/dev/null) \
	$(shell command -v python$(WANT_PY) 2>/dev/null) $(shell command -v python3.13 2>/dev/null) $(shell command -v python3.12 2>/dev/null))

.PHONY: run dev static serve test test-fast lint bench bench-growth setup assets db demo worker sweep load load-breakdown clean help

help:
	@echo "make run   — 安装依赖、迁移数据库、载入区划与演示数据，收集静态文件，并在 http://127.0.0.1:8000 启动（DEBUG 关闭，与生产一致）"
	@echo "make dev   — 同上，但开启 DEBUG，供开发调试（PORT=8123 可换端口，两者皆可）"
	@echo "make test  — 安装缺少的依赖并运行全部测试"
	@echo "make lint  — ruff 与 mypy"
	@echo "make load  — 压力测试：gunicorn（生产配置）+ PostgreSQL + locust，50 个并发用户，见 docs/performance.md"

$(VENV)/.installed: requirements.txt requirements-dev.txt .python-version
	@PYBIN="$(find_python)"; \
	if [ -z "$$PYBIN" ]; then \
	  echo "需要 Python $(WANT_PY)（或 3.12 以上）。未找到：请安装，例如 'pyenv install $(WANT_PY)'，或把 python$(WANT_PY) 放到 PATH。"; exit 1; fi; \
	if ! "$$PYBIN" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	  echo "$$PYBIN 版本过低：Django 6.1 需要 Python 3.12 以上。"; exit 1; fi; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  rm -rf $(VENV); echo "用 $$PYBIN 创建 $(VENV)"; "$$PYBIN" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "需要 Node.js 与 npm（安装前端资源与区划数据）。"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

static/vendor/.copied: node_modules/.package-lock.json
	rm -f static/vendor/pico.min.css
	mkdir -p static/vendor/tabler static/vendor/tom-select static/vendor/flatpickr/l10n
	cp node_modules/@tabler/core/dist/css/tabler.min.css node_modules/@tabler/core/dist/css/tabler.min.css.map static/vendor/tabler/
	cp node_modules/@tabler/core/dist/js/tabler.min.js node_modules/@tabler/core/dist/js/tabler.min.js.map static/vendor/tabler/
	cp node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css.map static/vendor/tom-select/
	cp node_modules/tom-select/dist/js/tom-select.complete.min.js node_modules/tom-select/dist/js/tom-select.complete.min.js.map static/vendor/tom-select/
	cp node_modules/flatpickr/dist/flatpickr.min.css node_modules/flatpickr/dist/flatpickr.min.js static/vendor/flatpickr/
	cp node_modules/flatpickr/dist/l10n/zh.js static/vendor/flatpickr/l10n/zh.js
	cp node_modules/echarts/dist/echarts.min.js static/vendor/echarts.min.js
	@touch $@

# The PDFs' Chinese fonts: Noto Sans SC from npm, cut to what prints fast (unionhall/documents/build_fonts.py).
PDF_FONTS := unionhall/documents/fonts
# Cut with fontTools (a WeasyPrint dependency) from the .venv, which `make setup` or, in production, `pip install
# -r requirements.txt` made before.
$(PDF_FONTS)/.built: node_modules/.package-lock.json unionhall/documents/build_fonts.py
	@test -x $(PY) || { echo "需要先创建 $(VENV)（make setup，或 pip install -r requirements.txt）才能生成 PDF 字体。"; exit 1; }
	$(PY) -m unionhall.documents.build_fonts node_modules/@expo-google-fonts/noto-sans-sc $(PDF_FONTS)
	cp node_modules/@expo-google-fonts/noto-sans-sc/LICENSE_FONT $(PDF_FONTS)/OFL.txt
	@touch $@

setup: $(VENV)/.installed static/vendor/.copied $(PDF_FONTS)/.built
assets: static/vendor/.copied $(PDF_FONTS)/.built

db: setup
	$(MANAGE) migrate --no-input
	$(MANAGE) load_divisions --province $(DEMO_PROVINCE)

demo: db
	$(MANAGE) seed_demo --if-empty

# Static files as production serves them: hashed, compressed copies under var/staticfiles (whitenoise).
STATIC_MANIFEST := var/staticfiles/staticfiles.json
$(STATIC_MANIFEST): $(VENV)/.installed static/vendor/.copied $(shell find static -type f 2>/dev/null)
	DEBUG=0 $(MANAGE) collectstatic --no-input --verbosity 0

static: $(STATIC_MANIFEST)

PORT ?= 8000
# The local demo relaxes the city admin's second factor (pages then say so); production never does.
DEMO_ENV := UNIONHALL_OTP_REQUIRED=$${UNIONHALL_OTP_REQUIRED:-0}

# `make run` is the product as a visitor meets it: DEBUG off (our own error pages, never Django's debug
# pages), static files from var/staticfiles. --nostatic: whitenoise serves them, not runserver's handler.
run: demo static
	@$(MANAGE) demo_logins
	@$(MANAGE) rights_deadlines
	DEBUG=0 $(DEMO_ENV) $(MANAGE) runserver --nostatic 127.0.0.1:$(PORT)

# For development: DEBUG on (Django's debug pages, static files straight from the source tree).
dev: demo
	@$(MANAGE) demo_logins
	@$(MANAGE) rights_deadlines
	DEBUG=1 $(DEMO_ENV) $(MANAGE) runserver --nostatic 127.0.0.1:$(PORT)

# The suite on both cores (pytest-xdist; --dist loadfile gives each test file to one worker, so the
# module-scoped Chromium starts once per file and each worker has its own test database), with the clock
# moved to the next TEST_CLOCK (UTC, unionhall/tests/clock.py). 17:00 UTC is 01:00 the next day in
# Shanghai: a test that takes a UTC date for today fails at once, not only in an evening run. CI runs the
# PostgreSQL stage at 17:00 and the SQLite stage at 03:00 (the same day in both); `make test TEST_CLOCK=`
# runs on the real clock, TEST_WORKERS=0 in one process (no xdist). See docs/architecture.md, "Tests at every hour".
TEST_CLOCK ?= 17:00
TEST_WORKERS ?= 2

test: setup
	UNIONHALL_TEST_CLOCK=$(TEST_CLOCK) $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile

test-fast: setup
	$(VENV)/bin/pytest -x -q -m "not browser"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

worker: setup
	$(MANAGE) db_worker

# The rights deadline sweep (reminders, escalation, late risk acknowledgements) every 5 minutes, for a
# local run beside `make run`; production schedules `manage.py rights_deadlines --enqueue` instead.
sweep: setup
	$(MANAGE) rights_deadlines --every 300

# The benchmarks of PRODUCT.md §5 (docs/performance.md). The city, roster and load benchmarks need
# PostgreSQL: DATABASE_URL defaults to the local server here, as CI and this machine have it.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres

bench: setup static
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) -m bench

# The city benchmarks at 10,000, 100,000 and 1,000,000 members: the growth table and docs/performance-growth.svg.
bench-growth: setup static
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) -m bench.growth

# The load test (bench/load/run.py): gunicorn in production settings on 127.0.0.1, PostgreSQL, locust headless;
# builds the city database uh_load_city once. Options after LOAD_ARGS=, e.g. LOAD_ARGS="--workers 3".
load: setup assets
	$(PY) -m bench.load.run $(LOAD_ARGS)

# Each endpoint of the load mix measured in one process (queries, SQL, CPU), on the database `make load` built.
load-breakdown: setup
	$(PY) -m bench.load.breakdown $(BREAKDOWN_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor $(PDF_FONTS) var/staticfiles var/unionhall.sqlite3*
