# portfolio: PGXS build plus the project's own targets.
#
#   make              build the extension (needs pg_config and the server headers)
#   make install      install it into the PostgreSQL that pg_config points at
#   make demo         install what is missing, build, load CDNOW, print a report
#   make test         install what is missing, build, run every test suite
#   make bench        install what is missing, build, run the benchmark
#   make bench-scaling  the core queries at 1m, 10m and 100m rows, side by side
#   make unittest     build and run the pure C unit tests (no server needed)
#   make fuzz         build, install, then 25 minutes of random SQL (sqlsmith)
#                     against the extension, with random seeds

EXTENSION = portfolio
MODULE_big = portfolio
# Every released install and upgrade script; the current version's install
# script is built from the first one and the upgrade chain, so each object is
# defined once.
DATA = portfolio--0.1.0.sql portfolio--0.1.0--0.2.0.sql portfolio--0.2.0--0.3.0.sql \
       portfolio--0.3.0--0.4.0.sql portfolio--0.4.0--0.5.0.sql portfolio--0.5.0--0.6.0.sql
DATA_built = portfolio--0.6.0.sql
PGFILEDESC = "portfolio - customer-portfolio analytics"

# The pure C cores (no postgres.h) are period.c, fixed_decimal.c and every
# *_core.c; the unit tests link them alone. Everything in src/ goes into the
# module.
CORE_OBJS = src/period.o src/fixed_decimal.o $(patsubst %.c,%.o,$(wildcard src/*_core.c))
OBJS = $(patsubst %.c,%.o,$(wildcard src/*.c))

REGRESS = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=. --outputdir=. --load-extension=portfolio

PG_CFLAGS = -Wall -Wextra
EXTRA_CLEAN = results regression.diffs regression.out test/unit/run_unit_tests

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

portfolio--0.6.0.sql: portfolio--0.1.0.sql portfolio--0.1.0--0.2.0.sql portfolio--0.2.0--0.3.0.sql \
                      portfolio--0.3.0--0.4.0.sql portfolio--0.4.0--0.5.0.sql portfolio--0.5.0--0.6.0.sql
	cat $^ > $@

# PGXS tracks no header dependencies: rebuild everything when a header changes.
$(OBJS): $(wildcard src/*.h)

.PHONY: demo test bench bench-scaling unittest fuzz

demo:
	@scripts/demo.sh

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

bench-scaling:
	@scripts/bench.sh scaling

# The long sqlsmith run; scripts/sqlsmith.sh --help lists its options.
fuzz:
	@scripts/sqlsmith.sh --build --seconds 1500 --queries 1000000 --random-seeds 4

UNIT_SRCS = $(wildcard test/unit/*.c)
CORE_SRCS = $(CORE_OBJS:.o=.c)

test/unit/run_unit_tests: $(UNIT_SRCS) $(CORE_SRCS) $(wildcard src/*.h)
	$(CC) -std=c99 -O1 -g -Wall -Wextra -Isrc -o $@ $(UNIT_SRCS) $(CORE_SRCS) -lm

unittest: test/unit/run_unit_tests
	test/unit/run_unit_tests
