# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make demo   installs summitcast into .venv and runs it on the shipped forecasts/ (list, show, the
#               weekly report of 2025-W44, the week of Trump's visit to South Korea)
#   make test   installs the test extras into .venv and runs the whole suite (what CI runs)
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# compileall: the package is installed editable, so its bytecode is cached here once (the command line starts
# faster, also where PYTHONDONTWRITEBYTECODE is set).
install: $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	$(BIN)/python -m compileall -q src

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	$(BIN)/python -m compileall -q src

demo: install
	$(BIN)/summitcast --dir forecasts list
	$(BIN)/summitcast --dir forecasts show trump-kim-2026
	$(BIN)/summitcast --dir forecasts report --week 2025-W44 --out reports/2025-W44.pdf

test: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info
