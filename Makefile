# ModelPort: the two commands a fresh clone needs are `make demo` and `make test`.
# Each runs setup first (Debian packages, the Python environment), so either works on a new machine.

SWIFT ?= swift
PORT_DEBUG := .build/debug/port
PORT_RELEASE := .build/release/port
# The suites `make test` runs through the reference target (all of them: `all` is the same five).
SUITES ?= node,simple,pytorch-operator,pytorch-converted,light
# Where `make test` writes the conformance coverage page and results (not docs/, so a test run
# leaves the tree clean; `port conformance` without --coverage refreshes docs/coverage/).
CONFORMANCE_OUT ?= .build/conformance

.PHONY: all setup data build release demo test unit conformance generated bench clean help
.DEFAULT_GOAL := help

help:
	@echo "make demo   set up, build port, and run it on the bundled fixtures"
	@echo "make test   set up, fetch the ONNX test data, build, swift test, and the reference and cpu conformance runs"
	@echo "make bench  the cpu target against ONNX Runtime on 12 models (BENCHMARKS.md); flags: BENCH_ARGS=\"...\""

setup:
	@Scripts/setup

data: setup
	@Scripts/fetch-conformance-data
	@Scripts/fetch-real-models >/dev/null
	@Scripts/setup-runtimes >/dev/null

build: setup
	$(SWIFT) build --product port

# `make test` builds once, in release mode with testing enabled, for both `swift test` and the
# conformance run (two builds would not fit the time CI has on 2 cores).
RELEASE_FLAGS := -c release -Xswiftc -enable-testing

release: setup
	$(SWIFT) build $(RELEASE_FLAGS) --product port

demo: build data
	$(PORT_DEBUG) targets
	$(PORT_DEBUG) inspect Fixtures/cnn/model.onnx
	$(PORT_DEBUG) check Fixtures/cnn/model.onnx
	@mkdir -p .build/demo
	$(PORT_DEBUG) Fixtures/cnn/model.onnx --target reference --min-time 2 \
	  --json .build/demo/report.json --markdown .build/demo/report.md \
	  --junit .build/demo/report.xml --html .build/demo/report.html

# The generated files must match their generators.
generated: setup
	Scripts/generate-registries --check

unit: setup generated
	$(SWIFT) build $(RELEASE_FLAGS) --product ModelPortPackageTests
	$(SWIFT) test $(RELEASE_FLAGS) --skip-build

# One target's conformance run over $(SUITES): failing tests listed, and its coverage page
# (docs/coverage/<target>.md) checked against the run. The cpu target is every other target's
# fallback, so it runs the same suites as the reference.
define conformance_run
	@echo "$(PORT_RELEASE) conformance --target $(1) --suite $(SUITES) --quiet (log: $(CONFORMANCE_OUT)/$(1).log)"
	@$(PORT_RELEASE) conformance --target $(1) --suite $(SUITES) --quiet \
	  --coverage $(CONFORMANCE_OUT)/$(1).md --json $(CONFORMANCE_OUT)/$(1).json \
	  > $(CONFORMANCE_OUT)/$(1).log 2>&1; status=$$?; \
	  failing=$$(grep -cE '^(FAILED|UNEXPECTED-PASS) ' $(CONFORMANCE_OUT)/$(1).log); \
	  grep -E '^(FAILED|UNEXPECTED-PASS) ' $(CONFORMANCE_OUT)/$(1).log | head -n 50; \
	  if [ "$$failing" -gt 50 ]; then echo "… and $$((failing - 50)) more failing tests in the log"; fi; \
	  tail -n 2 $(CONFORMANCE_OUT)/$(1).log; \
	  if [ $$status -eq 0 ] && ! diff -q docs/coverage/$(1).md $(CONFORMANCE_OUT)/$(1).md >/dev/null; then \
	    echo "docs/coverage/$(1).md does not match this run; refresh it with:"; \
	    echo "  $(PORT_RELEASE) conformance --target $(1) --suite $(SUITES) --quiet"; \
	    diff -u docs/coverage/$(1).md $(CONFORMANCE_OUT)/$(1).md | head -n 40; status=1; fi; \
	  exit $$status
endef

conformance: data release
	@mkdir -p $(CONFORMANCE_OUT)
	$(call conformance_run,reference)
	$(call conformance_run,cpu)

test: setup data unit conformance
	@echo "make test: done"

# The CPU benchmark (BENCHMARKS.md): ONNX Runtime's environment, the three real models, port in plain
# release mode (without -enable-testing, which `make release` adds and which can cost speed), then
# the side-by-side run. Its Markdown section goes to $(BENCH_OUT)/results.md.
BENCH_ARGS ?=
BENCH_OUT ?= .build/bench-cpu

bench: data
	@Scripts/setup-runtimes >/dev/null
	@Scripts/fetch-real-models
	$(SWIFT) build -c release --product port
	@mkdir -p $(BENCH_OUT)
	Scripts/bench-cpu --out $(BENCH_OUT) --markdown $(BENCH_OUT)/results.md $(BENCH_ARGS)

clean:
	rm -rf .build
