#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + legacy BIOS, CPU model corei7_skylake_x: GRUB (i386-pc rescue
# ISO) loads hv.elf with `multiboot2 /boot/hv.elf log=info` and the test
# guest with `module2 /boot/guest.bin console=ttyS0`. Passes when the guest
# reports `testguest: N passed, 0 failed` with N >= 10, no `FAIL ` line, and
# `testguest: power off`.
# GRUB_MODE=linux boots the guest natively instead (no hv: most checks FAIL
# there, which is expected; it is for working on the harness and the guest).
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_grub_guest
e2e_need_bochs
e2e_need_file "$HV_BUILD/testguest.bin"
[ "${GRUB_MODE:-}" = linux ] || e2e_need_file "$HV_BUILD/hv.elf"
run_grub corei7_skylake_x "log=${HV_LOG:-info}" "$HV_BUILD/testguest.bin" "console=ttyS0" \
	'testguest: power off' ||
	e2e_fail "run ended: $BOCHS_OUTCOME after ${BOCHS_SECONDS}s"
check_testguest_passed "$E2E_TMP/serial.log" 10 || e2e_fail "$CHECK_WHY"
echo "  (${BOCHS_SECONDS}s in Bochs)"
e2e_pass
