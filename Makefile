# The few commands people type. Everything installs into .venv from pinned versions.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: run test lint typecheck pytest clean dist test-dist bench-dist icons guides guides-check bench bench-startup bench-restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.run-installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.run-installed
	$(BIN)/python -m assistant

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check assistant tests build bench
	$(BIN)/ruff format --check assistant tests build bench
	$(BIN)/mypy
	$(BIN)/mypy --platform win32  # the Windows and macOS code paths, type-checked here too
	$(BIN)/mypy --platform darwin

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

pytest: $(VENV)/.dev-installed
	$(BIN)/python -m pytest

test: lint pytest

# The guide PDFs (committed; rebuild after editing resources/guides/*.md or the
# organisation profile). Needs fonts-noto-cjk (or GUIDE_FONT_DIR), see build/build_guides.py.
guides: $(VENV)/.dev-installed
	$(BIN)/python build/build_guides.py

guides-check: $(VENV)/.dev-installed
	$(BIN)/python build/build_guides.py --check

# Backup speed and memory against cp -r && sync and openssl (a benchmark, not a test; ~15 GB of
# temp space with --reps 3). BENCH_ARGS="--dir /var/tmp --rss-counts 10000,100000,500000": see README.
bench: $(VENV)/.run-installed
	$(BIN)/python bench/backup_bench.py $(BENCH_ARGS)

# Restore speed of 100,000 small files against cp -r && sync, alternated runs (a benchmark, not
# a test). BENCH_ARGS="--dir /var/tmp --reps 5 --baseline TREE --in-process": see README.
bench-restore: $(VENV)/.run-installed
	$(BIN)/python bench/restore_bench.py $(BENCH_ARGS)

# Time to the wizard's first page against a bare QWizard script, alternated in one run.
bench-startup: $(VENV)/.run-installed
	$(BIN)/python bench/startup_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# The frozen build (installer.spec): dist/mail-migration-assistant/ (Windows, Linux) and
# dist/Mail Migration Assistant.app (macOS). PyInstaller is pinned in requirements-build.txt.
$(VENV)/.build-installed: requirements-build.txt $(VENV)/.dev-installed
	$(BIN)/python -m pip install --quiet -r requirements-build.txt
	touch $@

dist: $(VENV)/.build-installed
	$(BIN)/python -m PyInstaller --noconfirm --clean --log-level WARN --workpath build/work --distpath dist installer.spec
	du -sh dist/mail-migration-assistant

# Build, then run the frozen program as users and the helpdesk do (build/test_dist.py).
test-dist: dist
	$(BIN)/python build/test_dist.py

# Size and time to first window against a bare QWizard frozen by the same PyInstaller.
# BENCH_DIST_ARGS="--reps N --no-build"
bench-dist: $(VENV)/.build-installed
	$(BIN)/python bench/dist_bench.py $(BENCH_DIST_ARGS)

# Redraw the application icon (PNG, ICO, ICNS under resources/icons/; committed).
icons: $(VENV)/.dev-installed
	$(BIN)/python build/make_icons.py
