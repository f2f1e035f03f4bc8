# gluonlab: `make reproduce` (the main job) and `make test` (the test suite) work from nothing.
# Another Python: `make test PYTHON=python3.13` (its own venv, .venv-3.13, unless VENV says otherwise).
PYTHON ?= python3
VENV   ?= $(if $(filter python3,$(PYTHON)),.venv,.venv-$(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])'))
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The sections `make reproduce` runs with the book's settings, then compares with the book.
REPRODUCE ?= 3.2 3.3 3.7 3.10 3.11 3.16

.PHONY: setup venv data test test-all reproduce reproduce-all clean readme

setup: venv data

venv: $(STAMP)
$(STAMP): setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	# d2lzh (the book's own helpers, our test oracle) declares jupyter, which drags numpy 2 in.
	$(BIN)/pip install -q --no-deps d2lzh==1.0.0
	touch $(STAMP)

# Datasets: $GLUONLAB_DATA, data/, system places; else the Debian package (root) or checked downloads.
data: venv
	@$(BIN)/gluonlab data check >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	     && [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then \
	    echo "make data: installing the Debian package dataset-fashion-mnist (Fashion-MNIST, about 30 MB, into" \
	         "/usr/share/datasets/fashion-mnist) with apt-get, as root; other files are downloaded into data/"; \
	    apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist || true; fi; \
	  $(BIN)/gluonlab data fetch; }
	@$(BIN)/gluonlab data check

test: setup
	$(BIN)/python -m pytest -q

test-all: setup
	$(BIN)/python -m pytest -q --runslow

# Each section once (seed 0) with the book's settings, its printed lines echoed, then the table beside the book.
reproduce: setup
	$(BIN)/gluonlab compare --verbose --seeds 1 --out runs/reproduce $(REPRODUCE)

# Every implemented section of the book once with the book's settings: verdicts, then each section's wall time and
# the total (the whole-book time docs/benchmarks.md keeps).
reproduce-all: setup
	$(BIN)/gluonlab compare --all --verbose --out runs/reproduce-all

clean:
	rm -rf $(VENV) runs .pytest_cache *.egg-info

# Refresh the README's section table from `gluonlab list --markdown`.
readme: venv
	$(BIN)/gluonlab list --markdown > .sections.md
	$(BIN)/python -c "import re,pathlib; p=pathlib.Path('README.md'); t=pathlib.Path('.sections.md').read_text(); \
	s=p.read_text(); a=s.index('<!-- sections:begin'); a=s.index('\n',a)+1; b=s.index('<!-- sections:end'); \
	p.write_text(s[:a]+t+s[b:])"
	rm -f .sections.md
