#!/bin/bash
# Build every libFuzzer harness in test/fuzz and run each for a bounded time.
#
#   test/fuzz/run.sh [seconds-per-target] [target ...]
#
# seconds-per-target defaults to 15 (the CI run); `make fuzz` passes more.
# Targets are the fuzz_*.c names without .c; all of them by default.  The
# harnesses of the PostgreSQL glue (those that include pg_stubs.h) are
# linked with the glue files, pg_stubs.c and libpgcommon/libpgport; the
# others with the pure C files only (the cores and the codecs), and
# libpgcommon/libpgport for the codecs' float writer (Ryu).
#
# Each target runs on its own corpus (build/corpus/<target>, grown from
# seeds/<target>), one process at a time.  The script exits non-zero when a
# harness crashes or an invariant fails, after printing the reproducer; rerun
# it with: test/fuzz/build/<target> <reproducer>.
#
# Environment: CLANG (default clang-14, else clang), PG_CONFIG (default
# pg_config), FUZZ_BUILD (default test/fuzz/build), FUZZ_JOBS_ARGS (extra
# libFuzzer flags).
set -u
seconds=${1:-15}
shift $(( $# > 0 ? 1 : 0 ))

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD:-$here/build}
if [ -z "${CLANG:-}" ]; then
	if command -v clang-14 >/dev/null; then CLANG=clang-14; else CLANG=clang; fi
fi
PG_CONFIG=${PG_CONFIG:-pg_config}
pginc=$("$PG_CONFIG" --includedir-server) || { echo "run.sh: pg_config failed" >&2; exit 2; }
pglib=$("$PG_CONFIG" --libdir)
[ -e "$pglib/libpgcommon.a" ] || pglib=$("$PG_CONFIG" --pkglibdir)
mkdir -p "$build/obj" "$build/corpus" "$build/crashes"

sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all"
cflags="-g -O1 -Wall -Wextra -Werror $sanitize -ffunction-sections -fdata-sections -I$root/src -I$here"
pgflags="-isystem $pginc"

# ---- build ----
cores="$root/src/period.c $root/src/fixed_decimal.c $(ls "$root"/src/*_core.c "$root"/src/*_codec.c)"
pglibs="$pglib/libpgcommon.a $pglib/libpgport.a"
set -e
glue_objs=()
for f in "$root"/src/*.c; do
	o="$build/obj/$(basename "${f%.c}").o"
	if [ ! -e "$o" ] || [ "$f" -nt "$o" ] || [ -n "$(find "$root/src" -name '*.h' -newer "$o")" ]; then
		$CLANG $cflags -fsanitize=fuzzer-no-link $pgflags -c "$f" -o "$o"
	fi
	glue_objs+=("$o")
done
rm -f "$build/obj/portfolio.a"
ar rcs "$build/obj/portfolio.a" "${glue_objs[@]}"
$CLANG $cflags -fsanitize=fuzzer-no-link $pgflags -c "$here/pg_stubs.c" -o "$build/obj/pg_stubs.o"

if [ $# -eq 0 ]; then
	set -- $(cd "$here" && ls fuzz_*.c | sed 's/\.c$//')
fi
for t in "$@"; do
	src="$here/$t.c"
	if grep -q '"pg_stubs.h"' "$src"; then
		# --gc-sections with start-stop-gc drops the glue the harness never
		# reaches, so the rest of the backend need not be there
		$CLANG $cflags -fsanitize=fuzzer $pgflags "$src" "$build/obj/pg_stubs.o" \
			"$build/obj/portfolio.a" $pglibs \
			-Wl,--gc-sections -Wl,-z,start-stop-gc -lm -o "$build/$t"
	else
		$CLANG $cflags -fsanitize=fuzzer "$src" $cores $pglibs -lm -o "$build/$t"
	fi
done
set +e

# ---- run ----
failed=()
for t in "$@"; do
	corpus="$build/corpus/$t"
	seeds="$here/seeds/${t#fuzz_}"
	mkdir -p "$corpus"
	[ -d "$seeds" ] || seeds=""
	echo "== $t: ${seconds}s"
	log="$build/$t.log"
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$build/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
		-artifact_prefix="$build/crashes/$t-" -print_final_stats=1 ${FUZZ_JOBS_ARGS:-} \
		"$corpus" $seeds >"$log" 2>&1
	status=$?
	grep -E '^stat::number_of_executed_units|^Done' "$log" | tr '\n' ' '; echo
	if [ $status -ne 0 ]; then
		tail -n 60 "$log"
		repro=$(grep -o 'Test unit written to .*' "$log" | sed 's/Test unit written to //')
		echo "!! $t failed (exit $status); reproducer: ${repro:-see $log}"
		echo "!! rerun: $build/$t ${repro:-}"
		failed+=("$t")
	fi
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "fuzzing found failures in: ${failed[*]}" >&2
	exit 1
fi
echo "fuzzing: ${#} targets, ${seconds}s each, no failure"
