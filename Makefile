# One entry point for readers, instructors and CI. Everything runs inside a virtual
# environment in .venv that the first target creates from requirements.txt.
# Only Python 3.11+ and make are needed: `make book`, then `make test`.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BOOK_FLAGS := -W -n --keep-going
# `make book` builds into $(BOOK_OUT)/_build/html
BOOK_OUT ?= .

.DEFAULT_GOAL := help
.PHONY: help install book student test lint format lab bench pdf clean test-latest

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

# postBuild (also run by Binder's repo2docker) gives JupyterLab the book's settings.
$(STAMP): requirements.txt pyproject.toml postBuild lab-settings/backprop-companion.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip check
	$(BIN)/python postBuild
	@touch $@

install: $(STAMP)  ## create .venv and install requirements.txt (done by every target)

# Jupyter's cache and Sphinx's environment key on a notebook's own text, not on the lib it
# imports: when lib changes, both are dropped, so the pages show what lib computes now.
LIB_SOURCES := $(shell find lib -name '*.py' -o -name '*.js')
LIB_STAMP := $(BOOK_OUT)/_build/.lib-stamp
$(LIB_STAMP): $(LIB_SOURCES)
	rm -rf $(foreach b,$(BOOK_OUT)/_build $(BOOK_OUT)/_build/student/_build,$(b)/.jupyter_cache $(b)/.doctrees)
	@mkdir -p $(@D) && touch $@

book: $(STAMP) $(LIB_STAMP)  ## build the website into _build/html (warnings are errors)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS) --path-output $(BOOK_OUT)

# The student edition: .ci/student_edition.py copies the book into $(STUDENT) without the
# notebook cells tagged `solution`, and the copy is built as `book` builds the book.
STUDENT = $(BOOK_OUT)/_build/student

student: $(STAMP) $(LIB_STAMP)  ## build the student edition (no solutions) into _build/student/_build/html
	$(BIN)/python .ci/student_edition.py $(STUDENT)
	$(BIN)/jupyter-book build $(STUDENT) $(BOOK_FLAGS)

lint: $(STAMP)  ## ruff over code and notebooks; lib's import layers; the GitHub configs' schemas
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema custom.github-workflows-require-timeout .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml

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

# The book as one PDF, printed from the built site by Debian's Chromium (no download): it
# needs what the browser tests need (README.md) and says what is missing.
pdf: book  ## the whole book as one PDF: _build/pdf/book.pdf (needs Chromium and npm)
	$(BIN)/python -m pip install --quiet -r tests/browser/requirements.txt
	@[ -d tests/browser/node_modules ] || ! command -v npm >/dev/null \
	  || npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund
	$(BIN)/python tests/browser/book_pdf.py --html $(BOOK_OUT)/_build/html \
	  --out $(BOOK_OUT)/_build/pdf/book.pdf

clean:  ## remove the built site and caches (keeps .venv)
	rm -rf _build .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

# The upstream watch (run weekly by .github/workflows/upstream.yml): every pin widened to the
# newest release of its major version by .ci/latest.py, installed into a fresh $(LATEST),
# the differences from the pins printed, then the whole `make test` with that environment.
# The book is built into $(LATEST)/_build, so _build/ and .venv stay as they are.
LATEST := .venv-latest
PINS   := requirements.txt tests/browser/requirements.txt

test-latest:  ## make test with the newest releases within the pins' major versions (.venv-latest)
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(PYTHON) .ci/latest.py requirements $(PINS) > $(LATEST)/requirements-latest.txt
	$(LATEST)/bin/python -m pip install --quiet -r $(LATEST)/requirements-latest.txt
	$(LATEST)/bin/python -m pip check
	$(LATEST)/bin/python postBuild
	@touch $(LATEST)/.installed
	$(LATEST)/bin/python .ci/latest.py report $(PINS)
	BOOK_HTML=$(CURDIR)/$(LATEST)/_build/html $(MAKE) test VENV=$(LATEST) BOOK_OUT=$(LATEST)
	@$(LATEST)/bin/python .ci/latest.py report $(PINS)
