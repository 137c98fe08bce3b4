#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hv.efi under QEMU TCG (no VMX): with a valid hv.cfg and guest image it gets
# as far as the CPU check, says "VMX is not supported by this CPU" in one
# line, and returns EFI_UNSUPPORTED to the firmware, which goes on with its
# next boot option. The evidence that control really went back is OVMF's own
# serial output after hv's line: BdsDxe reports the boot option "failed to
# start ... : Unsupported" (the status hv returned) and then loads the next
# option, the built-in UEFI Shell (see qemu_lib.sh).
set -u
# shellcheck source=tests/e2e/qemu_lib.sh
. "$(dirname "$0")/qemu_lib.sh"

qemu_setup
esp_add_guest
esp_write_cfg <<'CFG'
# hv.cfg for the no-VMX test
kernel = \EFI\hv\guest.bin
cmdline = console=ttyS0
log = info
CFG

qemu_run "$OVMF_NEXT_RE" ||
	test_fail "OVMF did not go on to its next boot option"
log_has "${HV_RE}VMX is not supported by this CPU\$" ||
	test_fail "no 'hv: VMX is not supported by this CPU' line"
expect_order "hv did not return to the firmware after the CPU check" \
	"${HV_RE}hv [0-9.]+ \(UEFI\) starting" \
	"${HV_RE}VMX is not supported by this CPU\$" \
	"$OVMF_FAILED_RE.*: Unsupported\$" \
	"$OVMF_NEXT_RE"
test_pass
