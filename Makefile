# The same commands locally and in CI. Every target sets up .venv from the pinned
# requirements first, so a fresh clone needs only Python >= 3.11 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
TIFA   := PYTHONPATH=scripts NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true $(BIN)/python -m tifa
HOST   ?= 127.0.0.1:8000

.PHONY: serve test check site size bench clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Tifa needs Python >= 3.11, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

## serve: check the annotations, then serve the site with live reload at http://$(HOST)
serve: $(STAMP)
	-@$(TIFA) check
	TIFA_SITE_URL=http://$(HOST)/ NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true $(BIN)/mkdocs serve --livereload --dirty --dev-addr $(HOST)

JS_STAMP := tests/js/node_modules/.installed-$(shell cksum tests/js/package-lock.json | cut -d' ' -f1)

# citeproc-js (Zotero's CSL processor) for tests/test_citeproc_js.py, from the lock file
$(JS_STAMP): tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund
	rm -f tests/js/node_modules/.installed-* && touch $@

## test: the whole test suite (browser tests need Debian's chromium and Node; .ci/run installs them)
test: $(STAMP) $(JS_STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests
	$(BIN)/python -m pytest

## check: validate every annotation file; problems as path:line:col: CODE message
check: $(STAMP)
	@$(TIFA) check
	@$(TIFA) urls --check

## site: build the site into site/ (built elsewhere, then swapped in: a failure keeps the old one)
site: $(STAMP)
	$(TIFA) site

## size: the built site's size and file count; fails if its host (HOST_LIMITS) would refuse it
HOST_LIMITS ?= github-pages
size: $(STAMP)
	@$(TIFA) size site --host $(HOST_LIMITS)

## bench: scale figures on a synthetic corpus
bench: $(STAMP)
	$(TIFA) bench

clean:
	rm -rf site .cache
