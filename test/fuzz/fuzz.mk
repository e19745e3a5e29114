# libFuzzer harnesses (test/fuzz/run.sh); included from the Makefile.
.PHONY: fuzz-c fuzz-c-ci
FUZZ_SECONDS ?= 120
fuzz-c:
	test/fuzz/run.sh $(FUZZ_SECONDS)
# CI fuzzes from a fixed seed, so that a run finds what the one before it
# found (the long run above starts from a random one).
fuzz-c-ci:
	FUZZ_JOBS_ARGS=-seed=1 test/fuzz/run.sh 15
