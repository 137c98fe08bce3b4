#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + OVMF with 2 CPUs: hv.efi boots Debian 12's stock kernel. OVMF
# under Bochs publishes no ACPI tables, so hv starts the AP by an INIT-SIPI
# broadcast and gives the guest its own minimal tables; the guest must then
# report both CPUs online with the hypervisor flag, a clean dmesg and MemTotal
# consistent with the e820 map minus hv; hv's log must show the start-up IPI
# it handled for the AP, and the run must end in a real ACPI power-off
# (check_linux_report). ~40 s.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"
# shellcheck source=tests/e2e/linux_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/linux_lib.sh"

e2e_begin bochs_linux_uefi_smp
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.efi"
linux_need_files
export HV_CPUS=2
BOCHS_GRACE=${BOCHS_GRACE:-10}
run_linux_uefi "$LINUX_CMDLINE_BASE hv.test=1" 'reboot: Power down' ||
	e2e_fail "${BOCHS_OUTCOME:-?} after ${BOCHS_SECONDS:-?}s"
log=$(serial_text "$E2E_TMP/serial.log")
grep -aqE 'hv: vCPU 1: start-up IPI, starting in real mode at 0x[0-9a-f]+' <<<"$log" ||
	e2e_fail "no start-up IPI handled for vCPU 1"
check_linux_report "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log" 2 || {
	bochs_report_failure "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log"
	e2e_fail "$CHECK_WHY"
}
grep -aq 'hv: exit statistics:' <<<"$log" || e2e_fail "hv did not log the power-off"
e2e_pass
