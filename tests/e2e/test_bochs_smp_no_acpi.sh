#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every CPU under hv even without ACPI: Bochs 3.0 + OVMF (which publishes no
# ACPI tables under Bochs) with 2 CPUs, hv.efi + test guest. hv finds no MADT,
# so it must start the AP by an INIT-SIPI broadcast (`hv: ACPI: ...: 2 CPUs
# run hv, found by an INIT-SIPI broadcast`) rather than leave it outside VMX,
# and the guest's checks must still pass on the boot CPU.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_smp_no_acpi
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.efi" "$HV_BUILD/testguest.bin"
HV_CPUS=2 run_testguest_uefi corei7_skylake_x "console=ttyS0" ||
	e2e_fail "no power-off (${BOCHS_OUTCOME:-?} after ${BOCHS_SECONDS:-?}s)"
log=$(serial_text "$E2E_TMP/serial.log")
grep -aqE 'hv: ACPI: .*: 2 CPUs run hv, found by an INIT-SIPI broadcast' <<<"$log" ||
	e2e_fail "hv did not bring the second CPU in by broadcast"
check_testguest_passed "$E2E_TMP/serial.log" 17 || e2e_fail "$CHECK_WHY"
echo "  $(grep -aE 'CPUs run hv' <<<"$log" | sed 's/^.*hv: //')"
e2e_pass
