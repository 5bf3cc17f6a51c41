# Thin wrappers over dev.py, which creates .venv on first use.
PY ?= python3

.PHONY: run test check bench
run:
	$(PY) dev.py run
test:
	$(PY) dev.py test
check:
	$(PY) dev.py check
bench:
	$(PY) dev.py bench
