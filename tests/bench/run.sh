#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench`: boot hv + the test guest in Bochs 3.0 (OVMF, hv.efi from a
# FAT disk, CPU model corei7_skylake_x) with the guest command line `bench`.
# The guest then measures and prints lines such as
#     BENCH cpuid_exit_ticks median=<n> native_median=<m> delta=<d>
# (CPUID under hv, i.e. a VM exit and back, against CPUID on the bare CPU,
# in TSC ticks). This script shows every BENCH line of every run as a table,
# with each run's wall time.
# Bochs runs with `clock: sync=none`, so its TSC follows executed instructions
# and the figures are deterministic: one run is enough (RUNS=N for more).
# They count emulated instructions, not real-hardware cycles; compare them
# only between hv versions.
# Settings: RUNS=N (default 1), MODEL=NAME, BENCH_TIMEOUT=S (default 300).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/e2e/bochs_lib.sh
. "$ROOT/tests/e2e/bochs_lib.sh"

RUNS=${RUNS:-1}
MODEL=${MODEL:-corei7_skylake_x}
E2E_TIMEOUT=${BENCH_TIMEOUT:-300}

e2e_begin bench
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.efi" "$HV_BUILD/testguest.bin"

table=$E2E_TMP/table
printf 'run\tbenchmark\tmedian\tnative_median\tdelta\twall_s\n' >"$table"
failed=
for run in $(seq 1 "$RUNS"); do
	echo "bench: run $run/$RUNS (Bochs 3.0 + OVMF, $MODEL, guest command line 'bench')"
	if ! run_testguest_uefi "$MODEL" "bench"; then
		failed=1
		continue
	fi
	cp "$E2E_TMP/serial.log" "$E2E_TMP/serial-run$run.log"
	lines=$(serial_text "$E2E_TMP/serial.log" | grep -aE '^BENCH ' || true)
	if [ -z "$lines" ]; then
		echo "bench: run $run printed no BENCH line"
		bochs_report_failure "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log"
		failed=1
		continue
	fi
	# BENCH <name> key=value...: pick the three figures by key, so that the
	# guest may add keys without breaking the table.
	awk -v run="$run" -v wall="$BOCHS_SECONDS" '{
		delete v
		for (i = 3; i <= NF; i++) {
			split($i, kv, "=")
			v[kv[1]] = kv[2]
		}
		printf "%s\t%s\t%s\t%s\t%s\t%s\n", run, $2,
			("median" in v) ? v["median"] : "-",
			("native_median" in v) ? v["native_median"] : "-",
			("delta" in v) ? v["delta"] : "-", wall
	}' <<<"$lines" >>"$table"
done

echo
column -t -s "$(printf '\t')" "$table"
echo "(ticks are TSC ticks of Bochs' emulated CPU at ips=50000000)"
[ -z "$failed" ] || e2e_fail "a run did not complete"
e2e_pass
