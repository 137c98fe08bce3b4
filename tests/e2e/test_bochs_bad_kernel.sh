#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + legacy BIOS + GRUB: hv.elf given a guest module that is not a
# kernel it can start. Each case must end with one clear hv line naming the
# problem, then hv stops (`hv: guest stopped: no guest to run`) instead of
# jumping into the bytes; no guest may run. Two boots:
#   1. truncated bzImage: `module2` the first 16 KiB of Debian's stock kernel
#      (its setup code alone is 20 KiB) -> "hv: cannot load the guest: guest
#      image ...: kernel image is truncated ...";
#   2. not a kernel: `module2` the initramfs -> "... not a Linux kernel image".
# A missing initrd is no error under GRUB (there is simply no second module2
# line); the UEFI side of all three cases is test_qemu_bad_kernel.sh.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_bad_kernel
e2e_need_bochs
KERNEL=${LINUX_KERNEL:-$HV_BUILD/linux/vmlinuz}
INITRD=${LINUX_INITRD:-$HV_BUILD/linux/initramfs.gz}
e2e_need_file "$HV_BUILD/hv.elf" "$KERNEL" "$INITRD"
E2E_TIMEOUT=${E2E_TIMEOUT:-180}
BOCHS_GRACE=${BOCHS_GRACE:-1} # hv parks after its message: no power-off to wait for
failed=

# bad_module CASE FILE LINE_RE: boot hv.elf with FILE as the guest module;
# hv must print LINE_RE, stop, and no kernel output may follow.
bad_module() {
	local name=$1 file=$2 want=$3 log
	echo "  case $name: module2 $(basename "$file") ($(stat -c %s "$file") bytes)"
	# bochs_run counts "hv stopped the guest" as a failure; here it is the point.
	run_grub corei7_skylake_x "log=info" "$file" "console=ttyS0,115200" \
		'hv: guest stopped' >/dev/null
	log=$(serial_text "$E2E_TMP/serial.log")
	if ! grep -aqE "$want" <<<"$log"; then
		echo "  case $name: no line /$want/ ($BOCHS_OUTCOME after ${BOCHS_SECONDS}s)"
		bochs_report_failure "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log"
		failed="$failed $name"
	elif ! grep -aq 'hv: guest stopped: no guest to run' <<<"$log"; then
		echo "  case $name: hv did not stop with 'no guest to run'"
		failed="$failed $name"
	elif grep -aqE 'launching the guest|^\[ *[0-9]+\.[0-9]+\] ' <<<"$log"; then
		echo "  case $name: the guest was started"
		failed="$failed $name"
	else
		echo "  hv said: $(grep -aE "$want" <<<"$log" | head -n 1 | sed 's/^\[[^]]*\] //')"
	fi
	mv "$E2E_TMP/serial.log" "$E2E_TMP/serial-$name.log"
	mv "$E2E_TMP/bochs.log" "$E2E_TMP/bochs-$name.log"
}

head -c 16384 "$KERNEL" >"$E2E_TMP/truncated.bin"
bad_module truncated "$E2E_TMP/truncated.bin" \
	'hv: cannot load the guest: guest image .*: kernel image is truncated'
bad_module not_a_kernel "$INITRD" \
	'hv: cannot load the guest: guest image .*: not a Linux kernel image'

[ -z "$failed" ] || e2e_fail "case(s)$failed"
e2e_pass
