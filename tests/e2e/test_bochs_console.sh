#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hv's console choice (console=, baud=), Bochs 3.0 + legacy BIOS + GRUB ->
# hv.elf with the test guest, which prints on COM1 itself:
#   1. `console=com2 baud=57600`, Bochs with COM1 and COM2 (each to a file):
#      hv's lines are in COM2's file, from its banner (logged before the
#      command line was parsed: replayed from the ring) to `launching the
#      guest`, and say 57600 baud; COM1's file holds no hv line; the test
#      guest passes (on COM1). (Bochs reports the divisor it was given only
#      in its serial debug output, which logs every register read and makes
#      the run take minutes: the divisor itself is a unit test.)
#   2. the same through UEFI (OVMF, hv.efi, `console = com2` and
#      `baud = 57600` in hv.cfg; the banner there says "(UEFI)");
#   3. `console=com2` on a machine without COM2 (Bochs' unused ports read
#      0xff): hv neither stalls nor falls back to COM1: the test guest
#      passes and COM1 holds no hv line (hv's "no UART answers" note goes
#      to the ring only; test_bochs_linux_log.sh reads the ring);
#   4. `console=com3`: one clear line on COM1 (the default console, opened
#      for the error), no guest run, hv halts.
# ~10 s.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_console
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.elf" "$HV_BUILD/testguest.bin"
E2E_TIMEOUT=${E2E_TIMEOUT:-180}
HV_LINE_RE='^\[cpu[0-9]+ [^]]*\] hv: '
failed=

# need CASE FILE WHAT ERE: FILE (a serial log) must have a line matching ERE.
need() {
	grep -aqE "$4" <(serial_text "$2") && return 0
	echo "  case $1: no $3 (/$4/) in $(basename "$2")"
	failed="$failed $1"
	return 1
}

# check_com2 CASE BANNER: after a run with console=com2 baud=57600 and the
# test guest, judge COM2's file ($COM2) and COM1's, then keep both logs.
check_com2() {
	if check_testguest_passed "$E2E_TMP/serial.log" 10; then
		need "$1" "$COM2" "banner" "$HV_LINE_RE$2"
		need "$1" "$COM2" "console line" "$HV_LINE_RE"'console: port 0x2f8, 57600 baud'
		need "$1" "$COM2" "launch line" "$HV_LINE_RE"'launching the guest'
		if serial_text "$E2E_TMP/serial.log" | grep -aqE "$HV_LINE_RE"; then
			echo "  case $1: hv lines on COM1: $(serial_text "$E2E_TMP/serial.log" |
				grep -aE "$HV_LINE_RE" | head -n 2 | paste -sd '|')"
			failed="$failed $1"
		fi
		echo "  COM2: $(grep -acE "$HV_LINE_RE" <(serial_text "$COM2")) hv lines, COM1: none"
	else
		failed="$failed $1"
	fi
	mv "$E2E_TMP/serial.log" "$E2E_TMP/serial-$1.log"
	mv "$COM2" "$E2E_TMP/com2-$1.log"
}

COM2=$E2E_TMP/com2.log
echo "  case grub_com2: multiboot2 /boot/hv.elf log=info console=com2 baud=57600"
: >"$COM2"
run_grub corei7_skylake_x "log=info console=com2 baud=57600" "$HV_BUILD/testguest.bin" \
	"console=ttyS0" 'testguest: power off' com2="$COM2" || failed="$failed grub_com2"
check_com2 grub_com2 'hv 0\.1 \(Multiboot2\) starting'

echo "  case uefi_com2: hv.cfg console = com2, baud = 57600"
: >"$COM2"
run_testguest_uefi corei7_skylake_x "console=ttyS0" hvcfg=console=com2 hvcfg=baud=57600 \
	com2="$COM2" || failed="$failed uefi_com2"
check_com2 uefi_com2 'hv 0\.1 \(UEFI\) starting'

echo "  case absent_com2: multiboot2 /boot/hv.elf console=com2, no COM2 in the machine"
if run_grub corei7_skylake_x "log=info console=com2" "$HV_BUILD/testguest.bin" "console=ttyS0" \
	'testguest: power off' && check_testguest_passed "$E2E_TMP/serial.log" 10; then
	if serial_text "$E2E_TMP/serial.log" | grep -aqE "$HV_LINE_RE"; then
		echo "  case absent_com2: hv lines on COM1"
		failed="$failed absent_com2"
	fi
	echo "  the guest passed in ${BOCHS_SECONDS}s"
else
	failed="$failed absent_com2"
fi
mv "$E2E_TMP/serial.log" "$E2E_TMP/serial-absent_com2.log"

echo "  case bad_console: multiboot2 /boot/hv.elf console=com3"
bad_re="command line word 1: bad value 'com3' for console"
if BOCHS_GRACE=1 run_grub corei7_skylake_x "console=com3" "$HV_BUILD/testguest.bin" \
	"console=ttyS0" "$bad_re"; then
	serial_settle "$E2E_TMP/serial.log"
	echo "  hv said: $(serial_text "$E2E_TMP/serial.log" | grep -a "$bad_re" | head -n 1)"
	if grep -aq 'testguest:' "$E2E_TMP/serial.log"; then
		echo "  case bad_console: the guest ran"
		failed="$failed bad_console"
	fi
	need bad_console "$E2E_TMP/serial.log" "halt line" "$HV_LINE_RE"'halted'
else
	failed="$failed bad_console"
fi

[ -z "$failed" ] || e2e_fail "case(s)$failed"
e2e_pass
