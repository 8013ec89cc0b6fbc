# The few commands people type. Everything installs into .venv from pinned versions.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: run test lint typecheck pytest clean dist guides guides-check bench bench-startup

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . || \
	  $(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.run-installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.run-installed
	$(BIN)/python -m assistant

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check assistant tests
	$(BIN)/ruff format --check assistant tests
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

# Backup speed and memory against cp -r and sha256sum (a benchmark, not a test; ~5 GB of temp space).
bench: $(VENV)/.run-installed
	$(BIN)/python bench/backup_bench.py $(BENCH_ARGS)

# Time to the wizard's first page against a bare QWizard script, alternated in one run.
bench-startup: $(VENV)/.run-installed
	$(BIN)/python bench/startup_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# The frozen one-folder build, then its own smoke test.
dist: $(VENV)/.dev-installed
	$(BIN)/python -m pip install --quiet -r requirements-build.txt
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --workpath build/work --distpath dist installer.spec
	dist/mail-migration-assistant/mail-migration-assistant check thunderbird 102.2.0 --json
	dist/mail-migration-assistant/mail-migration-assistant smoke-test
	du -sh dist/mail-migration-assistant
