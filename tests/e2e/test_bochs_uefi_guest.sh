#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + OVMF, CPU model corei7_skylake_x: OVMF boots hv.efi from a FAT
# disk, hv reads \EFI\BOOT\hv.cfg and runs build/testguest.bin. Passes when
# the guest reports `testguest: N passed, 0 failed` with N >= 10, no `FAIL `
# line, and `testguest: power off`.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_uefi_guest
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.efi" "$HV_BUILD/testguest.bin"
run_testguest_uefi corei7_skylake_x "console=ttyS0" ||
	e2e_fail "run ended: $BOCHS_OUTCOME after ${BOCHS_SECONDS}s"
check_testguest_passed "$E2E_TMP/serial.log" 10 || e2e_fail "$CHECK_WHY"
echo "  (${BOCHS_SECONDS}s in Bochs)"
e2e_pass
