#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + OVMF -> UEFI GRUB (x86_64-efi rescue ISO) -> multiboot2 hv.elf
# -> test guest, on corei7_skylake_x: hv.elf must boot from UEFI GRUB as
# well as from BIOS GRUB, and every guest check must pass.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_grub_efi_guest
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.elf" "$HV_BUILD/testguest.bin"
GRUB_PLATFORM=x86_64-efi make_grub_iso "$E2E_TMP/boot.iso" "$HV_BUILD/hv.elf" \
	"log=${HV_LOG:-info} test_hypercalls=on" "$HV_BUILD/testguest.bin" "console=ttyS0 grub-efi" ||
	e2e_fail "cannot make the UEFI GRUB ISO"
bochsrc_write "$E2E_TMP/bochsrc" firmware=ovmf model=corei7_skylake_x cpus="${HV_CPUS:-1}" \
	cdrom="$E2E_TMP/boot.iso" serial="$E2E_TMP/serial.log" log="$E2E_TMP/bochs.log" ||
	e2e_fail "cannot write the bochsrc"
bochs_run "$E2E_TMP/bochsrc" "$E2E_TMP/serial.log" "${E2E_TIMEOUT:-240}" \
	'testguest: power off' "$HV_FAIL_RE" ||
	e2e_fail "no power-off ($BOCHS_OUTCOME after ${BOCHS_SECONDS}s)"
grep -aq 'hv: hv 0.1 (Multiboot2) starting' "$E2E_TMP/serial.log" ||
	e2e_fail "hv.elf's banner is missing"
check_testguest_passed "$E2E_TMP/serial.log" 20 || e2e_fail "$CHECK_WHY"
e2e_pass
