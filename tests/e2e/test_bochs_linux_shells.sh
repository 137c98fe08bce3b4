#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A shell on the screen as well as on the serial port: Bochs 3.0 + legacy
# BIOS + GRUB -> hv.elf -> Debian 12's stock kernel + the project's
# initramfs with `console=tty0 console=ttyS0,115200 ... hv.test=shells`
# (512 MB, corei7_skylake_x, 1 CPU). /init does what its interactive mode
# does (guest/linux/init): loads the USB keyboard modules the initramfs
# carries (/lib/modules/load-order, scripts/setup.sh) and starts a shell on
# the console (ttyS0, the last console=) and a respawning one on tty1 (the
# screen, console=tty0); it reports the load order, /proc/modules, the
# kernel's taint flags and each shell's controlling terminal, then runs
# busybox `poweroff` as a user's shell would. Passes when:
#   - no `insmod ... failed` line, every module in the load order (and at
#     least the host controllers' and the HID drivers) is in /proc/modules,
#     and the kernel is not tainted by an unsigned module (taint bit 13);
#   - init said where shells run, and a shell runs on ttyS0 and on tty1;
#   - the run ended in an ACPI power-off (PID 1's trap for busybox poweroff).
# Bochs is built without USB: no controller or keyboard is enumerated, so
# this shows the drivers load and register, not that a keyboard types.
# ~30 s.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"
# shellcheck source=tests/e2e/linux_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/linux_lib.sh"

linux_e2e_begin bochs_linux_shells "$HV_BUILD/hv.elf"
HV_FAIL_RE=$LINUX_FAIL_RE
SERIAL=$E2E_TMP/serial.log
KEYBOARD_MODULES='usbcore xhci_pci ehci_pci ohci_pci uhci_hcd hid usbhid hid_generic'
BOCHS_GRACE=${BOCHS_GRACE:-10}

run_linux_grub "console=tty0 $LINUX_CMDLINE_BASE hv.test=shells" 'reboot: Power down' ||
	e2e_fail "run ended: $BOCHS_OUTCOME after ${BOCHS_SECONDS}s"
echo "  Bochs ran ${BOCHS_SECONDS}s"
text=$(serial_text "$SERIAL")
order=$(hv_test_value "$SERIAL" load_order)
loaded=$(sed -n 's/.*hv-test: module=//p' <<<"$text" | paste -sd ' ')
tainted=$(hv_test_value "$SERIAL" tainted)
shells=$(sed -n 's/.*hv-test: \(shell=[^ ]*\) pid=.*/\1/p' <<<"$text" | sort | paste -sd ' ')
echo "  load order: ${order:-none}"
echo "  loaded: ${loaded:-none}; tainted=${tainted:-?}; shells: ${shells:-none}"
why=
if ! grep -aq 'hv-test: done' <<<"$text"; then
	why="no 'hv-test: done' (/init did not finish)"
elif grep -aq 'insmod .* failed' <<<"$text"; then
	why=$(grep -a 'insmod .* failed' <<<"$text" | head -n 3 | paste -sd '|')
elif [ -z "$order" ]; then
	why="the initramfs has no modules (no load order)"
elif ! [[ $tainted =~ ^[0-9]+$ ]] || (((tainted >> 13) & 1)); then
	why="kernel taint '$tainted' (bit 13: an unsigned module was loaded)"
elif ! grep -aq 'hv guest: busybox shells on ttyS0 (the console) and tty1;' <<<"$text"; then
	why="no 'busybox shells on ttyS0 (the console) and tty1' line"
elif [ "$shells" != 'shell=tty1 shell=ttyS0' ]; then
	why="shells on '$shells', want one on tty1 and one on ttyS0"
elif grep -aq 'hv-test: shell=.* ctrl_c=0' <<<"$text"; then
	why="a shell ignores SIGINT (Ctrl-C would not work): $(grep -a 'ctrl_c=0' <<<"$text" | head -n 1)"
fi
if [ -z "$why" ]; then
	for ko in $order $KEYBOARD_MODULES; do
		m=$(basename "$ko" .ko)
		m=${m//-/_}
		grep -qw -- "$m" <<<"$loaded" && continue
		why="module $m not in /proc/modules"
		break
	done
fi
if [ -z "$why" ] && ! grep -aq 'ACPI control: soft power off' "$E2E_TMP/bochs.log"; then
	why="Bochs logged no 'ACPI control: soft power off' (poweroff did not reach PID 1)"
fi
if [ -n "$why" ]; then
	bochs_report_failure "$SERIAL" "$E2E_TMP/bochs.log"
	e2e_fail "$why"
fi
e2e_pass
