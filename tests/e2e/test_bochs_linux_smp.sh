#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every CPU under hv: Bochs 3.0 with 2 CPUs (corei7_skylake_x, 512 MB),
# Debian 12's stock kernel with the project's initramfs (`hv.test=1`), through
# the legacy BIOS + GRUB (default) or, with LINUX_SMP_PATH=uefi, OVMF +
# hv.efi. hv must bring the AP into VMX itself (from the MADT under the BIOS;
# by an INIT-SIPI broadcast under OVMF, which publishes no ACPI tables in
# Bochs, so the guest then reads hv's own), the guest must start it through
# INIT/SIPI as on bare metal (hv logs the start-up IPI it handled), and the
# guest's report must show both CPUs online with the hypervisor flag, a clean
# dmesg and a real ACPI power-off (check_linux_report in linux_lib.sh). ~35 s.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"
# shellcheck source=tests/e2e/linux_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/linux_lib.sh"

path=${LINUX_SMP_PATH:-grub}
e2e_begin "bochs_linux_smp_$path"
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.elf" "$HV_BUILD/hv.efi"
linux_need_files
export HV_CPUS=2
BOCHS_GRACE=${BOCHS_GRACE:-10}
"run_linux_$path" "$LINUX_CMDLINE_BASE hv.test=1" 'reboot: Power down' ||
	e2e_fail "${BOCHS_OUTCOME:-?} after ${BOCHS_SECONDS:-?}s"
log=$(serial_text "$E2E_TMP/serial.log")
grep -aqE 'hv: (2 of 2 CPUs run hv|.*: 2 CPUs run hv, found by an INIT-SIPI broadcast)' <<<"$log" ||
	e2e_fail "hv did not bring the second CPU into VMX"
grep -aqE 'hv: vCPU 1: start-up IPI, starting in real mode at 0x[0-9a-f]+' <<<"$log" ||
	e2e_fail "no start-up IPI handled for vCPU 1"
check_linux_report "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log" 2 || {
	bochs_report_failure "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log"
	e2e_fail "$CHECK_WHY"
}
grep -aq 'hv: exit statistics:' <<<"$log" || e2e_fail "hv did not log the power-off"
echo "  $(grep -aE 'hv: exit statistics' <<<"$log" | sed 's/^.*hv: //')"
e2e_pass
