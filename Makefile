# The two commands of README.md. Both create .venv on first use and are quick afterwards:
# the install step re-runs only when setup.cfg or pyproject.toml change.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_OUT := demo-output

.PHONY: demo test train evaluate lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

# Three fictional competitors: mirrored websites, a folder of job ads and a PDF (see examples/README.md).
demo: $(VENV)/.installed
	$(BIN)/orientation compare \
		"Thermaplan Nordheide=examples/sites/thermaplan-nordheide.example" \
		"Thermaplan Nordheide=examples/jobs/thermaplan-nordheide" \
		"Brakenhoff & Söhne=examples/sites/brakenhoff-heizung.example" \
		"Brakenhoff & Söhne=examples/pdf/brakenhoff-leitbild.pdf" \
		"WärmeDirekt=examples/sites/waermedirekt.example" \
		--out $(DEMO_OUT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check analyzer tests benchmarks
	$(BIN)/python -m analyzer.corpus check
	$(BIN)/python -m pytest

train: $(VENV)/.installed
	$(BIN)/orientation train

evaluate: $(VENV)/.installed
	$(BIN)/orientation evaluate

clean:
	rm -rf $(VENV) $(DEMO_OUT) build dist *.egg-info
