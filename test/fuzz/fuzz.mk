# libFuzzer harnesses (test/fuzz/run.sh); included from the Makefile.
.PHONY: fuzz fuzz-ci
FUZZ_SECONDS ?= 300
fuzz:
	test/fuzz/run.sh $(FUZZ_SECONDS)
fuzz-ci:
	test/fuzz/run.sh 15
