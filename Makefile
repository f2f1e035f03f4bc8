# gluonlab: `make reproduce` (the main job) and `make test` (the test suite) work from nothing.
# Another Python: `make test PYTHON=python3.13` (its own venv, .venv-3.13, unless VENV says otherwise).
PYTHON ?= python3
VENV   ?= $(if $(filter python3,$(PYTHON)),.venv,.venv-$(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])'))
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The sections `make reproduce` runs with the book's settings, then compares with the book.
REPRODUCE ?= 3.2 3.3 3.7 3.10 3.11 3.16

.PHONY: setup venv numpy-from-source data test test-all reproduce reproduce-all clean readme

setup: venv data

venv: $(STAMP)
$(STAMP): setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@$(MAKE) --no-print-directory numpy-from-source
	$(BIN)/pip install -q -e ".[test]"
	# d2lzh (the book's own helpers, our test oracle) declares jupyter, which drags numpy 2 in.
	$(BIN)/pip install -q --no-deps d2lzh==1.0.0
	touch $(STAMP)

# numpy 1.x (MXNet 1.9.1 does not run on numpy 2) has no wheel for Python 3.13 and later: pip compiles numpy 1.26
# from source, minutes without a word. Say so first, check what the build needs, and show that it is alive.
NUMPY_SOURCE_BUILD = $(shell $(PYTHON) -c 'import sys; print(int(sys.version_info >= (3, 13)))')
numpy-from-source:
ifeq ($(NUMPY_SOURCE_BUILD),1)
	@command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || { echo "make venv: Python 3.13+ must \
	compile numpy 1.26 from source, which needs a C compiler; none found (cc, gcc). Install one (Debian/Ubuntu: \
	apt-get install build-essential), or use Python 3.8-3.12, which get a ready-made numpy: make PYTHON=python3.12" >&2; \
	exit 1; }
	@# numpy 1.26's meson.build declares project('NumPy', 'c', 'cpp', 'cython'): its sort kernels are C++
	@command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || command -v clang++ >/dev/null 2>&1 || { \
	echo "make venv: Python 3.13+ must compile numpy 1.26 from source, which needs a C++ compiler as well as a C \
	one; none found (c++, g++, clang++). Install one (Debian/Ubuntu: apt-get install build-essential, or g++), or \
	use Python 3.8-3.12, which get a ready-made numpy: make PYTHON=python3.12" >&2; exit 1; }
	@$(PYTHON) -c 'import sysconfig, os, sys; sys.exit(not os.path.isfile(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
	  || { echo "make venv: compiling numpy needs the Python headers (Python.h) of $(PYTHON); not found. Install \
	them (Debian/Ubuntu: apt-get install python3.13-dev; pyenv and python.org builds include them)" >&2; exit 1; }
	@echo "make venv: Python 3.13+ has no numpy 1.x wheel, so pip now compiles numpy 1.26 from source:" \
	     "3-6 minutes on a quiet machine, more when it is loaded (24 minutes seen on a busy 2-core VM)." \
	     "It uses the C and C++ compilers and the Python headers (all found)."
	@start=$$(date +%s); ( while sleep 60; do echo "  ... still compiling numpy, $$(( ($$(date +%s) - start) / 60 )) min so far"; done ) & \
	  beat=$$!; $(BIN)/pip install -q "numpy>=1.26,<2"; status=$$?; kill $$beat 2>/dev/null; \
	  [ $$status = 0 ] && echo "  numpy compiled in $$(( $$(date +%s) - start )) s"; exit $$status
else
	@true
endif

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
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

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
	$(BIN)/python -c "import pathlib; t=pathlib.Path('.sections.md').read_text(); cov, table=t.split('\n\n', 1); \
	put=lambda f, x: (lambda p, s: p.write_text(s[:s.index('\n', s.index('<!-- sections:begin')) + 1] + x + \
	s[s.index('<!-- sections:end'):]))(pathlib.Path(f), pathlib.Path(f).read_text()); \
	put('README.md', cov + '\n'); put('docs/sections.md', table)"
	rm -f .sections.md
