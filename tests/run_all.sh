#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run hv's tests (what `make test` runs after building everything):
#   - every host unit-test binary in build/unit/ (cmocka): each test case
#     counts, read from the binary's "[  PASSED  ] n test(s)." and
#     "[  FAILED  ] m test(s)" lines (a binary that dies without them counts
#     as one failure);
#   - every emulator test tests/e2e/test_*.sh, one after the other: each
#     script counts as one test (exit 0: passed).
# Prints one line per binary or script (name, result, seconds), the output of
# whatever failed, and as its very last line `N passed, M failed`. Exits
# non-zero when M > 0 or when nothing ran.
#
# Subsets: tests/run_all.sh [PATTERN...] or TESTS="PATTERN..." (spaces or
# commas) run only the tests whose name contains one of the patterns; names
# look like unit/test_config and e2e/test_bochs_uefi_guest, so `unit`,
# `e2e`, `bochs`, `qemu` or `uefi` all work. SKIP="PATTERN..." leaves tests
# out. --list prints the names that would run. VERBOSE=1 shows every test's
# output, not only the failures'.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${HV_BUILD:-$ROOT/build}
LOGDIR=$BUILD/test-logs
UNIT_TIMEOUT=${UNIT_TIMEOUT:-300}
# Each e2e script has its own emulator time limits; this only catches a
# script that hangs outside them.
SCRIPT_TIMEOUT=${E2E_SCRIPT_TIMEOUT:-900}

list_only=
patterns=()
for a in "$@"; do
	case $a in
	--list) list_only=1 ;;
	-h | --help)
		sed -n '2,/^set -uo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*) patterns+=("$a") ;;
	esac
done
t=${TESTS:-}
read -r -a env_patterns <<<"${t//,/ }"
patterns+=(${env_patterns[@]+"${env_patterns[@]}"})
t=${SKIP:-}
read -r -a skips <<<"${t//,/ }"

# wanted NAME: is NAME selected by the patterns and not skipped?
wanted() {
	local p ok=
	if [ ${#patterns[@]} -eq 0 ]; then
		ok=1
	else
		for p in "${patterns[@]}"; do
			[[ $1 == *"$p"* ]] && ok=1
		done
	fi
	for p in ${skips[@]+"${skips[@]}"}; do
		[[ $1 == *"$p"* ]] && ok=
	done
	[ -n "$ok" ]
}

# Collect the tests: unit binaries first (seconds), then emulator scripts.
units=()
if [ -d "$BUILD/unit" ]; then
	for f in "$BUILD"/unit/*; do
		{ [ -f "$f" ] && [ -x "$f" ]; } || continue
		wanted "unit/${f##*/}" && units+=("$f")
	done
fi
e2es=()
for f in "$ROOT"/tests/e2e/test_*.sh; do
	[ -f "$f" ] || continue
	name=${f##*/}
	wanted "e2e/${name%.sh}" && e2es+=("$f")
done

# libFuzzer targets (built by `make fuzz`): each runs for FUZZ_TIME seconds
# on its corpus and counts as one test; a crash fails it.
FUZZ_TIME=${FUZZ_TIME:-10}
fuzzers=()
if [ -d "$BUILD/fuzz" ]; then
	for f in "$BUILD"/fuzz/fuzz_*; do
		{ [ -f "$f" ] && [ -x "$f" ]; } || continue
		wanted "fuzz/${f##*/}" && fuzzers+=("$f")
	done
fi

# Differential tests (built by `make diff`): each binary runs with its own
# defaults (seconds) and counts as one test; exit 0 means no mismatch.
diffs=()
if [ -d "$BUILD/diff" ]; then
	for f in "$BUILD"/diff/*; do
		{ [ -f "$f" ] && [ -x "$f" ]; } || continue
		wanted "diff/${f##*/}" && diffs+=("$f")
	done
fi

if [ -n "$list_only" ]; then
	for f in ${units[@]+"${units[@]}"}; do echo "unit/${f##*/}"; done
	for f in ${fuzzers[@]+"${fuzzers[@]}"}; do echo "fuzz/${f##*/}"; done
	for f in ${diffs[@]+"${diffs[@]}"}; do echo "diff/${f##*/}"; done
	for f in ${e2es[@]+"${e2es[@]}"}; do n=${f##*/}; echo "e2e/${n%.sh}"; done
	exit 0
fi

mkdir -p "$LOGDIR"
total_pass=0
total_fail=0
failed_names=()

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# show_output LOG: the output of a test, indented (all of it up to 200 lines).
show_output() {
	if [ "$(wc -l <"$1")" -gt 200 ]; then
		echo "    ... (first $(($(wc -l <"$1") - 200)) lines in $1)"
	fi
	tail -n 200 "$1" | sed 's/^/    /'
}

# One cmocka binary: add its test cases to the totals.
run_unit() {
	local bin=$1 name log start status pass fail
	name=unit/${bin##*/}
	log=$LOGDIR/${bin##*/}.log
	start=$(now)
	CMOCKA_MESSAGE_OUTPUT=STDOUT timeout --kill-after=5 "$UNIT_TIMEOUT" "$bin" >"$log" 2>&1
	status=$?
	pass=$(sed -n 's/.*\[  PASSED  \] \([0-9][0-9]*\) test(s).*/\1/p' "$log" | tail -n 1)
	fail=$(sed -n 's/.*\[  FAILED  \] \([0-9][0-9]*\) test(s).*/\1/p' "$log" | tail -n 1)
	pass=${pass:-0}
	fail=${fail:-0}
	# Died (sanitizer, signal, timeout) or failed without saying so.
	if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
		fail=1
	fi
	if [ "$pass" -eq 0 ] && [ "$fail" -eq 0 ]; then
		fail=1 # no cmocka summary at all
	fi
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	if [ "$fail" -gt 0 ]; then
		printf '%-40s FAIL  %3d passed, %d failed  %6ss  (exit %d)\n' \
			"$name" "$pass" "$fail" "$(elapsed "$start")" "$status"
		failed_names+=("$name")
		show_output "$log"
	else
		printf '%-40s ok    %3d passed            %6ss\n' "$name" "$pass" "$(elapsed "$start")"
		[ -z "${VERBOSE:-}" ] || show_output "$log"
	fi
}

# record NAME STATUS START LOG [NOTE]: count one test that ran as a whole
# (exit status 0 = passed), print its line, and its output when it failed.
record() {
	local name=$1 status=$2 start=$3 log=$4 note=${5:-}
	if [ "$status" -eq 0 ]; then
		total_pass=$((total_pass + 1))
		printf '%-40s ok    %-20s  %6ss\n' "$name" "$note" "$(elapsed "$start")"
		[ -z "${VERBOSE:-}" ] || show_output "$log"
	else
		total_fail=$((total_fail + 1))
		failed_names+=("$name")
		printf '%-40s FAIL                        %6ss  (exit %d)\n' \
			"$name" "$(elapsed "$start")" "$status"
		show_output "$log"
	fi
}

# One emulator script: one test.
run_e2e() {
	local script=$1 name log start
	name=${script##*/}
	name=e2e/${name%.sh}
	log=$LOGDIR/${script##*/}.log
	start=$(now)
	timeout --kill-after=10 "$SCRIPT_TIMEOUT" bash "$script" </dev/null >"$log" 2>&1
	record "$name" $? "$start" "$log"
}

# One fuzz target for FUZZ_TIME seconds: one test.
run_fuzz() {
	local bin=$1 log start status corpus
	log=$LOGDIR/${bin##*/}.log
	corpus=$BUILD/fuzz/corpus/${bin##*/}
	mkdir -p "$corpus"
	start=$(now)
	timeout --kill-after=10 $((FUZZ_TIME + 60)) "$bin" -max_total_time="$FUZZ_TIME" \
		-artifact_prefix="$BUILD/fuzz/" "$corpus" >"$log" 2>&1
	status=$?
	record "fuzz/${bin##*/}" "$status" "$start" "$log" \
		"$(sed -n 's/^Done \([0-9]*\) runs.*/\1 runs/p' "$log" | tail -n 1)"
}

# One differential test binary: one test; its last line is its summary.
run_diff() {
	local bin=$1 log start
	log=$LOGDIR/${bin##*/}.log
	start=$(now)
	timeout --kill-after=10 "$UNIT_TIMEOUT" "$bin" >"$log" 2>&1
	record "diff/${bin##*/}" $? "$start" "$log"
}

all_start=$(now)
[ ${#units[@]} -gt 0 ] || echo "run_all: no unit-test binaries selected in $BUILD/unit (run 'make unit')"
for f in ${units[@]+"${units[@]}"}; do run_unit "$f"; done
for f in ${fuzzers[@]+"${fuzzers[@]}"}; do run_fuzz "$f"; done
for f in ${diffs[@]+"${diffs[@]}"}; do run_diff "$f"; done
for f in ${e2es[@]+"${e2es[@]}"}; do run_e2e "$f"; done

echo "run_all: $((${#units[@]} + ${#fuzzers[@]} + ${#diffs[@]} + ${#e2es[@]})) binaries/scripts in $(elapsed "$all_start")s; logs in $LOGDIR"
if [ ${#failed_names[@]} -gt 0 ]; then
	echo "run_all: failed: ${failed_names[*]}"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ] && [ $((total_pass + total_fail)) -gt 0 ]
