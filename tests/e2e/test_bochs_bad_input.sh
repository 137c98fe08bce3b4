#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + legacy BIOS + GRUB, hv.elf given bad input; each case must end
# with one clear hv line instead of a hang or a crash:
#   1. `multiboot2 /boot/hv.elf foo=1` (and a guest module): a line with
#      `command line word 1: unknown key 'foo'`;
#   2. `multiboot2 /boot/hv.elf log=info` and no module2 line: a line with
#      `hv:` that names the missing guest (`guest` and `module`).
# No `PASS ` line may appear in either run: the guest must not start.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_bad_input
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.elf" "$HV_BUILD/testguest.bin"
E2E_TIMEOUT=${E2E_TIMEOUT:-180}
BOCHS_GRACE=${BOCHS_GRACE:-1} # hv parks after its message: no power-off to wait for
failed=

# expect_no_guest CASE: the guest must not have run in the last run.
expect_no_guest() {
	if grep -aqE '(^|[[:space:]])PASS ' "$E2E_TMP/serial.log"; then
		echo "case $1: the guest ran"
		failed="$failed $1"
	fi
}

echo "  case unknown_key: multiboot2 /boot/hv.elf foo=1"
if run_grub corei7_skylake_x "foo=1" "$HV_BUILD/testguest.bin" "console=ttyS0" \
	"command line word 1: unknown key 'foo'"; then
	echo "  hv said: $(serial_text "$E2E_TMP/serial.log" | grep -a "unknown key 'foo'" | head -n 1)"
	expect_no_guest unknown_key
else
	failed="$failed unknown_key"
fi
mv "$E2E_TMP/serial.log" "$E2E_TMP/serial-unknown_key.log"
mv "$E2E_TMP/bochs.log" "$E2E_TMP/bochs-unknown_key.log"

echo "  case no_module: multiboot2 /boot/hv.elf log=info, no module2"
no_module_re='hv:.*([Gg]uest.*module|module.*[Gg]uest)'
if run_grub corei7_skylake_x "log=info" "" "" "$no_module_re"; then
	echo "  hv said: $(serial_text "$E2E_TMP/serial.log" | grep -aE "$no_module_re" | head -n 1)"
	expect_no_guest no_module
else
	failed="$failed no_module"
fi

[ -z "$failed" ] || e2e_fail "case(s)$failed"
e2e_pass
