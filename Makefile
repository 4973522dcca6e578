# The same commands locally and in CI. Every target sets up .venv from the pinned
# requirements first, so a fresh clone needs only Python >= 3.11 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
TIFA   := PYTHONPATH=scripts NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true $(BIN)/python -m tifa
HOST   ?= 127.0.0.1:8000

.PHONY: serve test check site bench clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Tifa needs Python >= 3.11, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

## serve: check the annotations, then serve the site with live reload at http://$(HOST)
serve: $(STAMP)
	-@$(TIFA) check
	TIFA_SITE_URL=http://$(HOST)/ NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true $(BIN)/mkdocs serve --livereload --dirty --dev-addr $(HOST)

## test: the whole test suite (browser tests need Debian's chromium; .ci/run installs it)
test: $(STAMP)
	$(BIN)/python -m pytest

## check: validate every annotation file; problems as path:line:col: CODE message
check: $(STAMP)
	@$(TIFA) check
	@$(TIFA) urls --check

## site: build the site into site/ (built elsewhere, then swapped in: a failure keeps the old one)
site: $(STAMP)
	$(TIFA) site

## bench: scale figures on a synthetic corpus
bench: $(STAMP)
	$(TIFA) bench

clean:
	rm -rf site .cache
