#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + OVMF: hv.efi from a FAT disk (\EFI\BOOT\BOOTX64.EFI) with an
# hv.cfg naming Debian 12's stock kernel (\EFI\hv\guest.bin), the project's
# initramfs (\EFI\hv\initrd) and `console=ttyS0,115200 quiet
# cryptomgr.notests hv.test=1`; 512 MB, corei7_skylake_x, HV_CPUS CPUs
# (default 1). Passes on the same report as test_bochs_linux_grub.sh
# (check_linux_report in linux_lib.sh): init ran, CPUs online with the
# hypervisor flag, MemTotal consistent with the e820 map minus hv, dmesg
# clean, and a real ACPI power-off. Debian 12's OVMF running in Bochs
# installs no ACPI tables (it takes them from QEMU's fw_cfg), so the tables
# the guest finds are hv's own (guest/acpi_tables.h: MADT of the CPUs hv runs,
# FADT and DSDT with _S5 for the PIIX4's PM block). ~35 s with 1 CPU.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"
# shellcheck source=tests/e2e/linux_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/linux_lib.sh"

e2e_begin bochs_linux_uefi
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.efi"
linux_need_files
# The kernel's last line; Bochs exits by itself after an ACPI power-off.
BOCHS_GRACE=${BOCHS_GRACE:-10}
run_linux_uefi "$LINUX_CMDLINE_BASE hv.test=1" 'reboot: Power down' ||
	e2e_fail "${BOCHS_OUTCOME:-?} after ${BOCHS_SECONDS:-?}s"
echo "  Bochs ran ${BOCHS_SECONDS}s"
check_linux_report "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log" "${HV_CPUS:-1}" || {
	bochs_report_failure "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log"
	e2e_fail "$CHECK_WHY"
}
e2e_pass
