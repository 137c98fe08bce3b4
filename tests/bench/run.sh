#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench`: boot hv + the test guest in Bochs 3.0 (OVMF, hv.efi from a
# FAT disk, CPU model corei7_skylake_x) with the guest command line `bench`
# and `test_hypercalls = on` in hv.cfg (the MMIO figures need hv's test
# device). The guest then measures and prints lines such as
#     BENCH cpuid_exit_ticks median=<n> native_median=<m> delta=<d>
#     BENCH mmio_fast_ticks median=<n> samples=1000 path=fast
#     BENCH mmio_slow_ticks median=<n> samples=64 path=slow
#     BENCH mmio_slow_fast_ratio x100=<r>
# (CPUID under hv, i.e. a VM exit and back, against CPUID on the bare CPU; a
# read of the test device's ID register through the MMIO trap cache's fast
# path (EPT misconfiguration) and slow path (EPT violation, first access to a
# page), in TSC ticks). This script shows every BENCH line of every run as a
# table, with each run's wall time, and the number of EPT table pages hv
# reported (`hv: EPT: ... in N tables`).
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
printf 'run\tbenchmark\tmedian\tnative_median\tdelta\tother\twall_s\n' >"$table"
ept_pages=
failed=
for run in $(seq 1 "$RUNS"); do
	echo "bench: run $run/$RUNS (Bochs 3.0 + OVMF, $MODEL, guest command line 'bench'," \
		"test_hypercalls = on)"
	if ! run_testguest_uefi "$MODEL" "bench" hvcfg=test_hypercalls=on; then
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
	# "BENCH <name> failed: <why>" or "skipped: <why>": a benchmark that did
	# not run (with test_hypercalls = on, skipped is a failure too).
	if grep -aE '^BENCH [a-z_]+ (failed|skipped):' <<<"$lines"; then
		failed=1
		lines=$(grep -avE '^BENCH [a-z_]+ (failed|skipped):' <<<"$lines")
	fi
	# BENCH <name> key=value...: pick the three figures by key, so that the
	# guest may add keys without breaking the table; any other keys go to
	# the "other" column as they are.
	awk -v run="$run" -v wall="$BOCHS_SECONDS" '{
		delete v
		other = ""
		for (i = 3; i <= NF; i++) {
			split($i, kv, "=")
			v[kv[1]] = kv[2]
			if (kv[1] != "median" && kv[1] != "native_median" && kv[1] != "delta")
				other = other (other == "" ? "" : " ") $i
		}
		printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", run, $2,
			("median" in v) ? v["median"] : "-",
			("native_median" in v) ? v["native_median"] : "-",
			("delta" in v) ? v["delta"] : "-", other == "" ? "-" : other, wall
	}' <<<"$lines" >>"$table"
	# hv: EPT: identity map up to 0x... in N tables (...)
	n=$(serial_text "$E2E_TMP/serial.log" | grep -aoE 'hv: EPT: .* in [0-9]+ tables' |
		head -n 1 | grep -oE '[0-9]+ tables$' | cut -d' ' -f1)
	ept_pages="$ept_pages${ept_pages:+, }${n:-?} (run $run)"
done

echo
column -t -s "$(printf '\t')" "$table"
echo "(ticks are TSC ticks of Bochs' emulated CPU at ips=50000000)"
echo "EPT table pages: ${ept_pages:--}"

# ---- Linux boot cost: the stock kernel + initramfs to /init, under hv and
# booted directly by GRUB, same Bochs (legacy BIOS, corei7_skylake_x, 512 MB,
# 1 CPU). The initramfs prints the TSC at /init (hv-tsc): ticks from reset.
# SKIP_LINUX=1 leaves this part out.
linux_boot() { # linux_boot native|hv: echo the TSC at /init, or nothing
	local tsc
	if [ "$1" = native ]; then
		GRUB_MODE=linux run_linux_grub "$LINUX_CMDLINE_BASE hv.test=1" \
			'reboot: (Power down|System halted)' >/dev/null 2>&1 || true
	else
		run_linux_grub "$LINUX_CMDLINE_BASE hv.test=1" \
			'reboot: (Power down|System halted)' >/dev/null 2>&1 || true
	fi
	tsc=$(serial_text "$E2E_TMP/serial.log" | sed -n 's/^hv-test: tsc_at_init=\([0-9]*\).*/\1/p' | head -n 1)
	echo "$tsc"
}
if [ -z "${SKIP_LINUX:-}" ]; then
	# shellcheck source=tests/e2e/linux_lib.sh
	. "$ROOT/tests/e2e/linux_lib.sh"
	linux_need_files
	echo "bench: Linux boot, directly from GRUB and under hv (about a minute)"
	native=$(linux_boot native)
	under=$(linux_boot hv)
	exits=$(serial_text "$E2E_TMP/serial.log" | grep -aE 'hv: exit statistics:' | sed 's/^.*hv: exit statistics: //')
	if [ -z "$native" ] || [ -z "$under" ]; then
		failed=1
		echo "bench: a Linux boot did not report its TSC at /init"
	else
		printf '\nLinux boot to /init (TSC ticks from reset)\n'
		printf '  native (GRUB linux/initrd): %s\n  under hv (GRUB multiboot2): %s\n' "$native" "$under"
		awk -v a="$native" -v b="$under" 'BEGIN { printf "  ratio hv/native: %.3f\n", b / a }'
		echo "  VM exits during the boot (to power-off): ${exits:-?}"
	fi
fi
[ -z "$failed" ] || e2e_fail "a run or a benchmark did not complete"
e2e_pass
