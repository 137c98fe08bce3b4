#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A parked AP ignores the guest's INIT-SIPI-SIPI. Bochs 3.0 + OVMF
# (corei7_skylake_x, 2 CPUs; no firmware MADT, so hv finds the AP by
# broadcast), hv.efi with the test guest, whose command line has
# `init_sipi_others`: after its checks it sends INIT, SIPI, SIPI to all other
# CPUs, aimed at a real-mode page that marks itself, and says whether a CPU
# ran it. Two runs:
#   smp = off  hv parks cpu1 in VMX root (INIT blocked, SIPI ignored there):
#              "none started", and hv logs no INIT or SIPI exit;
#   smp = auto cpu1 waits for a SIPI as a vCPU: "a CPU started", through
#              hv's INIT and start-up IPI exits (so the probe can tell).
# Both runs must also pass every test-guest check. ~20 s.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_smp_off_sipi
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.efi" "$HV_BUILD/testguest.bin"
export HV_CPUS=2
for smp in off auto; do
	run_testguest_uefi corei7_skylake_x init_sipi_others hvcfg=smp="$smp" ||
		e2e_fail "smp=$smp: ${BOCHS_OUTCOME:-?} after ${BOCHS_SECONDS:-?}s"
	log=$(serial_text "$E2E_TMP/serial.log")
	check_testguest_passed "$E2E_TMP/serial.log" || e2e_fail "smp=$smp: the test guest failed"
	said=$(grep -aoE 'testguest: INIT-SIPI-SIPI .*' <<<"$log" | head -n 1)
	echo "  smp=$smp: ${said#testguest: }"
	if [ "$smp" = off ]; then
		grep -aqE '\[cpu1 [^]]*\] hv: cpu1 \(APIC ID [0-9]+\) in VMX root operation, parked' <<<"$log" ||
			e2e_fail "smp=off: no line from cpu1 saying it parked in VMX root"
		[ "$said" = 'testguest: INIT-SIPI-SIPI to the other CPUs: none started' ] ||
			e2e_fail "smp=off: the parked AP answered the guest: '$said'"
		! grep -aqE 'hv: vCPU 1[: ]' <<<"$log" ||
			e2e_fail "smp=off: $(grep -aE 'hv: vCPU 1[: ]' <<<"$log" | head -n 1)"
	else
		[ "$said" = 'testguest: INIT-SIPI-SIPI to the other CPUs: a CPU started' ] ||
			e2e_fail "smp=auto: the AP's vCPU did not start: '$said'"
		grep -aqE 'hv: vCPU 1: start-up IPI, starting in real mode at 0x70000' <<<"$log" ||
			e2e_fail "smp=auto: hv handled no start-up IPI for vCPU 1"
	fi
done
e2e_pass
