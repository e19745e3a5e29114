#!/usr/bin/env bash
# `make bench`: install what is missing, build and install, then in one
# throwaway PostgreSQL 15 cluster tuned for the benchmark:
#   1. check on a small synthetic log (100k rows) that the plain-SQL queries
#      compute exactly what portfolio.summarize / rfm_cuts / rfm_score do;
#   2. generate the benchmark log (fixed seed) and time, serial and with two
#      parallel workers, portfolio.summarize against the same summary in plain
#      SQL and against a bare GROUP BY count(*), then RFM cuts and scores;
#   3. print one table and save everything to bench/results/<scale>-<time>.txt;
#   4. time the tracking triggers on a 1-million-row bulk insert (bench/tracking.sql);
#   5. time the model fits on a million simulated customers (bench/models.sql),
#      then the predictions, CLV, DERT, the diagnostics and the forecast on a
#      million more, against plain SQL and, where ../shared/vendor/lifetimes
#      is present, against lifetimes 0.11.3 in the same run (bench/clv.sql);
#   6. time Gini, ABC classes and k-means against plain SQL (bench/strategy.sql);
#   7. time the other KPIs and scores against plain SQL (bench/kpis.sql),
#      and the association rules of Groceries and Online Retail, and
#      Online Retail's cross-sell suggestions (bench/affinity.sql);
#   8. measure memory at the extremes: one customer with 10 million
#      transactions, 10 million customers under work_mem 4MB (bench/memory.sql);
#   9. print one table of every capability (bench/table.sql).
# `make bench-scaling` (scripts/bench.sh scaling) runs, instead, the summary,
# cohort and RFM queries serial at each of SCALES and prints time per row and
# peak memory side by side (bench/scaling.sql).
# See bench/README.md for what is measured and how.
#
# Environment:
#   SCALE=1m|10m|100m  rows of the benchmark log (default 10m); customers = rows / 10
#   REPS=3             timed runs per query and mode (the median is reported)
#   SEED=0.42          setseed() value
#   WORK_MEM=256MB     work_mem of the cluster (PostgreSQL's default is 4MB)
#   MEMORY_ROWS=10000000  transactions of the one customer, and customers, of
#                      the memory step
#   CLV_CUSTOMERS=1000000  customers of the lifetime-value step
#   LIFETIMES_VENDOR=../shared/vendor/lifetimes  lifetimes.tar.gz and
#                      autograd.tar.gz for the side-by-side comparison (skipped,
#                      and the run says so, when they are not there)
#   SCALES="1m 10m 100m"  the scales of `make bench-scaling`
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

SCALE=${SCALE:-10m}
REPS=${REPS:-3}
SEED=${SEED:-0.42}
WORK_MEM=${WORK_MEM:-256MB}
MEMORY_ROWS=${MEMORY_ROWS:-10000000}
CLV_CUSTOMERS=${CLV_CUSTOMERS:-1000000}
LIFETIMES_VENDOR=${LIFETIMES_VENDOR:-../shared/vendor/lifetimes}
SCALES=${SCALES:-1m 10m 100m}

rows_of() {  # SCALE -> rows of the benchmark log
    case $1 in
        1m) echo 1000000 ;;
        10m) echo 10000000 ;;
        100m) echo 100000000 ;;
        *) echo "SCALE must be 1m, 10m or 100m, not '$1'" >&2; return 2 ;;
    esac
}
rows=$(rows_of "$SCALE")
for s in $SCALES; do rows_of "$s" >/dev/null; done
customers=$((rows / 10))
check_rows=100000

# Server settings, fixed when the cluster is created (shared_buffers needs a
# restart, so ALTER SYSTEM would not do). The machine this was written for has
# 2 cores and 24 GB: everything fits in memory, nothing should touch the disk
# but deliberate spills.
settings=(
    shared_buffers=2GB
    work_mem=$WORK_MEM
    maintenance_work_mem=1GB
    effective_cache_size=16GB
    max_parallel_workers_per_gather=2   # the default; each query sets 0 or 2 itself
    max_wal_size=8GB
    checkpoint_timeout=1h
)

# ---- outside the cluster -----------------------------------------------------
if [ "${1:-}" != --in-cluster ]; then
    mode=${1:-all}
    case $mode in all|scaling) ;; *) echo "usage: $0 [scaling]" >&2; exit 2 ;; esac
    started=$SECONDS
    build_and_install
    mkdir -p bench/results
    if [ "$mode" = scaling ]; then
        out=bench/results/scaling-$(date +%Y%m%d-%H%M%S).txt
    else
        out=bench/results/$SCALE-$(date +%Y%m%d-%H%M%S).txt
    fi
    opts=()
    for s in "${settings[@]}"; do opts+=(-o "$s"); done
    in_cluster "${opts[@]}" "$0" --in-cluster "$out" "$mode"
    echo "make bench took $((SECONDS - started)) s in all; raw numbers in $out" | tee -a "$out"
    exit
fi

# ---- inside the cluster ------------------------------------------------------
out=$2
mode=$3
# No NOTICEs such as "table does not exist, skipping" (progress comes as INFO).
export PGOPTIONS='-c client_min_messages=warning'

sql() { "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

# Run "$@", then print how long it took.
timed() {
    local what=$1 t0=$SECONDS
    shift
    "$@"
    echo "-- $what took $((SECONDS - t0)) s"
}

# Unpack lifetimes and autograd from $LIFETIMES_VENDOR into $1 (readable by
# the server, which runs the peer through COPY TO PROGRAM) with Debian's
# numpy, scipy and pandas for /usr/bin/python3; false, saying why, if not.
unpack_peers() {
    local dir=$1 missing=()
    if [ ! -f "$LIFETIMES_VENDOR/lifetimes.tar.gz" ] || [ ! -f "$LIFETIMES_VENDOR/autograd.tar.gz" ]; then
        echo "lifetimes: no $LIFETIMES_VENDOR/{lifetimes,autograd}.tar.gz, the comparison is skipped"
        return 1
    fi
    for m in numpy scipy pandas; do
        /usr/bin/python3 -c "import $m" 2>/dev/null || missing+=("python3-$m")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" -ne 0 ] ||
            ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 \
                "${missing[@]}" >/dev/null; then
            echo "lifetimes: could not install ${missing[*]}, the comparison is skipped"
            return 1
        fi
    fi
    tar -xzf "$LIFETIMES_VENDOR/lifetimes.tar.gz" -C "$dir" &&
        tar -xzf "$LIFETIMES_VENDOR/autograd.tar.gz" -C "$dir"
}

# bench/clv.sql, with lifetimes beside it when it can be unpacked; the files
# the server and Python exchange live in a directory of their own.
lifetime_value() {
    local tmp rc=0 peers=()
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/portfolio-clv.XXXXXX")
    chmod 755 "$tmp"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$tmp"
    if unpack_peers "$tmp"; then
        peers=(-v lifetimes="$tmp")
    fi
    sql -v customers="$CLV_CUSTOMERS" -v reps="$REPS" -v tmp="$tmp" -v bench="$PWD/bench" \
        "${peers[@]}" -f bench/clv.sql || rc=$?
    rm -rf "$tmp"
    return $rc
}

# Time each query serial, then with 2 workers; each call is its own session.
measure() {
    for id in "$@"; do
        for workers in 0 2; do
            sql -c "CALL bench_measure('$id', $workers, $REPS)"
        done
    done
}

run() {
    echo "portfolio benchmark: SCALE=$SCALE ($rows rows, $customers customers), REPS=$REPS, SEED=$SEED"
    echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)'), $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "$(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GB RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"

    sql -c 'CREATE EXTENSION portfolio' -f bench/common.sql -f bench/queries.sql -f bench/harness.sql
    sql -c '\pset footer off' -c 'SELECT version()' -c "
        SELECT name, setting, unit FROM pg_settings
         WHERE name IN ('shared_buffers', 'work_mem', 'hash_mem_multiplier', 'maintenance_work_mem',
                        'effective_cache_size', 'max_parallel_workers_per_gather', 'max_parallel_workers',
                        'max_worker_processes', 'parallel_leader_participation', 'jit',
                        'max_wal_size', 'random_page_cost')
         ORDER BY name" -c 'SELECT pg_jit_available() AS jit_available'

    # 1. Correctness, on a small log of its own (same generator, schema bench_check).
    echo
    echo "== check: $check_rows rows, $((check_rows / 10)) customers"
    timed "check" sql -v rows=$check_rows -v customers=$((check_rows / 10)) -v seed="$SEED" \
        -c 'CREATE SCHEMA bench_check' -c 'SET search_path = bench_check, public' \
        -f bench/generate.sql -f bench/rfm_setup.sql -f bench/check.sql

    # 2. The benchmark log.
    echo
    echo "== generate: $rows rows, $customers customers"
    timed "generate (INSERT, VACUUM FREEZE ANALYZE)" \
        sql -v rows=$rows -v customers=$customers -v seed="$SEED" -f bench/generate.sql
    timed "profile" sql -f bench/profile.sql

    # 3. Timings.
    echo
    echo "== timings: ms of each timed run (each query first runs once, untimed, under EXPLAIN ANALYZE)"
    timed "summary timings" measure summarize_day summarize_month summarize_float8 plain_summary bare_count
    timed "RFM setup (bench_summary, cuts)" sql -f bench/rfm_setup.sql
    timed "RFM timings" measure rfm_cuts rfm_cuts_columns plain_cuts rfm_score plain_score
    timed "cohort timings" measure cohort_retention plain_cohorts

    # 4. The table.
    sql -v rows=$rows -f bench/report.sql

    # 5. The tracking triggers: 1M-row bulk insert and single-row inserts,
    #    tracked against untracked (its own tables and table).
    echo
    echo "== tracking triggers: the same inserts into a tracked and an untracked orders table"
    timed "tracking" sql -v seed="$SEED" -f bench/tracking.sql

    # 6. The lifetime-value models: fits and predictions on 1M simulated customers.
    echo
    echo "== lifetime-value models: 1,000,000 simulated customers (no plain-SQL equivalent: time and throughput)"
    timed "models" sql -v reps="$REPS" -f bench/models.sql
    echo
    echo "== lifetime value at scale: $CLV_CUSTOMERS simulated customers, against plain SQL and lifetimes"
    timed "clv" lifetime_value

    # 7. Concentration and segments: Gini and ABC classes over a million
    #    customers, k-means over a million 4-d points, against plain SQL.
    echo
    echo "== strategy: Gini, ABC classes and k-means against their plain-SQL equivalents"
    timed "strategy" sql -v reps="$REPS" -f bench/strategy.sql

    # 8. The other KPIs and scores: retention by period, NPS and CSAT,
    #    lifecycle and alerts, HHI, top share, Lorenz, scaling, KAM.
    echo
    echo "== KPIs and scores against their plain-SQL equivalents"
    timed "kpis" sql -v reps="$REPS" -f bench/kpis.sql

    # 8b. Product affinity: the association rules of Groceries and Online
    #     Retail and Online Retail's cross-sell, each also on a 10x
    #     enlargement, against plain-SQL self-joins.
    echo
    echo "== affinity: rules of Groceries and Online Retail, cross-sell (and x 10) against plain-SQL self-joins"
    timed "affinity" sql -v reps="$REPS" -f bench/affinity.sql

    # 9. Memory at the extremes.
    echo
    echo "== memory: one customer with $MEMORY_ROWS transactions, $MEMORY_ROWS customers under work_mem 4MB"
    timed "memory" sql -v one_rows="$MEMORY_ROWS" -v groups="$MEMORY_ROWS" -f bench/memory.sql

    # 10. The table of every capability.
    sql -f bench/table.sql
    local mismatches
    mismatches=$(sql -Atc 'SELECT count(*) FROM bench_check.check_diff WHERE differs')
    if [ "$mismatches" -ne 0 ]; then
        echo
        echo "WARNING: the check found $mismatches differing values between the plain SQL and the extension (see above)"
    fi
}

# Raw numbers and full plans: to the results file only.
raw() {
    echo
    echo "== raw timings (ms)"
    sql -c '\pset footer off' -c "
        SELECT id, workers, rep, round(ms::numeric, 1) AS ms, groups
          FROM bench_timing JOIN bench_query USING (id) ORDER BY ord, workers, rep"
    echo "== plans of the warm-up runs"
    sql -At -c "
        SELECT format(E'-- %s, max_parallel_workers_per_gather = %s\n%s', id, workers, plan)
          FROM bench_plan JOIN bench_query USING (id) ORDER BY ord, workers"
}

# The scaling series: the same log at each scale, the core queries serial,
# one timed run each (no warm-up: at 100m each run takes minutes).
run_scaling() {
    echo "portfolio scaling series: SCALES=$SCALES, SEED=$SEED"
    echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)'), $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    sql -c 'CREATE EXTENSION portfolio' -f bench/common.sql -f bench/queries.sql -f bench/harness.sql \
        -c 'CREATE TABLE bench_scaling (scale text, rows bigint, customers bigint, id text, ord int,
                                        input_rows bigint, ms float8, peak_kb bigint)'
    local scale n
    for scale in $SCALES; do
        n=$(rows_of "$scale")
        echo
        echo "== $scale: $n rows, $((n / 10)) customers"
        timed "generate" sql -v rows="$n" -v customers=$((n / 10)) -v seed="$SEED" -f bench/generate.sql
        timed "RFM setup" sql -f bench/rfm_setup.sql
        for id in summarize_day bare_count cohort_retention rfm_cuts rfm_score; do
            sql -c "CALL bench_measure('$id', 0, 1, false)"
        done
        sql -c "
            INSERT INTO bench_scaling
            SELECT '$scale', $n, (SELECT count(*) FROM bench_summary), t.id, q.ord,
                   CASE q.input WHEN 'bench_tx' THEN $n ELSE (SELECT count(*) FROM bench_summary) END,
                   t.ms, t.peak_kb
              FROM bench_timing t JOIN bench_query q USING (id)" \
            -c 'TRUNCATE bench_timing, bench_plan'
    done
    sql -f bench/scaling.sql
}

if [ "$mode" = scaling ]; then
    run_scaling 2>&1 | tee -a "$out"
else
    run 2>&1 | tee -a "$out"
    raw >> "$out" 2>&1
fi
