#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + legacy BIOS, corei7_skylake_x: GRUB loads hv.elf and the test
# guest with `module2 /boot/guest.bin triple_fault`. The guest prints
# `testguest: causing a triple fault`, loads an empty IDT and executes INT3
# (#GP, then #DF, then shutdown). In VMX non-root operation that is a VM exit
# with basic reason 2, which hv must report (`guest triple fault: exit reason
# 2, ..., guest RIP 0x...`) and then stop the guest (`guest stopped`) instead
# of resetting the machine. The harness kills Bochs once the log settles, so
# a reset shows as a second boot (a second `testguest: start`) or as Bochs'
# own "3rd exception with no resolution" in its log.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_triple_fault
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.elf" "$HV_BUILD/testguest.bin"
E2E_TIMEOUT=${E2E_TIMEOUT:-180}
BOCHS_GRACE=${BOCHS_GRACE:-1} # hv parks after the awaited line
serial=$E2E_TMP/serial.log
# bochs_run counts hv's "guest stopped" as a failed run, but here it is the
# goal: keep its explanation quiet unless the outcome is something else.
run_grub corei7_skylake_x "log=${HV_LOG:-info}" "$HV_BUILD/testguest.bin" \
	"console=ttyS0 triple_fault" 'hv: guest stopped' >"$E2E_TMP/run.out" 2>&1
case $BOCHS_OUTCOME in
stopped | done) ;;
*)
	cat "$E2E_TMP/run.out"
	e2e_fail "run ended: $BOCHS_OUTCOME after ${BOCHS_SECONDS}s"
	;;
esac
log=$(serial_text "$serial")

# line_of REGEX: the number of the first serial line matching REGEX, or "".
line_of() {
	grep -anE "$1" <<<"$log" | head -n 1 | cut -d: -f1
}

# fail WHY: the logs' tails, then the failure.
fail() {
	bochs_report_failure "$serial" "$E2E_TMP/bochs.log"
	e2e_fail "$1"
}

said=$(line_of '^testguest: causing a triple fault')
caught=$(line_of 'hv: .*guest triple fault: exit reason 2,.*guest RIP 0x[0-9a-f]+')
stopped=$(line_of 'hv: .*guest stopped')
[ -n "$said" ] || fail "no 'testguest: causing a triple fault' line"
[ -n "$caught" ] || fail "no 'guest triple fault: exit reason 2 ... guest RIP 0x...' line from hv"
[ -n "$stopped" ] || fail "no 'guest stopped' line from hv"
if ! ((said < caught && caught < stopped)); then
	fail "lines out of order: guest $said, triple fault $caught, stopped $stopped"
fi
if grep -aqE '(^|[[:space:]])(PASS|FAIL) ' <<<"$log"; then
	fail "the guest ran its checks: it ignored triple_fault on its command line"
fi
starts=$(grep -ac '^testguest: start' <<<"$log")
[ "$starts" = 1 ] || fail "the guest started $starts times: the machine was reset"
if grep -aqE '>>PANIC<<|3rd .*exception with no resolution|CPU is in reset|reset issued' \
	"$E2E_TMP/bochs.log"; then
	fail "Bochs panicked or reset: $(grep -aE '>>PANIC<<|3rd .*exception|reset' \
		"$E2E_TMP/bochs.log" | head -n 2 | paste -sd '|')"
fi
# The guest RIP must lie in idt_triple_fault (guest/testguest/idt.c), the
# function that executes INT3, when the guest's symbols are at hand.
rip=$(sed -n "${caught}p" <<<"$log" | grep -oE 'guest RIP 0x[0-9a-f]+' | grep -oE '0x[0-9a-f]+')
read -r fn_start fn_size _ < <(nm -S "$HV_BUILD/testguest.elf" 2>/dev/null |
	grep ' idt_triple_fault$')
if [ -n "${fn_start:-}" ] && [ -n "${fn_size:-}" ] &&
	! ((rip >= 0x$fn_start && rip < 0x$fn_start + 0x$fn_size)); then
	fail "guest RIP $rip is not in idt_triple_fault (0x$fn_start+0x$fn_size)"
fi
echo "  hv said: $(sed -n "${caught}p" <<<"$log" | sed 's/^.*hv: //')"
echo "  (${BOCHS_SECONDS}s in Bochs)"
e2e_pass
