#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Capability masking: hv boots the test guest under OVMF on Bochs 3.0 CPU
# models that lack optional VMX features, names what is missing in exactly
# one `hv: cpu:` line, works around it, and the guest passes every check.
# Cases (CPU_CASE, set by the wrapper scripts; default `all`):
#   all    corei7_skylake_x: every optional feature hv uses; VPID in use.
#   no_1g  corei7_sandy_bridge_2600k: no 1 GiB EPT pages, no MBEC, no
#          advanced EPT-violation information (its cpu/cpudb/intel/*.cc
#          lacks BX_ISA_1G_PAGES and BX_VMX_MBE_CONTROL; Bochs' vmcs.cc sets
#          IA32_VMX_EPT_VPID_CAP bits 17 and 22 only with them); VPID in use,
#          the EPT built from 2 MiB pages.
#   vpid_off  corei7_skylake_x with vpid=off: hv says so once and the guest
#          still passes (no Bochs 3.0 model with EPT lacks VPID).
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

CPU_CASE=${CPU_CASE:-all}
extra=()
case $CPU_CASE in
all) name=bochs_cpu_features model=corei7_skylake_x
	cpu_line='all optional VMX features present'
	vpid_line='VPID on: guest translations tagged 1, kept across VM exits (single-context INVVPID)'
	pages='1 GiB/2 MiB/4 KiB pages' ;;
no_1g) name=bochs_cpu_no_1g model=corei7_sandy_bridge_2600k
	cpu_line='no MBEC (single execute bit), no 1 GiB EPT pages (2 MiB pages), no advanced EPT-violation information (reports without the guest page'"'"'s U/S, R/W, XD)'
	vpid_line='VPID on: guest translations tagged 1, kept across VM exits (single-context INVVPID)'
	pages='2 MiB/4 KiB pages' ;;
vpid_off) name=bochs_vpid_off model=corei7_skylake_x extra=(hvcfg=vpid=off)
	cpu_line='all optional VMX features present'
	vpid_line='VPID off (vpid=off): guest TLB flushed on every VM exit and entry'
	pages='1 GiB/2 MiB/4 KiB pages' ;;
*) echo "CPU_CASE must be all, no_1g or vpid_off, not '$CPU_CASE'" >&2; exit 2 ;;
esac

e2e_begin "$name"
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.efi" "$HV_BUILD/testguest.bin"
run_testguest_uefi "$model" "console=ttyS0" ${extra[@]+"${extra[@]}"} ||
	e2e_fail "run ended: $BOCHS_OUTCOME after ${BOCHS_SECONDS}s"
serial=$E2E_TMP/serial.log
check_testguest_passed "$serial" 10 || e2e_fail "$CHECK_WHY"
log=$(serial_text "$serial")

# count FIXED-STRING: how many log lines contain it.
count() { grep -acF -- "$1" <<<"$log"; }

n=$(grep -ac 'hv: cpu: ' <<<"$log")
[ "$n" = 1 ] || e2e_fail "$n 'hv: cpu:' lines, want exactly one"
[ "$(count "hv: cpu: $cpu_line")" = 1 ] ||
	e2e_fail "the cpu line is '$(grep -a 'hv: cpu: ' <<<"$log" | sed 's/^.*hv: //')', want 'cpu: $cpu_line'"
[ "$(count "hv: $vpid_line")" = 1 ] || e2e_fail "no single 'hv: $vpid_line' line"
[ "$(grep -ac 'hv: VPID ' <<<"$log")" = 1 ] || e2e_fail "VPID named more than once"
[ "$(count "$pages), hv memory unmapped")" = 1 ] || e2e_fail "the EPT line does not say '$pages'"
if grep -aq 'instruction length\|differs from the boot CPU' <<<"$log"; then
	e2e_fail "hv complained: $(grep -a 'instruction length\|differs from the boot CPU' <<<"$log")"
fi
grep -a 'hv: cpu: \|hv: VPID ' <<<"$log" | sed 's/^.*hv: /  hv: /'
echo "  (${BOCHS_SECONDS}s in Bochs)"
e2e_pass
