# One entry point for readers, instructors and CI. Everything runs inside a virtual
# environment in .venv that the first target creates from requirements.txt.
# Only Python 3.11+ and make are needed: `make book`, then `make test`.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BOOK_FLAGS := -W -n --keep-going

.DEFAULT_GOAL := help
.PHONY: help install book test lint format lab bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip check
	@touch $@

install: $(STAMP)  ## create .venv and install requirements.txt (done by every target)

book: $(STAMP)  ## build the website into _build/html (warnings are errors)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)

lint: $(STAMP)  ## ruff over code and notebooks; lib's import layers; the CI workflow's schema
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema custom.github-workflows-require-timeout .github/workflows/*.yml

test: lint book  ## run every check: lint, book build, unit tests, every notebook (nbval)
	$(BIN)/python -m pytest --nbval-lax

format: $(STAMP)  ## apply ruff's fixes and formatting; strip notebook outputs
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/nbstripout --keep-id chapters/*.ipynb templates/*.ipynb

lab: $(STAMP)  ## open the chapters in JupyterLab
	$(BIN)/jupyter lab chapters/

# The OPENBLAS_* variables some machines set for old OpenBLAS builds slow numpy: unset here only.
# (bench is .PHONY above: without that, make would find the bench/ folder "up to date".)
bench: $(STAMP)  ## benchmarks: backprop vs numpy and PyTorch, memory, widgets, the book
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(BIN)/python -m bench

clean:  ## remove the built site and caches (keeps .venv)
	rm -rf _build .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
