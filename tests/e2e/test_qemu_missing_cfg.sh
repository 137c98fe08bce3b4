#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hv.efi with no hv.cfg beside it: one line naming the full path it looked
# for (hv.efi's own directory, \EFI\BOOT\) and the firmware's status text,
# then EFI_NOT_FOUND back to OVMF, which reports it and moves on.
set -u
# shellcheck source=tests/e2e/qemu_lib.sh
. "$(dirname "$0")/qemu_lib.sh"

qemu_setup
esp_add_guest

qemu_run "$OVMF_NEXT_RE" ||
	test_fail "OVMF did not go on to its next boot option"
expect_order "missing hv.cfg" \
	"${HV_RE}hv [0-9.]+ \(UEFI\) starting" \
	"${HV_RE}"'cannot open \\EFI\\BOOT\\hv\.cfg: Not Found$' \
	"$OVMF_FAILED_RE.*: Not Found\$" \
	"$OVMF_NEXT_RE"
test_pass
