#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hv without a serial console: Bochs 3.0 + legacy BIOS + GRUB ->
# `multiboot2 /boot/hv.elf log=info console=none` -> Debian 12's stock kernel
# + the project's initramfs with `hv.test=log` (512 MB, corei7_skylake_x,
# 1 CPU). /init runs /bin/hv-log (guest/linux/hv_log.c: HC_LOG_READ from
# user space) and prints its output, each line prefixed `hv-log| `, between
# `hv-test: hv-log begin` and `hv-test: hv-log end (exit N)`. Passes when:
#   - COM1 holds no line of hv's own (hv never touched the UART);
#   - hv-log exited 0 and printed hv's banner (logged before the command
#     line was parsed, so kept in the ring from the start), the console line
#     (`console: none`), and the lines about the guest's start;
#   - the run ended in an ACPI power-off.
# ~30 s.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"
# shellcheck source=tests/e2e/linux_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/linux_lib.sh"

linux_e2e_begin bochs_linux_log "$HV_BUILD/hv.elf"
HV_FAIL_RE=$LINUX_FAIL_RE
HV_LINE_RE='^\[cpu[0-9]+ [^]]*\] hv: '
TOOL_LINE_RE='^hv-log\| \[cpu0 [^]]*\] hv: '
SERIAL=$E2E_TMP/serial.log

GRUB_INITRD=$LINUX_INITRD run_grub corei7_skylake_x "log=info console=none" "$LINUX_KERNEL" \
	"$LINUX_CMDLINE_BASE hv.test=log" 'hv-test: hv-log end' mem="$LINUX_MEM" ||
	e2e_fail "run ended: $BOCHS_OUTCOME after ${BOCHS_SECONDS}s"
echo "  Bochs ran ${BOCHS_SECONDS}s"
text=$(serial_text "$SERIAL")
tool=$(sed -n '/hv-test: hv-log begin/,/hv-test: hv-log end/p' <<<"$text")
why=
if grep -aqE "$HV_LINE_RE" <<<"$text"; then
	why="hv wrote to COM1 with console=none: $(grep -aE "$HV_LINE_RE" <<<"$text" | head -n 2 | paste -sd '|')"
elif ! grep -aq 'hv-test: hv-log end (exit 0)' <<<"$text"; then
	why="hv-log failed: $(grep -a 'hv-log' <<<"$text" | tail -n 3 | paste -sd '|')"
else
	for want in 'hv 0\.1 \(Multiboot2\) starting' 'console: none' \
		"guest module 1: entry 0x[0-9a-f]+, zero page" 'launching the guest'; do
		grep -aqE "$TOOL_LINE_RE$want" <<<"$tool" && continue
		why="hv-log printed no line /$want/"
		break
	done
fi
if [ -z "$why" ] && ! grep -aq 'ACPI control: soft power off' "$E2E_TMP/bochs.log"; then
	why="Bochs logged no 'ACPI control: soft power off'"
fi
if [ -n "$why" ]; then
	bochs_report_failure "$SERIAL" "$E2E_TMP/bochs.log"
	e2e_fail "$why"
fi
echo "  hv-log printed $(grep -acE "$TOOL_LINE_RE" <<<"$tool") of hv's lines; first and last:"
grep -aE "$TOOL_LINE_RE" <<<"$tool" | sed -n '1p;$p' | sed 's/^/    /'
e2e_pass
