#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + legacy BIOS: GRUB loads hv.elf with
# `multiboot2 /boot/hv.elf log=info test_hypercalls=on` and the test guest,
# so the test-interface checks run (testdev_*, mmio_cache_paths, mbec_matrix,
# mbec_paging_off, ept_write_protect) instead of SKIPping. Two cases, one
# script:
#   MBEC_CASE=on  (default; this script's own name) on corei7_skylake_x, which
#                 has MBEC (BX_VMX_MBE_CONTROL in Bochs 3.0's
#                 cpu/cpudb/intel/corei7_skylake-x.cc);
#   MBEC_CASE=off (test_bochs_no_mbec.sh) on corei7_haswell_4770: EPT and
#                 unrestricted guest but no MBE_CONTROL in its cpudb entry.
# Passes when the guest reports `testguest: N passed, 0 failed, 0 skipped`
# with every check listed below PASSing, the MBEC-dependent lines name the
# expected path (`(MBEC on)` or `(MBEC off: single execute bit)`), and hv's
# log says `MBEC on` (or `MBEC off`) exactly once and never the other.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

MBEC_CASE=${MBEC_CASE:-on}
case $MBEC_CASE in
on) name=bochs_mbec model=corei7_skylake_x path='(MBEC on)' other='MBEC off' ;;
off) name=bochs_no_mbec model=corei7_haswell_4770 path='(MBEC off: single execute bit)'
	other='MBEC on' ;;
*) echo "MBEC_CASE must be on or off, not '$MBEC_CASE'" >&2; exit 2 ;;
esac
MBEC_CHECKS=(mbec_matrix mbec_paging_off)
NEW_CHECKS=(ioapic_version mmio_cache_paths testdev_id testdev_echo testdev_move
	"${MBEC_CHECKS[@]}" ept_write_protect)

e2e_begin "$name"
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.elf" "$HV_BUILD/testguest.bin"
run_grub "$model" "log=${HV_LOG:-info} test_hypercalls=on" "$HV_BUILD/testguest.bin" \
	"console=ttyS0" 'testguest: power off' ||
	e2e_fail "run ended: $BOCHS_OUTCOME after ${BOCHS_SECONDS}s"
serial=$E2E_TMP/serial.log
check_testguest_passed "$serial" 25 || e2e_fail "$CHECK_WHY"
log=$(serial_text "$serial")

# expect WHY GREP-ARGS...: fail with WHY (and the log's tail) unless grep matches.
expect() {
	local why=$1
	shift
	grep -aq "$@" <<<"$log" && return 0
	bochs_report_failure "$serial" "$E2E_TMP/bochs.log"
	e2e_fail "$why"
}

expect "not 0 skipped: the test interface did not answer" \
	-E 'testguest: [0-9]+ passed, 0 failed, 0 skipped'
for check in "${NEW_CHECKS[@]}"; do
	expect "no 'PASS $check' line" -E "^PASS $check( |\$)"
done
for check in "${MBEC_CHECKS[@]}"; do
	expect "'PASS $check' does not say '$path'" -F "PASS $check $path"
done
n=$(grep -ac 'hv: .*MBEC '"$MBEC_CASE" <<<"$log")
[ "$n" = 1 ] || e2e_fail "hv said 'MBEC $MBEC_CASE' $n times, want once"
if grep -aq "hv: .*$other" <<<"$log"; then
	e2e_fail "hv said '$other'"
fi
echo "  hv: $(grep -a 'hv: .*MBEC '"$MBEC_CASE" <<<"$log" | sed 's/^.*hv: //')"
for check in "${NEW_CHECKS[@]}"; do
	grep -aE "^PASS $check( |\$)" <<<"$log" | sed 's/^/  /'
done
echo "  (${BOCHS_SECONDS}s in Bochs)"
e2e_pass
