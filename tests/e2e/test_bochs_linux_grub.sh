#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + legacy BIOS + GRUB (i386-pc ISO): `multiboot2 /boot/hv.elf`,
# `module2` Debian 12's stock kernel with `console=ttyS0,115200 quiet
# cryptomgr.notests hv.test=1`, `module2` the project's initramfs; 512 MB,
# corei7_skylake_x, HV_CPUS CPUs (default 1). The guest's /init reports what
# it sees; passes when (check_linux_report in linux_lib.sh) init ran, the
# CPUs are online with the hypervisor flag, MemTotal fits the e820 map with
# hv's memory carved out, dmesg is clean, and the run ended in a real ACPI
# power-off (Bochs: `ACPI control: soft power off`). ~30 s with 1 CPU.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"
# shellcheck source=tests/e2e/linux_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/linux_lib.sh"

e2e_begin bochs_linux_grub
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.elf"
linux_need_files
# The kernel's last line; Bochs exits by itself after an ACPI power-off.
BOCHS_GRACE=${BOCHS_GRACE:-10}
run_linux_grub "$LINUX_CMDLINE_BASE hv.test=1" 'reboot: (Power down|System halted)' ||
	e2e_fail "${BOCHS_OUTCOME:-?} after ${BOCHS_SECONDS:-?}s"
echo "  Bochs ran ${BOCHS_SECONDS}s"
check_linux_report "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log" "${HV_CPUS:-1}" || {
	bochs_report_failure "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log"
	e2e_fail "$CHECK_WHY"
}
e2e_pass
