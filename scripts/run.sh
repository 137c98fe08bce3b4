#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make run`: boot hv with its default guest and show the serial console on
# this terminal until the guest powers off.
#   - With /dev/kvm and a host CPU that offers VMX: QEMU + KVM (nested VMX,
#     `-cpu host,+vmx`, plus `+vmx-mbec` when both QEMU and the host offer
#     MBEC) + OVMF, booting the same GPT disk image `make usb` writes (built
#     by scripts/mkusb.sh for this run's guest and settings) as a USB stick on
#     an xHCI controller; COM1 is this terminal (`-serial mon:stdio`).
#   - Otherwise: Bochs 3.0 (the only emulator here that runs VMX) + OVMF +
#     CPU model corei7_skylake_x, booting the same image as its hard disk
#     (or the legacy BIOS, BOOT=grub); COM1 goes to a file that is followed
#     on the terminal, or to this terminal both ways for the Linux shell.
# Settings (environment):
#   KVM=1|0       force QEMU+KVM or Bochs (default: detect)
#   DRY_RUN=1     print the emulator command line (and bochsrc) only; under
#                 KVM the disk image is still built, so the line can be run
#   MBEC=auto|1|0 KVM only: ask QEMU for nested MBEC (+vmx-mbec); auto = when
#                 QEMU knows the flag and /proc/cpuinfo's "vmx flags" line
#                 has ept_mode_based_exec
#   GUEST=linux   the default: Debian 12's stock kernel and the project's
#                 initramfs (build/linux/, `make linux`), an interactive shell
#                 on the serial console (`poweroff` ends the run), 512 MB;
#                 under Bochs the terminal is connected to COM1 both ways
#   GUEST=testguest  hv's test guest (build/testguest.bin): its checks, then power-off
#   GUEST=FILE    any other guest image
#   BOOT=uefi|grub  Bochs only: hv.efi from OVMF (default), or hv.elf from
#                 the image's GRUB under the legacy BIOS. (OVMF running in Bochs has no
#                 ACPI tables; hv then gives the guest minimal ones.)
#   INITRD=FILE   optional initrd
#   CMDLINE=...   guest command line (default console=ttyS0; with
#                 GUEST=linux: console=ttyS0,115200 cryptomgr.notests)
#   HV_LOG=level  hv's log level: error|warn|info|debug (default info)
#   MEM=MB CPUS=N guest memory and CPU count (default 256, 1; 512 MB for
#                 GUEST=linux; 2 CPUs under KVM)
#   MODEL=NAME    Bochs CPU model (default corei7_skylake_x)
#   RUN_TIMEOUT=S stop Bochs after S seconds (default 3600)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=tests/e2e/bochs_lib.sh
. "$ROOT/tests/e2e/bochs_lib.sh"

GUEST=${GUEST:-linux}
CONSOLE_IN=
[ "$GUEST" != testguest ] || GUEST=$HV_BUILD/testguest.bin
if [ "$GUEST" = linux ]; then
	GUEST=$HV_BUILD/linux/vmlinuz
	INITRD=${INITRD:-$HV_BUILD/linux/initramfs.gz}
	CMDLINE=${CMDLINE:-console=ttyS0,115200 cryptomgr.notests}
	MEM=${MEM:-512}
	# An interactive shell needs the keyboard: COM1 on a socket (Bochs).
	[ -t 0 ] && CONSOLE_IN=1
fi
BOOT=${BOOT:-uefi}
INITRD=${INITRD:-}
CMDLINE=${CMDLINE:-console=ttyS0}
MEM=${MEM:-256}
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

# The host facts KVM decisions rest on; tests point these at fake files.
CPUINFO=${HV_CPUINFO:-/proc/cpuinfo}
KVM_NESTED=${HV_KVM_NESTED:-/sys/module/kvm_intel/parameters/nested}
QEMU=${QEMU:-qemu-system-x86_64}

have_kvm_vmx() {
	[ -c /dev/kvm ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qw vmx "$CPUINFO"
}

# kvm_nested_off: print why KVM would give hv no VMX (kvm_intel's nested=N)
# and how to fix it; false when nested VMX is on or kvm_intel is not loaded.
kvm_nested_off() {
	local v
	v=$(cat "$KVM_NESTED" 2>/dev/null) || return 1
	case $v in
	Y | y | 1) return 1 ;;
	esac
	echo "kvm_intel is loaded with nested=$v: hv needs nested VMX (as root, with no VM running: modprobe -r kvm_intel && modprobe kvm_intel nested=1)"
}

if [ -z "${KVM:-}" ]; then
	KVM=0
	if have_kvm_vmx; then
		if why=$(kvm_nested_off); then
			echo "run: not using KVM: $why; using Bochs" >&2
		else
			KVM=1
		fi
	fi
elif [ "$KVM" = 1 ] && [ -z "${DRY_RUN:-}" ]; then
	if why=$(kvm_nested_off); then die "$why"; fi
	have_kvm_vmx || die "KVM=1 but /dev/kvm is missing or the host CPU offers no VMX"
fi
if [ "$KVM" = 1 ]; then CPUS=${CPUS:-2}; else CPUS=${CPUS:-1}; fi

for f in "$HV_BUILD/hv.efi" "$HV_BUILD/hv.elf" "$GUEST" ${INITRD:+"$INITRD"}; do
	[ -s "$f" ] || die "missing $f (run 'make all linux')"
done

mkdir -p "$WORK"

# kvm_mbec: should QEMU give the guest hypervisor MBEC? Only a QEMU that
# knows the flag accepts +vmx-mbec, and only a host CPU with mode-based
# execute control (the kernel's "vmx flags": ept_mode_based_exec) can back
# it; KVM itself must also pass it to L1 (its 2026 nested MBEC support), and
# QEMU warns and drops the flag when it does not. hv then says "no MBEC" in
# its log and uses the single execute bit. Prints the reason when not.
kvm_mbec() {
	case ${MBEC:-auto} in
	1 | on) return 0 ;;
	0 | off) echo "MBEC=$MBEC" && return 1 ;;
	esac
	if ! "$QEMU" -cpu help 2>/dev/null | grep -qw vmx-mbec; then
		echo "this QEMU has no vmx-mbec flag"
		return 1
	fi
	if ! grep -m1 '^vmx flags' "$CPUINFO" 2>/dev/null | grep -qw ept_mode_based_exec; then
		echo "the host CPU has no mode-based execute control"
		return 1
	fi
}

# make_disk IMG: the `make usb` image (scripts/mkusb.sh) for this run's
# guest, initrd, command line and log level; it boots by UEFI and by BIOS.
make_disk() {
	local mk=(bash "$ROOT/scripts/mkusb.sh" -o "$1" -k "$GUEST" -c "$CMDLINE"
		-s "log=${HV_LOG:-info}")
	if [ -n "$INITRD" ]; then mk+=(-i "$INITRD"); else mk+=(-I); fi
	"${mk[@]}" >"$WORK/mkusb.log" 2>&1 || {
		cat "$WORK/mkusb.log" >&2
		die "cannot build the disk image $1"
	}
}

run_qemu() {
	local vars=$WORK/OVMF_VARS_4M.fd disk=$WORK/hv-usb.img cpu=host,+vmx why
	if why=$(kvm_mbec); then
		cpu+=,+vmx-mbec
	else
		echo "run: no nested MBEC requested: $why (hv uses the single execute bit)" >&2
	fi
	make_disk "$disk"
	cp "$OVMF_VARS" "$vars"
	# The image is attached the way a stick is: USB mass storage on xHCI.
	local cmd=("$QEMU" -machine q35 -accel kvm -cpu "$cpu"
		-m "$MEM" -smp "$CPUS"
		-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE"
		-drive "if=pflash,format=raw,file=$vars"
		-device qemu-xhci,id=xhci
		-drive "if=none,id=stick,format=raw,file=$disk"
		-device usb-storage,bus=xhci.0,drive=stick,bootindex=0
		-nic none -display none -serial mon:stdio -no-reboot
		-device "isa-debug-exit,iobase=0xf4,iosize=0x04")
	if [ -n "${DRY_RUN:-}" ]; then
		print_cmd "${cmd[@]}"
		return 0
	fi
	echo "run: QEMU + KVM ($cpu, $CPUS CPUs) + OVMF, $disk as a USB stick; COM1 follows (Ctrl-A X quits)"
	# isa-debug-exit and -no-reboot make QEMU's exit status meaningless here.
	"${cmd[@]}" || true
}

# console_bochs PORT SERIAL: the terminal as COM1's keyboard and screen,
# through Bochs' socket-server COM1 on 127.0.0.1:PORT (bash's /dev/tcp; the
# terminal in raw mode, so Ctrl-C goes to the guest). What COM1 sends is also
# kept in SERIAL. Returns when Bochs closes the socket (the guest powered
# off, or Bochs stopped).
console_bochs() {
	local port=$1 serial=$2
	for _ in $(seq 1 150); do
		{ exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null && break
		kill -0 "$BOCHS_PID" 2>/dev/null || return 0
		sleep 0.2
	done
	local saved
	saved=$(stty -g)
	stty raw -echo
	tee -a "$serial" <&3 &
	local out=$!
	# A background command's stdin would be /dev/null: hand it the terminal.
	exec 4<&0
	cat <&4 >&3 &
	local in=$!
	# hv parks the CPU after "guest stopped": Bochs would spin forever.
	(while kill -0 "$BOCHS_PID" 2>/dev/null; do
		grep -aq 'hv: guest stopped' "$serial" && { sleep 1; kill "$BOCHS_PID"; break; }
		sleep 0.5
	done) &
	local watch=$!
	wait "$out"
	kill "$in" "$watch" 2>/dev/null
	stty "$saved"
	exec 3>&- 4<&-
}

run_bochs() {
	[ -x "$BOCHS" ] || die "no Bochs at $BOCHS (run 'make deps')"
	local serial=$WORK/serial.log rc=$WORK/bochsrc port="" disk=$WORK/hv-usb.img firmware=ovmf
	# The same image boots both ways: OVMF starts \EFI\BOOT\BOOTX64.EFI,
	# the legacy BIOS runs GRUB from the MBR.
	make_disk "$disk"
	[ "$BOOT" = grub ] && firmware=bios
	bochsrc_write "$rc" firmware="$firmware" disk="$disk" cylinders="$(disk_cylinders "$disk")" \
		model="$MODEL" cpus="$CPUS" mem="$MEM" \
		serial="$serial" log="$WORK/bochs.log"
	if [ -n "$CONSOLE_IN" ]; then
		port=$((20000 + $$ % 20000))
		sed -i "s|^com1: .*|com1: enabled=1, mode=socket-server, dev=127.0.0.1:$port|" "$rc"
	fi
	local cmd=(timeout --kill-after=5 "${RUN_TIMEOUT:-3600}" "$BOCHS" -q -f "$rc" -unlock)
	if [ -n "${DRY_RUN:-}" ]; then
		echo "# $rc:"
		sed 's/^/#   /' "$rc"
		print_cmd "${cmd[@]}" "</dev/null" "# COM1 -> ${port:+127.0.0.1:$port and }$serial"
		return 0
	fi
	if [ -n "$port" ]; then
		echo "run: Bochs 3.0 ($BOOT, $MODEL, no KVM); COM1 on this terminal (raw mode: Ctrl-C goes to the guest; 'poweroff' in the guest ends the run)"
		: >"$serial"
		"${cmd[@]}" </dev/null >"$rc.e9" 2>"$rc.stderr" &
		BOCHS_PID=$!
		trap 'bochs_stop; stty sane 2>/dev/null; echo; echo "run: stopped"; exit 130' INT TERM
		console_bochs "$port" "$serial"
		bochs_stop
		echo
		echo "run: Bochs ended (COM1 kept in $serial)"
		return 0
	fi
	echo "run: Bochs 3.0 ($BOOT, $MODEL, no KVM); COM1 -> $serial (Bochs log $WORK/bochs.log)"
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
