#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + legacy BIOS, CPU model corei7_skylake_x: GRUB loads hv.elf with
# `log=info test_hypercalls=on` and the test guest with the command-line word
# `mmio_unsupported`. After printing
#     testguest: unsupported MMIO instruction now
# the guest executes `add dword [testdev + 0x100], 1` (opcode 83 /0 ib), a
# read-modify-write hv's MMIO emulator does not decode. hv must stop the
# guest with a line containing `cannot emulate MMIO access` and the
# instruction bytes (`83 ...`), then `hv: guest stopped`; the guest must not
# go on (no `FAIL mmio_unsupported`, no check line after the announcement).
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_mmio_unsupported
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.elf" "$HV_BUILD/testguest.bin"
E2E_TIMEOUT=${E2E_TIMEOUT:-180}
BOCHS_GRACE=${BOCHS_GRACE:-1}
# bochs_run reports "hv stopped the guest" as a failure; here it is the point.
run_grub corei7_skylake_x "log=${HV_LOG:-info} test_hypercalls=on" "$HV_BUILD/testguest.bin" \
	"console=ttyS0 mmio_unsupported" 'hv: guest stopped' >/dev/null
serial=$E2E_TMP/serial.log
log=$(serial_text "$serial")

# fail_with WHY: the logs' tails, then fail.
fail_with() {
	bochs_report_failure "$serial" "$E2E_TMP/bochs.log"
	e2e_fail "$1"
}

grep -aq 'testguest: unsupported MMIO instruction now' <<<"$log" ||
	fail_with "the guest did not reach the instruction ($BOCHS_OUTCOME after ${BOCHS_SECONDS}s)"
want='cannot emulate MMIO access.* 83( [0-9a-f]{2})+'
grep -aqE "$want" <<<"$log" || fail_with "no hv line /$want/"
grep -aq 'hv: guest stopped' <<<"$log" ||
	fail_with "hv did not stop the guest ($BOCHS_OUTCOME after ${BOCHS_SECONDS}s)"
after=$(sed -n '/testguest: unsupported MMIO instruction now/,$p' <<<"$log" |
	grep -aE '(^|[[:space:]])(PASS|FAIL|SKIP) |testguest: [0-9]+ passed' || true)
[ -z "$after" ] || fail_with "the guest went on after the instruction: $(head -n 1 <<<"$after")"
echo "  hv: $(grep -aE "$want" <<<"$log" | head -n 1 | sed 's/^.*hv: //')"
echo "  hv: $(grep -a 'hv: guest stopped' <<<"$log" | head -n 1 | sed 's/^.*hv: //')"
echo "  (${BOCHS_SECONDS}s in Bochs)"
e2e_pass
