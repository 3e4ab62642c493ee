# Two commands on a fresh machine: `make lab` opens the series, `make test` runs every test.
# Both create (or refresh) the virtual environment .venv from the pinned requirements first.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The tests' and benchmarks' own tools (Playwright, axe, Hypothesis, and the hub's), on top of the learner's set-up.
DEV_STAMP := $(VENV)/.installed-dev
# `make hub`: JupyterHub in the environment, its proxy from npm in .hub/ (a local folder, nothing global).
HUB_STAMP := $(VENV)/.installed-hub
PROXY     := .hub/node_modules/.bin/configurable-http-proxy
# Jupyter refuses to run as root unless told to.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test notebooks bench handouts worksheets present hub loadtest venv clean

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.txt requirements-hub.txt $(PROXY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(DEV_STAMP)

$(HUB_STAMP): $(STAMP) requirements-hub.txt
	$(PY) -m pip install --quiet -r requirements-hub.txt
	touch $(HUB_STAMP)

$(PROXY):
	mkdir -p .hub
	npm install --prefix .hub --no-audit --no-fund --silent configurable-http-proxy@5.3.0

lab: $(STAMP)
	JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter_config $(VENV)/bin/jupyter lab --notebook-dir=notebooks $(ROOT_FLAG)

test: $(DEV_STAMP)
	$(PY) -m pytest

notebooks: $(STAMP)
	$(PY) tools/run_notebooks.py notebooks/*.ipynb

# Presenter mode: the explorers alone, large, for a projector (Voila hides the code). Ctrl+C stops it.
present: $(STAMP)
	@echo "Presenter mode: open http://127.0.0.1:8866/ in the browser on the projector (Ctrl+C stops it)."
	cd present && JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter_config ../$(VENV)/bin/voila explorers.ipynb --no-browser --Voila.ip=127.0.0.1 --port=8866

handouts: $(STAMP)
	$(PY) tools/make_handouts.py handouts

# One printable page per notebook's lesson (A4 or Letter), from TEACHING.md's prediction points and questions.
worksheets: $(STAMP)
	$(PY) tools/make_worksheets.py worksheets

# A real JupyterHub on 127.0.0.1 serving the series to local learners (any name, the printed password).
# Ctrl+C stops the hub and every process it started. HUB_PORT=8000 by default (it and the next two ports).
hub: $(HUB_STAMP) $(PROXY)
	$(PY) tools/hub.py

# Simulated learners on that hub (127.0.0.1 only, bounded, everything ended afterwards): LEARNERS=30 by default,
# in the class pattern and the worst case; one line of figures per run.
LEARNERS ?= 30
loadtest: $(DEV_STAMP)
	$(PY) tools/loadtest.py --learners $(LEARNERS)

bench: $(DEV_STAMP)
	$(PY) tools/bench.py
	$(PY) tools/bench_browser.py

clean:
	rm -rf $(VENV)
