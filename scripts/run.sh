#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make run`: boot hv with its default guest and show the serial console on
# this terminal until the guest powers off.
#   - With /dev/kvm and a host CPU that offers VMX: QEMU + KVM (nested VMX,
#     `-cpu host,+vmx`) + OVMF, hv.efi and the guest in a FAT directory,
#     `-serial stdio`.
#   - Otherwise: Bochs 3.0 (the only emulator here that runs VMX) + OVMF +
#     CPU model corei7_skylake_x, hv.efi on a FAT disk image; COM1 goes to a
#     file that is followed on the terminal.
# Settings (environment):
#   KVM=1|0       force QEMU+KVM or Bochs (default: detect)
#   DRY_RUN=1     print the emulator command line (and bochsrc) only
#   GUEST=FILE    guest image (default build/testguest.bin)
#   INITRD=FILE   optional initrd
#   CMDLINE=...   guest command line (default console=ttyS0)
#   HV_LOG=level  hv's log level: error|warn|info|debug (default info)
#   MEM=MB CPUS=N guest memory and CPU count (default 256, 1)
#   MODEL=NAME    Bochs CPU model (default corei7_skylake_x)
#   RUN_TIMEOUT=S stop Bochs after S seconds (default 3600)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=tests/e2e/bochs_lib.sh
. "$ROOT/tests/e2e/bochs_lib.sh"

GUEST=${GUEST:-$HV_BUILD/testguest.bin}
INITRD=${INITRD:-}
CMDLINE=${CMDLINE:-console=ttyS0}
MEM=${MEM:-256}
CPUS=${CPUS:-1}
MODEL=${MODEL:-corei7_skylake_x}
WORK=$HV_BUILD/run

die() {
	echo "run: $*" >&2
	exit 1
}

# print_cmd WORD...: one line, words quoted only where a shell needs it.
print_cmd() {
	local w out=
	for w in "$@"; do
		if [[ $w =~ ^[A-Za-z0-9_./,:=+@%-]+$ ]] || [[ $w == "<"* ]] || [[ $w == "#"* ]]; then
			out+="$w "
		else
			out+="$(printf '%q' "$w") "
		fi
	done
	echo "${out% }"
}

have_kvm_vmx() {
	[ -c /dev/kvm ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qw vmx /proc/cpuinfo
}

if [ -z "${KVM:-}" ]; then
	if have_kvm_vmx; then KVM=1; else KVM=0; fi
elif [ "$KVM" = 1 ] && ! have_kvm_vmx && [ -z "${DRY_RUN:-}" ]; then
	die "KVM=1 but /dev/kvm is missing or the host CPU offers no VMX"
fi

for f in "$HV_BUILD/hv.efi" "$GUEST" ${INITRD:+"$INITRD"}; do
	[ -s "$f" ] || die "missing $f (run 'make all')"
done

mkdir -p "$WORK"
initrd_path=
[ -z "$INITRD" ] || initrd_path='\EFI\hv\initrd'
make_esp_dir "$WORK/esp" "$HV_BUILD/hv.efi" "$GUEST" \
	"$(hv_cfg_text '\EFI\hv\guest.bin' "$CMDLINE" "${HV_LOG:-info}" "$initrd_path")" "$INITRD"

run_qemu() {
	local vars=$WORK/OVMF_VARS_4M.fd
	cp "$OVMF_VARS" "$vars"
	local cmd=(qemu-system-x86_64 -machine q35 -accel kvm -cpu "host,+vmx"
		-m "$MEM" -smp "$CPUS"
		-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE"
		-drive "if=pflash,format=raw,file=$vars"
		-drive "format=raw,file=fat:rw:$WORK/esp"
		-nic none -display none -serial stdio -no-reboot
		-device "isa-debug-exit,iobase=0xf4,iosize=0x04")
	if [ -n "${DRY_RUN:-}" ]; then
		print_cmd "${cmd[@]}"
		return 0
	fi
	echo "run: QEMU + KVM + OVMF; the guest's serial console follows (Ctrl-C ends)"
	# isa-debug-exit and -no-reboot make QEMU's exit status meaningless here.
	"${cmd[@]}" || true
}

run_bochs() {
	[ -x "$BOCHS" ] || die "no Bochs at $BOCHS (run 'make deps')"
	make_fat_disk "$WORK/disk.img" "$WORK/esp"
	local serial=$WORK/serial.log rc=$WORK/bochsrc
	bochsrc_write "$rc" firmware=ovmf model="$MODEL" cpus="$CPUS" mem="$MEM" \
		disk="$WORK/disk.img" cylinders="$FAT_CYLINDERS" \
		serial="$serial" log="$WORK/bochs.log"
	local cmd=(timeout --kill-after=5 "${RUN_TIMEOUT:-3600}" "$BOCHS" -q -f "$rc" -unlock)
	if [ -n "${DRY_RUN:-}" ]; then
		echo "# $rc:"
		sed 's/^/#   /' "$rc"
		print_cmd "${cmd[@]}" "</dev/null" "# COM1 -> $serial"
		return 0
	fi
	echo "run: Bochs 3.0 + OVMF ($MODEL, no KVM); COM1 -> $serial (Bochs log $WORK/bochs.log)"
	: >"$serial"
	"${cmd[@]}" </dev/null >"$rc.e9" 2>"$rc.stderr" &
	BOCHS_PID=$!
	trap 'bochs_stop; echo; echo "run: stopped"; exit 130' INT TERM
	# Follow COM1; drop OVMF's clear-screen and mode escapes so that the
	# terminal's history survives.
	tail -n +1 -f --pid="$BOCHS_PID" "$serial" |
		sed -u -e 's/\x1b\[[0-9;=]*[HJhm]//g' &
	local tail_pid=$!
	# hv parks the CPU after "guest stopped": Bochs would spin forever.
	while kill -0 "$BOCHS_PID" 2>/dev/null; do
		if grep -aq 'hv: guest stopped' "$serial"; then
			sleep 1
			echo "run: hv stopped the guest; stopping Bochs"
			bochs_stop
			break
		fi
		sleep 0.5
	done
	wait "$tail_pid" 2>/dev/null || true
	bochs_stop
	if grep -a '>>PANIC<<' "$WORK/bochs.log" | grep -vqE "$BOCHS_NORMAL_END_RE"; then
		echo "run: Bochs panicked:"
		bochs_log_problems "$WORK/bochs.log"
	fi
	echo "run: Bochs ended"
}

if [ "$KVM" = 1 ]; then run_qemu; else run_bochs; fi
