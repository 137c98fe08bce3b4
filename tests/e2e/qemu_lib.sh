# SPDX-License-Identifier: MIT
# shellcheck shell=bash disable=SC2034 # (variables set here are read by the sourcing tests)
# Shared helpers for the QEMU firmware-path tests (sourced, not run). QEMU's
# TCG has no VMX, so these tests cover what hv.efi does before it needs VMX:
# config and file errors, the CPU check, and handing control back to OVMF.
# Each test builds an ESP directory in a scratch dir, boots it with OVMF
# (QEMU's vvfat "fat:rw:" drive), and polls the serial log so that it ends
# as soon as the line it waits for appears instead of at the timeout.
#
# Environment: HV_EFI (default build/hv.efi), HV_GUEST (build/testguest.bin),
# OVMF_CODE, OVMF_VARS, QEMU_TIMEOUT (seconds per boot, default 60),
# KEEP_TMP=1 to keep the scratch directory (build/e2e/<test>.XXXXXX) even
# when the test passes; it is always kept when the test fails.

HV_ROOT=${HV_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
HV_BUILD=${HV_BUILD:-$HV_ROOT/build}
HV_EFI=${HV_EFI:-$HV_BUILD/hv.efi}
HV_GUEST=${HV_GUEST:-$HV_BUILD/testguest.bin}
OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-60}

# What Debian 12's OVMF (edk2 2022.11, release build) prints on the serial
# console when a boot option's image returns an error, and when it moves on:
#   BdsDxe: failed to start Boot0002 "UEFI QEMU HARDDISK QM00001 " from ...: Unsupported
#   BdsDxe: loading Boot0003 "EFI Internal Shell" from Fv(...)/FvFile(...)
# The status text is the EFI_STATUS hv.efi returned, so the first line is
# the firmware itself confirming that hv gave control back, and with what.
# (The debug console on port 0x402 stays silent: this OVMF is a release build.)
OVMF_FAILED_RE='BdsDxe: failed to start Boot[0-9A-F]{4} "UEFI QEMU HARDDISK'
OVMF_NEXT_RE='BdsDxe: (loading|starting) Boot[0-9A-F]{4} "EFI Internal Shell"'
# hv's own log lines carry "[cpuN +time] hv: ".
HV_RE='^\[cpu[0-9]+ \+[0-9.t]+\] hv: '

TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}
WORK=
ESP=
LOG=
QEMU_PID=

# qemu_stop: stop the QEMU this script started, if it still runs.
qemu_stop() {
	if [ -n "$QEMU_PID" ]; then
		kill "$QEMU_PID" 2>/dev/null
		wait "$QEMU_PID" 2>/dev/null
		QEMU_PID=
	fi
}

# qemu_setup: make the scratch dir, an ESP with hv.efi as the removable-
# media boot loader \EFI\BOOT\BOOTX64.EFI, and the serial log's path.
qemu_setup() {
	[ -f "$HV_EFI" ] || test_fail "$HV_EFI is missing (run 'make all')"
	command -v qemu-system-x86_64 >/dev/null || test_fail "qemu-system-x86_64 is not installed"
	[ -f "$OVMF_CODE" ] || test_fail "$OVMF_CODE is missing (package ovmf)"
	mkdir -p "$HV_BUILD/e2e"
	WORK=$(mktemp -d "$HV_BUILD/e2e/$TEST_NAME.XXXXXX")
	trap 'qemu_stop' EXIT
	trap 'qemu_stop; exit 130' INT
	trap 'qemu_stop; exit 143' TERM
	ESP=$WORK/esp
	LOG=$WORK/serial.log
	mkdir -p "$ESP/EFI/BOOT" "$ESP/EFI/hv"
	cp "$HV_EFI" "$ESP/EFI/BOOT/BOOTX64.EFI"
}

# esp_write_cfg: \EFI\BOOT\hv.cfg from stdin.
esp_write_cfg() {
	cat >"$ESP/EFI/BOOT/hv.cfg"
}

# esp_add_guest: the test guest at \EFI\hv\guest.bin. Tests that stop before
# hv_main() only need a non-empty file there, so a stand-in is used when the
# test guest has not been built.
esp_add_guest() {
	if [ -s "$HV_GUEST" ]; then
		cp "$HV_GUEST" "$ESP/EFI/hv/guest.bin"
	else
		head -c 4096 /dev/zero | tr '\0' 'G' >"$ESP/EFI/hv/guest.bin"
	fi
}

# The serial log without CRs and terminal escape sequences, one line per line.
log_text() {
	sed -e 's/\x1b\[[0-9;=?]*[A-Za-z]//g' -e 's/\r//g' "$LOG" 2>/dev/null
}

# qemu_run DONE_RE [FAIL_RE]: boot the ESP; return 0 as soon as a log line
# matches DONE_RE (extended regex), 1 when one matches FAIL_RE, QEMU exits,
# or QEMU_TIMEOUT passes. QEMU is stopped either way.
qemu_run() {
	local done_re=$1 fail_re=${2:-} rc=1 start=$SECONDS
	cp "$OVMF_VARS" "$WORK/vars.fd"
	: >"$LOG"
	timeout --kill-after=5 "$QEMU_TIMEOUT" qemu-system-x86_64 \
		-machine q35 -accel tcg -cpu max -m 256 \
		-drive if=pflash,format=raw,readonly=on,file="$OVMF_CODE" \
		-drive if=pflash,format=raw,file="$WORK/vars.fd" \
		-drive format=raw,file=fat:rw:"$ESP" \
		-nic none -display none -serial file:"$LOG" -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		>"$WORK/qemu.out" 2>&1 &
	QEMU_PID=$!
	while :; do
		if log_text | grep -Eq -- "$done_re"; then
			rc=0
			break
		fi
		if [ -n "$fail_re" ] && log_text | grep -Eq -- "$fail_re"; then
			break
		fi
		kill -0 "$QEMU_PID" 2>/dev/null || break
		sleep 0.2
	done
	qemu_stop
	QEMU_SECONDS=$((SECONDS - start))
	return $rc
}

# log_has RE: some line of the serial log matches RE.
log_has() {
	log_text | grep -Eq -- "$1"
}

# log_order RE...: lines matching each RE appear in this order (each one
# after the line the previous RE matched). Prints the first RE not found.
log_order() {
	local text re n line=0
	text=$(log_text)
	for re in "$@"; do
		n=$(tail -n +$((line + 1)) <<<"$text" | grep -Enm1 -- "$re" | cut -d: -f1)
		if [ -z "$n" ]; then
			echo "$re"
			return 1
		fi
		line=$((line + n))
	done
}

# expect_order WHY RE...: log_order or fail the test, naming the missing line.
expect_order() {
	local why=$1 missing
	shift
	missing=$(log_order "$@") || test_fail "$why: no line matching /$missing/ in order"
}

# test_pass: one "ok" line; the scratch directory goes unless KEEP_TMP=1.
test_pass() {
	echo "ok $TEST_NAME (${QEMU_SECONDS:-?} s in QEMU)"
	[ -n "${KEEP_TMP:-}" ] || [ -z "$WORK" ] || rm -rf "$WORK"
	exit 0
}

# test_fail WHY: one FAIL line, then the end of the serial log for context.
test_fail() {
	echo "FAIL $TEST_NAME: $1"
	if [ -n "$LOG" ] && [ -f "$LOG" ]; then
		echo "--- last 40 lines of the serial log ($LOG) ---"
		log_text | tail -n 40
		echo "---"
	fi
	[ -z "$WORK" ] || echo "  files kept in $WORK"
	exit 1
}

# boot_expect WHY LINE_RE STATUS: boot the current ESP and check that hv said
# its banner, then LINE_RE, that it handed STATUS (the firmware's text for
# it, e.g. "Invalid Parameter") back to OVMF, which went on to its next boot
# option, and that hv never got past the firmware. Adds the boot's seconds to
# $total and prints hv's line.
total=0
boot_expect() {
	local why=$1 line_re=$2 status=$3
	qemu_run "$OVMF_NEXT_RE" || test_fail "$why: OVMF did not go on to its next boot option"
	total=$((total + QEMU_SECONDS))
	expect_order "$why" \
		"${HV_RE}hv [0-9.]+ \(UEFI\) starting" \
		"$HV_RE$line_re" \
		"$OVMF_FAILED_RE.*: $status\$" \
		"$OVMF_NEXT_RE"
	log_has 'hv: launching the guest|ExitBootServices' &&
		test_fail "$why: hv went on past the firmware"
	echo "  $why: $(log_text | grep -E "$HV_RE$line_re" | head -n 1 | sed 's/^\[[^]]*\] //')"
}
