# portfolio: PGXS build plus the project's own targets.
#
#   make              build the extension (needs pg_config and the server headers)
#   make install      install it into the PostgreSQL that pg_config points at
#   make demo         install what is missing, build, load CDNOW, print a report
#   make test         install what is missing, build, run every test suite
#   make report       the same for the HTML report with charts: writes
#                     portfolio-report.html (REPORT=path elsewhere; doc/report.md)
#   make psql         psql on a throwaway cluster with portfolio and CDNOW loaded
#                     (ARGS='-c "select 1"' passes arguments to psql; PGVERSION=18)
#   make bench        install what is missing, build, run the benchmark
#   make bench-scaling  the core queries at 1m, 10m and 100m rows, side by side
#   make unittest     build and run the pure C unit tests (no server needed)
#   make hardening    the sanitizer run, the unit tests under valgrind and 15 s
#                     of each libFuzzer harness (scripts/hardening.sh; CI runs it
#                     after make test)
#   make sanitize     every suite against an AddressSanitizer + UBSan build
#   make unittest-sanitize / unittest-valgrind   the unit tests under ASan+UBSan / valgrind
#   make fuzz         build, install, then 25 minutes of random SQL (sqlsmith)
#                     with random seeds and 2 minutes of each libFuzzer harness
#   make dist         the release (PGXN) archive portfolio-VERSION.zip of HEAD
#   make package-test build the Debian package from a clone of HEAD, install
#                     it and test it (scripts/package-test.sh; CI runs it)

EXTENSION = portfolio
MODULE_big = portfolio
PGFILEDESC = "portfolio - customer-portfolio analytics"

# The directory of this Makefile: "." in the source tree, the source tree in
# an out-of-tree (VPATH) build such as pg_buildext's `make -f ../Makefile`.
# Every file of the source is found through it, never through the current
# directory, which is then the build directory.
root := $(patsubst %/,%,$(dir $(firstword $(MAKEFILE_LIST))))

EXTVERSION := $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(root)/portfolio.control)

# The install script of the current version is assembled from one file per
# capability under src/sql/, each holding the current definition of its
# objects, in this (dependency) order. Every upgrade script is written by
# hand; 0.1.0's install script is kept as the start of the upgrade chain
# that test/upgrade.sh walks.
SQL_SOURCES = summary rfm retention kpis lifecycle models models_discrete models_mbgnbd models_pareto_nbd tracking diagnostics \
              concentration scoring strategy kmeans bi affinity followups
DATA = portfolio--0.1.0.sql $(notdir $(wildcard $(root)/portfolio--*--*.sql))
DATA_built = portfolio--$(EXTVERSION).sql

# The pure C files (no postgres.h) are period.c, fixed_decimal.c, every
# *_core.c and every *_codec.c (the text and binary forms of the base
# types); the unit tests link them alone. Everything in src/ goes into the
# module.
SRCS = $(notdir $(wildcard $(root)/src/*.c))
OBJS = $(addprefix src/,$(SRCS:.c=.o))
CORE_SRCS = $(addprefix $(root)/src/,period.c fixed_decimal.c \
              $(notdir $(wildcard $(root)/src/*_core.c $(root)/src/*_codec.c)))

REGRESS = $(sort $(basename $(notdir $(wildcard $(root)/sql/*.sql))))
# The release archive (make dist) leaves out the CDNOW data, which have no
# stated licence (doc/developing.md, "Releases and packages"). Without them the tests
# that load them (\i or \copy from data/cdnow/) are left out, so that
# installcheck passes with fewer tests instead of failing; the Debian package
# and CI build from git and run all.
ifeq ($(wildcard $(root)/data/cdnow/CDNOW_master.txt),)
CDNOW_TESTS := $(basename $(notdir $(shell grep -lE '^.(i|copy) .*data/cdnow/' $(root)/sql/*.sql)))
REGRESS := $(filter-out $(CDNOW_TESTS),$(REGRESS))
ifneq ($(filter installcheck,$(MAKECMDGOALS)),)
$(info data/cdnow/ is absent (not in release archives): leaving out the tests that load it: $(CDNOW_TESTS))
endif
endif
REGRESS_OPTS = --load-extension=portfolio

PG_CFLAGS = -Wall -Wextra
EXTRA_CLEAN = results regression.diffs regression.out test/unit/run_unit_tests \
              test/unit/run_unit_tests_sanitize test/fuzz/build

PG_CONFIG ?= pg_config
.DEFAULT_GOAL := all
# The PGXS include is optional so that `make demo` and `make test` can run on a
# machine that does not have the server headers yet: they install them first.
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifeq ($(PGXS),)
all:
	@echo "pg_config or the server headers are missing: run 'make demo' or 'make test'," >&2
	@echo "which install them, or install postgresql-server-dev-15." >&2
	@exit 1
else
# The server headers are a system include: their own unused parameters must
# not drown out warnings about our code under -Wextra.
PG_CPPFLAGS = -isystem $(shell $(PG_CONFIG) --includedir-server)
include $(PGXS)
endif

portfolio--$(EXTVERSION).sql: $(addprefix $(root)/src/sql/,$(addsuffix .sql,$(SQL_SOURCES)))
	{ printf '%s\n' '/* portfolio--$(EXTVERSION).sql, assembled from src/sql/ by the Makefile: edit those files */' '' \
	    '\echo Use "CREATE EXTENSION portfolio" to load this file. \quit'; \
	  for f in $^; do echo; cat "$$f"; done; } > $@

# PGXS tracks no header dependencies: rebuild everything when a header changes.
$(OBJS): $(wildcard $(root)/src/*.h)

ifneq ($(root),.)
# Out of tree, the objects go to ./src, and the regression tests, which read
# their fixtures and data by paths relative to the current directory, find
# them through links to the source tree.
$(shell mkdir -p src)
installcheck: vpath-links
.PHONY: vpath-links
vpath-links:
	ln -sfn $(abspath $(root))/data data
	ln -sfn $(abspath $(root))/test test
endif

.PHONY: demo report psql test bench bench-scaling unittest fuzz fuzz-sql hardening sanitize \
        unittest-sanitize unittest-valgrind dist package-test

demo:
	@scripts/demo.sh

REPORT ?= portfolio-report.html
report:
	@scripts/html-report.sh "$(abspath $(REPORT))"

# psql keeps the terminal: make passes its stdin on to the recipe.
psql:
	@scripts/psql.sh $(ARGS)

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

bench-scaling:
	@scripts/bench.sh scaling

# The long runs: sqlsmith (scripts/sqlsmith.sh --help lists its options),
# then the libFuzzer harnesses (FUZZ_SECONDS each, test/fuzz/fuzz.mk).
fuzz: fuzz-sql fuzz-c

fuzz-sql:
	@scripts/sqlsmith.sh --build --seconds 1500 --queries 1000000 --random-seeds 4

hardening:
	@scripts/hardening.sh

# The release archive, as pgvector makes it: git archive of HEAD (so
# uncommitted changes are not in it), without what .gitattributes marks
# export-ignore. DISTFILE=path writes it elsewhere (test/release.sh).
DISTFILE = portfolio-$(EXTVERSION).zip
dist:
	@git -C $(root) diff --quiet HEAD || \
	    echo "make dist: uncommitted changes are not in $(DISTFILE), which archives HEAD" >&2
	git -C $(root) archive --format=zip --prefix=portfolio-$(EXTVERSION)/ -o $(abspath $(DISTFILE)) HEAD

package-test:
	@scripts/package-test.sh

# Every suite but sharded.sh against an ASan+UBSan build in its own cluster.
sanitize:
	@scripts/sanitize.sh

UNIT_SRCS = $(wildcard test/unit/*.c)

# The codecs write doubles with PostgreSQL's own shortest-form writer (Ryu,
# src/common/d2s.c), which the server exports and libpgcommon holds for
# programs outside it: the unit tests link it, and libpgport, which it needs.
PG_LIBDIRS = $(shell $(PG_CONFIG) --libdir) $(shell $(PG_CONFIG) --pkglibdir)
PGCOMMON_LIBS = $(firstword $(wildcard $(addsuffix /libpgcommon.a,$(PG_LIBDIRS)))) \
                $(firstword $(wildcard $(addsuffix /libpgport.a,$(PG_LIBDIRS))))

test/unit/run_unit_tests: $(UNIT_SRCS) $(CORE_SRCS) $(wildcard src/*.h test/unit/*.h test/unit/reference/*.h)
	$(CC) -std=c99 -O1 -g -Wall -Wextra -Isrc -o $@ $(UNIT_SRCS) $(CORE_SRCS) $(PGCOMMON_LIBS) -lm

unittest: test/unit/run_unit_tests
	test/unit/run_unit_tests

SANITIZE = -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all \
           -fno-omit-frame-pointer

test/unit/run_unit_tests_sanitize: $(UNIT_SRCS) $(CORE_SRCS) $(wildcard src/*.h test/unit/*.h test/unit/reference/*.h)
	$(CC) -std=c99 -O1 -g -Wall -Wextra $(SANITIZE) -Isrc -o $@ $(UNIT_SRCS) $(CORE_SRCS) \
	    $(PGCOMMON_LIBS) -lm

unittest-sanitize: test/unit/run_unit_tests_sanitize
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    test/unit/run_unit_tests_sanitize

# The 1,000,000-customer fit takes about 70 s under valgrind, beyond its 30 s
# bound; 100,000 customers keep the test meaningful (it still converges).
unittest-valgrind: test/unit/run_unit_tests
	PORTFOLIO_UNIT_FIT_CUSTOMERS=100000 valgrind -q --error-exitcode=1 \
	    --leak-check=full --errors-for-leak-kinds=definite test/unit/run_unit_tests

include $(root)/test/fuzz/fuzz.mk
