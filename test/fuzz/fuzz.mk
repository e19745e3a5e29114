# libFuzzer harnesses (test/fuzz/run.sh); included from the Makefile.
.PHONY: fuzz-c fuzz-c-ci
FUZZ_SECONDS ?= 120
fuzz-c:
	test/fuzz/run.sh $(FUZZ_SECONDS)
fuzz-c-ci:
	test/fuzz/run.sh 15
