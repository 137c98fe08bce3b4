#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Linux guest test behind test_bochs_linux_{grub,uefi,smp,uefi_smp}.sh:
# Bochs 3.0 (corei7_skylake_x, 512 MB, HV_CPUS CPUs, default 1) boots Debian
# 12's stock kernel and the project's initramfs with `console=ttyS0,115200
# quiet cryptomgr.notests hv.test=1`, through LINUX_PATH:
#   grub  legacy BIOS + GRUB: `multiboot2 /boot/hv.elf`, `module2` kernel,
#         `module2` initramfs (the BIOS's ACPI tables, CPUs from its MADT);
#   uefi  OVMF + hv.efi from a FAT disk with hv.cfg naming kernel, initrd and
#         cmdline. OVMF in Bochs installs no ACPI tables (it takes them from
#         QEMU's fw_cfg): hv starts the APs by an INIT-SIPI broadcast and the
#         tables the guest finds are hv's own (guest/acpi_tables.h).
# Passes when the guest's /init report (check_linux_report in linux_lib.sh)
# shows init ran, HV_CPUS CPUs online with the hypervisor flag, MemTotal
# consistent with the e820 map minus hv, a clean dmesg and a real ACPI
# power-off, and hv logged its exit statistics at that power-off; with more
# than one CPU also that hv brought every CPU into VMX and handled the
# start-up IPI the guest sent its AP. ~25 s with 1 CPU, ~35 s with 2.
# LINUX_TEST_NAME names the test.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"
# shellcheck source=tests/e2e/linux_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/linux_lib.sh"

path=${LINUX_PATH:-grub}
cpus=${HV_CPUS:-1}
linux_e2e_begin "${LINUX_TEST_NAME:-bochs_linux_$path}" "$HV_BUILD/hv.elf" "$HV_BUILD/hv.efi"
export HV_CPUS=$cpus
# The kernel's last line; Bochs exits by itself after an ACPI power-off.
BOCHS_GRACE=${BOCHS_GRACE:-10}
"run_linux_$path" "$LINUX_CMDLINE_BASE hv.test=1" 'reboot: Power down' ||
	e2e_fail "${BOCHS_OUTCOME:-?} after ${BOCHS_SECONDS:-?}s"
echo "  Bochs ran ${BOCHS_SECONDS}s"
log=$(serial_text "$E2E_TMP/serial.log")
if [ "$cpus" -gt 1 ]; then
	grep -aqE "hv: ($cpus of $cpus CPUs run hv|.*: $cpus CPUs run hv, found by an INIT-SIPI broadcast)" <<<"$log" ||
		e2e_fail "hv did not bring every CPU into VMX"
	grep -aqE 'hv: vCPU 1: start-up IPI, starting in real mode at 0x[0-9a-f]+' <<<"$log" ||
		e2e_fail "no start-up IPI handled for vCPU 1"
fi
check_linux_report "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log" "$cpus" || {
	bochs_report_failure "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log"
	e2e_fail "$CHECK_WHY"
}
grep -aq 'hv: exit statistics:' <<<"$log" || e2e_fail "hv did not log the power-off"
echo "  $(grep -aE 'hv: exit statistics' <<<"$log" | sed 's/^.*hv: //')"
e2e_pass
