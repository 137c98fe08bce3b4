#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# EPT changes reach every CPU (vmm/ept_sync.h). Bochs 3.0 + OVMF, 2 CPUs,
# test guest with `ept_remote` and test_hypercalls = on: the guest starts
# the other CPU on a real-mode loop writing one page, then takes the page's
# write rights away (HC_EPT_WATCH, read only) from the boot CPU. Passes when
#   - with hv as built, the guest prints `PASS ept_flush_remote` (the other
#     CPU's next write was an EPT violation: hv made it drop its cached
#     writable translation) and hv's log shows no "did not flush" line;
#   - with a test build whose vm_ept_flush() flushes only its own CPU
#     (-DHV_TEST_LOCAL_EPT_FLUSH_ONLY), the guest prints
#     `FAIL ept_flush_remote ... kept writing`: the check can fail, and
#     Bochs does keep a stale translation, so the first run's PASS means
#     the cross-CPU flush worked.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_ept_flush_remote
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.efi" "$HV_BUILD/testguest.bin"
export HV_CPUS=2

run_testguest_uefi corei7_skylake_x "console=ttyS0 ept_remote" hvcfg=test_hypercalls=on ||
	e2e_fail "run ended: $BOCHS_OUTCOME after ${BOCHS_SECONDS}s"
log=$E2E_TMP/serial.log
grep -q '^PASS ept_flush_remote' "$log" ||
	e2e_fail "no 'PASS ept_flush_remote': $(grep 'ept_flush_remote' "$log" || echo none)"
! grep -q 'did not flush' "$log" || e2e_fail "hv: $(grep 'did not flush' "$log")"
echo "  $(grep '^PASS ept_flush_remote' "$log")"

e2e_build_variant local_flush '-DHV_TEST_LOCAL_EPT_FLUSH_ONLY=1'
mkdir -p "$E2E_TMP/variant" && E2E_TMP=$E2E_TMP/variant
run_testguest_uefi corei7_skylake_x "console=ttyS0 ept_remote" hvcfg=test_hypercalls=on ||
	e2e_fail "variant run ended: $BOCHS_OUTCOME after ${BOCHS_SECONDS}s"
grep -q '^FAIL ept_flush_remote .*kept writing' "$E2E_TMP/serial.log" ||
	e2e_fail "local-flush-only build: want 'FAIL ept_flush_remote ... kept writing', got:" \
		"$(grep 'ept_flush_remote' "$E2E_TMP/serial.log" || echo none)"
echo "  local-flush-only build: $(grep '^FAIL ept_flush_remote' "$E2E_TMP/serial.log")"
e2e_pass
