#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + legacy BIOS on corei7_haswell_4770 (EPT and unrestricted guest,
# no MBEC) with `mbec=on` on hv's command line: hv must refuse in one clear
# line naming MBEC, stop (no guest check may run) and not hang silently.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_mbec_required
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.elf" "$HV_BUILD/testguest.bin"
E2E_TIMEOUT=${E2E_TIMEOUT:-180}
BOCHS_GRACE=${BOCHS_GRACE:-1}
want='hv: mbec=on, but this CPU has no mode-based execute control \(MBEC\)'
# bochs_run reports "hv stopped the guest" as a failure; here it is the point.
run_grub corei7_haswell_4770 "log=info mbec=on" "$HV_BUILD/testguest.bin" "console=ttyS0" \
	'hv: guest stopped' >/dev/null
log=$(serial_text "$E2E_TMP/serial.log")
grep -aq 'hv: guest stopped' <<<"$log" ||
	e2e_fail "hv did not stop ($BOCHS_OUTCOME after ${BOCHS_SECONDS}s)"
grep -aqE "$want" <<<"$log" || {
	bochs_report_failure "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log"
	e2e_fail "no line '$want'"
}
if grep -aqE '(^|[[:space:]])PASS ' <<<"$log"; then
	e2e_fail "the guest ran although mbec=on cannot be honoured"
fi
echo "  hv said: $(grep -aE "$want" <<<"$log" | head -n 1)"
e2e_pass
