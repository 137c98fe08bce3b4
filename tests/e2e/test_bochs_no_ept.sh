#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + legacy BIOS, CPU model core2_penryn_t9600: VMX with secondary
# controls (virtual APIC, WBINVD exiting) but no EPT and no unrestricted guest
# (Bochs' cpudb/intel/core2_penryn_t9600.cc). GRUB loads hv.elf and the test
# guest. hv must refuse in one clear line (`hv: ... EPT ... not supported`)
# and never start the guest: no `PASS ` line may appear. The harness kills
# Bochs once the line is out, so a silent hang fails by timeout.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_no_ept
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.elf" "$HV_BUILD/testguest.bin"
E2E_TIMEOUT=${E2E_TIMEOUT:-180}
BOCHS_GRACE=${BOCHS_GRACE:-1} # hv parks after its message: no power-off to wait for
run_grub core2_penryn_t9600 "log=${HV_LOG:-info}" "$HV_BUILD/testguest.bin" "console=ttyS0" \
	'hv:.*EPT.*not supported' ||
	e2e_fail "no 'hv: ... EPT ... not supported' line ($BOCHS_OUTCOME after ${BOCHS_SECONDS}s)"
log=$(serial_text "$E2E_TMP/serial.log")
if grep -aqE '(^|[[:space:]])PASS ' <<<"$log"; then
	bochs_report_failure "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log"
	e2e_fail "the guest ran although the CPU has no EPT"
fi
echo "  hv said: $(grep -aE 'hv:.*EPT.*not supported' <<<"$log" | head -n 1)"
e2e_pass
