# Two commands for a newcomer: `make run` and `make test` (README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_SUBJECTS ?= 20000

.PHONY: run run-prod test test-faults test-two-nodes test-load test-fuzz install lint typecheck bench-import clean-instance

$(BIN)/xinyong: pyproject.toml
	PYTHON=$(PYTHON) scripts/bootstrap-venv.sh $(VENV)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/xinyong

# `maintain` runs beside the web server: new imports are searchable within a minute, records
# leave the index when their period ends, and the open-data files follow the data.
run: install
	scripts/system-packages.sh fonts-wqy-microhei || echo "没有安装中文字体：信用报告 PDF 暂不可用" >&2
	$(BIN)/xinyong db upgrade
	$(BIN)/xinyong demo --subjects $(DEMO_SUBJECTS) --seed 1 --if-empty
	$(BIN)/xinyong index rebuild --if-missing
	$(BIN)/xinyong opendata build --if-changed
	$(BIN)/xinyong maintain --every 30 & updater=$$!; \
	  trap 'kill $$updater 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/xinyong run --host 127.0.0.1 --port $(PORT) --no-reload

# Production mode on one machine: PostgreSQL, Redis, gunicorn workers, one indexer
# (docs/operations.md).
run-prod: install
	scripts/run-prod.sh

# Starts (installing if needed) a local PostgreSQL for the tests, then runs the whole suite
# against SQLite and PostgreSQL.
test: install lint
	scripts/test-services.sh
	. ./.test-services.env && $(BIN)/pytest -q

# Only the fault tests (kill -9 of importer and indexer, PostgreSQL and Redis stopped, a full
# index disk, a web node killed under load); they also run inside `make test`, the two-node
# test there in its short form.
test-faults: install
	scripts/test-services.sh
	. ./.test-services.env && XINYONG_TWO_NODES_LONG=1 $(BIN)/pytest -q tests/faults

# Two gunicorn nodes (own index replicas; shared PostgreSQL and Redis) behind HAProxy, a node
# killed under load, then restarted and the other killed; prints the figures that
# docs/operations.md quotes ("Two web nodes behind HAProxy").
test-two-nodes: install
	scripts/test-services.sh
	. ./.test-services.env && XINYONG_TWO_NODES_LONG=1 $(BIN)/pytest -q -s tests/faults/test_two_nodes.py

# The long load test (bench/load/load_bench.py; figures in bench/RESULTS.md): wrk against gunicorn
# on the 1,000,000-subject benchmark dataset, on SQLite and on PostgreSQL. The dataset and index
# are built on first use (about 30 minutes; bench/search_bench.py), the PostgreSQL copy likewise.
# The short version runs inside `make test` (tests/load).
LOAD_SUBJECTS ?= 1000000
test-load: install
	scripts/test-services.sh
	test -f bench/data/$(LOAD_SUBJECTS)/queries.json || $(BIN)/python bench/search_bench.py --subjects $(LOAD_SUBJECTS)
	$(BIN)/python bench/load/load_bench.py --subjects $(LOAD_SUBJECTS)
	$(BIN)/python bench/load/load_bench.py --subjects $(LOAD_SUBJECTS) --database postgresql

# Coverage-guided fuzzing (atheris) of file reading, identifiers, the query parser, uploads and
# ID masking, FUZZ_SECONDS per target (the short version runs inside `make test`, tests/fuzz).
# Each target must stay under 300 MB of memory (-rss_limit_mb): no input may unfold past that.
FUZZ_SECONDS ?= 300
test-fuzz: install
	mkdir -p bench/out
	for target in readers identifiers query uploads masking; do \
	  $(BIN)/python tests/fuzz/fuzz_targets.py $$target -max_total_time=$(FUZZ_SECONDS) \
	    -rss_limit_mb=300 -timeout=10 -artifact_prefix=bench/out/fuzz-$$target- || exit 1; \
	done

# The house style: ruff's rules and its formatter (`ruff format .` rewrites; this only checks),
# then `typecheck` (about 10 s cold, under a second with mypy's cache).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) --no-print-directory typecheck

# mypy over the domain layer and the search index (settings in pyproject.toml); both are clean
# and must stay so. The web packages have a baseline count (docs/architecture.md, "House style").
typecheck: install
	$(BIN)/mypy xinyong/records xinyong/search_index

bench-import: install
	$(BIN)/python bench/import_bench.py

clean-instance:
	rm -rf instance
