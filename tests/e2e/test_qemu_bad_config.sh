#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hv.efi with a broken hv.cfg: the parser's one-line message reaches the
# serial log (file name, line number, what is wrong) and hv returns
# EFI_INVALID_PARAMETER to the firmware, which reports it and moves on.
# Three boots: an unknown key on line 3, a bad log= value, no kernel= line.
set -u
# shellcheck source=tests/e2e/qemu_lib.sh
. "$(dirname "$0")/qemu_lib.sh"

total=0

# boot_expect WHY LINE_RE: boot the current ESP and check that hv said
# LINE_RE and then handed "Invalid Parameter" back to OVMF.
boot_expect() {
	local why=$1 line_re=$2
	qemu_run "$OVMF_NEXT_RE" ||
		test_fail "$why: OVMF did not go on to its next boot option"
	total=$((total + QEMU_SECONDS))
	expect_order "$why" \
		"${HV_RE}hv [0-9.]+ \(UEFI\) starting" \
		"$HV_RE$line_re" \
		"$OVMF_FAILED_RE.*: Invalid Parameter\$" \
		"$OVMF_NEXT_RE"
}

qemu_setup
esp_add_guest

esp_write_cfg <<'CFG'
kernel = \EFI\hv\guest.bin
log = info
foo = bar
CFG
boot_expect "unknown key" "hv\.cfg:3: unknown key 'foo'"

esp_write_cfg <<'CFG'
kernel = \EFI\hv\guest.bin
log = loud
CFG
boot_expect "bad log value" "hv\.cfg:2: bad value 'loud' for log"

esp_write_cfg <<'CFG'
# no kernel
log = debug
CFG
boot_expect "no kernel" "hv\.cfg: no 'kernel' given\$"

QEMU_SECONDS=$total
test_pass
