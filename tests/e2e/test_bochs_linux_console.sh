#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Console input through hv: Bochs 3.0 + legacy BIOS + GRUB -> hv.elf ->
# Debian 12's stock kernel + the project's initramfs with `hv.test=console`
# (512 MB, corei7_skylake_x, 1 CPU). COM1 is a TCP socket (Bochs' com1
# `mode=socket-server`; it waits for the connection before the machine
# starts): this script connects with bash's /dev/tcp, copies everything COM1
# sends into serial.log, and when /init prints `hv-test: type a line` it
# types a line (ending in CR, as a terminal does). Passes when the guest
# answers `hv-test: got <that line>` (the byte went through the UART's
# receive interrupt, the guest's 8250 driver and its tty), the run ends in an
# ACPI power-off, and neither hv nor the kernel panicked. ~25 s.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"
# shellcheck source=tests/e2e/linux_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/linux_lib.sh"

linux_e2e_begin bochs_linux_console "$HV_BUILD/hv.elf"
LINE=${CONSOLE_LINE:-hello from the console test 42}
# A port per run, so that parallel runs do not collide.
PORT=${CONSOLE_PORT:-$((20000 + $$ % 20000))}
SERIAL=$E2E_TMP/serial.log

# feed_console: connect to Bochs' COM1 socket (retrying until Bochs
# listens), copy its output to $SERIAL, type $LINE at the prompt, and keep
# the connection open until Bochs closes it.
feed_console() {
	local i
	for i in $(seq 1 150); do
		{ exec 3<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null && break
		sleep 0.2
	done
	[ "$i" -lt 150 ] || { echo "  console: cannot connect to 127.0.0.1:$PORT"; return 1; }
	cat <&3 >>"$SERIAL" &
	local cat_pid=$!
	for i in $(seq 1 1200); do
		grep -aq 'hv-test: type a line' "$SERIAL" && break
		kill -0 "$cat_pid" 2>/dev/null || return 1
		sleep 0.2
	done
	sleep 0.5
	printf '%s\r' "$LINE" >&3
	wait "$cat_pid"
}

GRUB_INITRD=$LINUX_INITRD make_grub_iso "$E2E_TMP/boot.iso" "$HV_BUILD/hv.elf" "log=info" \
	"$LINUX_KERNEL" "$LINUX_CMDLINE_BASE hv.test=console" || e2e_fail "cannot make the ISO"
bochsrc_write "$E2E_TMP/bochsrc" firmware=bios model=corei7_skylake_x cpus=1 \
	mem="$LINUX_MEM" cdrom="$E2E_TMP/boot.iso" serial="$SERIAL" \
	log="$E2E_TMP/bochs.log" || e2e_fail "cannot write the bochsrc"
sed -i "s|^com1: .*|com1: enabled=1, mode=socket-server, dev=127.0.0.1:$PORT|" "$E2E_TMP/bochsrc"

feed_console &
feeder=$!
BOCHS_GRACE=${BOCHS_GRACE:-10}
bochs_run "$E2E_TMP/bochsrc" "$SERIAL" "${E2E_TIMEOUT:-240}" \
	'reboot: (Power down|System halted)|hv-test: no input' "$LINUX_FAIL_RE"
status=$?
kill "$feeder" 2>/dev/null
wait "$feeder" 2>/dev/null
[ "$status" = 0 ] || e2e_fail "${BOCHS_OUTCOME:-?} after ${BOCHS_SECONDS:-?}s"
echo "  Bochs ran ${BOCHS_SECONDS}s"
text=$(serial_text "$SERIAL")
if ! grep -aqF "hv-test: got $LINE" <<<"$text"; then
	bochs_report_failure "$SERIAL" "$E2E_TMP/bochs.log"
	e2e_fail "no 'hv-test: got $LINE' ($(grep -a 'hv-test: no input' <<<"$text" || echo 'wrong answer'))"
fi
grep -aq 'ACPI control: soft power off' "$E2E_TMP/bochs.log" ||
	e2e_fail "Bochs logged no 'ACPI control: soft power off'"
echo "  guest answered: $(grep -aF "hv-test: got" <<<"$text" | head -n 1)"
e2e_pass
