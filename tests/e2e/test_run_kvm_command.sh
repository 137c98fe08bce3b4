#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make run` on a machine with KVM, as far as a machine without KVM can
# check it:
#   1. `make run KVM=1 DRY_RUN=1` prints the QEMU command it would run:
#      q35, -accel kvm, -cpu host,+vmx, OVMF in pflash, the disk image from
#      scripts/mkusb.sh attached as a USB stick, COM1 on the terminal.
#   2. +vmx-mbec is asked for only when QEMU knows the flag and the host's
#      "vmx flags" list ept_mode_based_exec (fake QEMU and cpuinfo files), or
#      when MBEC=1 forces it; otherwise run.sh says why not.
#   3. kvm_intel loaded with nested=N stops `KVM=1` with the fix in one line.
#   4. The printed command really boots the image: the same line with only
#      the accelerator, CPU and serial changed (TCG has no VMX) brings OVMF to
#      hv.efi from the USB stick, and hv reads hv.cfg from the image and stops
#      at its CPU check with its one line.
set -u
# shellcheck source=tests/e2e/qemu_lib.sh
. "$(dirname "$0")/qemu_lib.sh"

qemu_setup
run_sh=$HV_ROOT/scripts/run.sh
[ -s "$HV_BUILD/linux/vmlinuz" ] || test_fail "no $HV_BUILD/linux/vmlinuz (run 'make linux')"

# Fake host facts: cpuinfo without and with mode-based execute control, a
# QEMU that knows vmx-mbec, kvm_intel's nested parameter.
printf 'flags\t\t: fpu vme vmx\nvmx flags\t: vnmi ept vpid unrestricted_guest\n' >"$WORK/cpuinfo"
printf 'flags\t\t: fpu vme vmx\nvmx flags\t: vnmi ept vpid unrestricted_guest ept_mode_based_exec\n' \
	>"$WORK/cpuinfo.mbec"
cat >"$WORK/qemu-mbec" <<'EOF'
#!/bin/sh
[ "$1 $2" = "-cpu help" ] && printf 'Recognized CPUID flags:\n  vmx vmx-ept vmx-mbec vmx-vpid\n'
EOF
chmod +x "$WORK/qemu-mbec"
echo N >"$WORK/nested.N"

# dry WHAT ENV...: run.sh's dry run under ENV; its QEMU line in $line and
# its stderr in $err. A failing run.sh fails the test.
dry() {
	local what=$1
	shift
	env "$@" DRY_RUN=1 KVM=1 HV_BUILD="$HV_BUILD" bash "$run_sh" >"$WORK/out" 2>"$WORK/err" ||
		test_fail "$what: run.sh failed: $(tail -n 3 "$WORK/err")"
	line=$(grep -m1 -E '(^|/)qemu[-a-z0-9_]*( |$)' "$WORK/out")
	err=$(cat "$WORK/err")
	[ -n "$line" ] || test_fail "$what: no QEMU command printed"
}

disk=$HV_BUILD/run/hv-usb.img
dry "default" HV_CPUINFO="$WORK/cpuinfo"
for want in '^qemu-system-x86_64 -machine q35 -accel kvm -cpu host,\+vmx -m 512 -smp 2 ' \
	" -drive if=pflash,format=raw,readonly=on,file=/[^ ]*OVMF_CODE[^ ]*\.fd " \
	" -drive if=pflash,format=raw,file=$HV_BUILD/run/OVMF_VARS_4M\.fd " \
	" -device qemu-xhci,id=xhci -drive if=none,id=stick,format=raw,file=$disk " \
	" -device usb-storage,bus=xhci\.0,drive=stick,bootindex=0 " \
	" -serial mon:stdio "; do
	grep -Eq -- "$want" <<<"$line" || test_fail "default: /$want/ not in: $line"
done
grep -q 'vmx-mbec' <<<"$line" && test_fail "default: +vmx-mbec without QEMU support: $line"
grep -q 'no nested MBEC requested: this QEMU has no vmx-mbec flag' <<<"$err" ||
	test_fail "default: run.sh did not say why MBEC is off: $err"
[ -s "$disk" ] || test_fail "default: the disk image $disk was not built"
kvm_line=$line

dry "QEMU and host with MBEC" QEMU="$WORK/qemu-mbec" HV_CPUINFO="$WORK/cpuinfo.mbec"
grep -q -- '-accel kvm -cpu host,+vmx,+vmx-mbec ' <<<"$line" ||
	test_fail "MBEC offered: no host,+vmx,+vmx-mbec in: $line"
dry "QEMU with MBEC, host without" QEMU="$WORK/qemu-mbec" HV_CPUINFO="$WORK/cpuinfo"
grep -q 'vmx-mbec' <<<"$line" && test_fail "host without MBEC: flag asked for: $line"
grep -q 'the host CPU has no mode-based execute control' <<<"$err" ||
	test_fail "host without MBEC: no reason given: $err"
dry "MBEC=1" MBEC=1 HV_CPUINFO="$WORK/cpuinfo"
grep -q -- '-cpu host,+vmx,+vmx-mbec ' <<<"$line" || test_fail "MBEC=1: flag not forced: $line"
dry "MBEC=0" MBEC=0 QEMU="$WORK/qemu-mbec" HV_CPUINFO="$WORK/cpuinfo.mbec"
grep -q 'vmx-mbec' <<<"$line" && test_fail "MBEC=0: flag asked for: $line"
echo "  dry runs: default, MBEC offered, host without MBEC, MBEC=1, MBEC=0"

# Through make, as the README says (make's deps/all/linux steps are no-ops
# when everything is built).
out=$(cd "$HV_ROOT" && make -s run DRY_RUN=1 KVM=1 HV_CPUINFO="$WORK/cpuinfo" 2>&1) ||
	test_fail "make run DRY_RUN=1 KVM=1 failed: $(tail -n 3 <<<"$out")"
grep -qxF -- "$kvm_line" <<<"$out" || test_fail "make run printed another command: $out"

# nested=N (kvm_intel loaded without nested VMX): KVM=1 stops with the fix
# in one line, whether or not this machine has /dev/kvm.
if out=$(HV_KVM_NESTED="$WORK/nested.N" KVM=1 bash "$run_sh" 2>&1 </dev/null); then
	test_fail "nested=N: run.sh went on: $out"
fi
grep -q 'nested=N: hv needs nested VMX.*modprobe kvm_intel nested=1' <<<"$out" ||
	test_fail "nested=N: no fix named: $out"

# The printed command, booted under TCG: only -accel/-cpu and -serial differ.
read -r -a cmd <<<"$kvm_line"
tcg=()
for ((i = 0; i < ${#cmd[@]}; i++)); do
	case ${cmd[i]} in
	kvm) tcg+=(tcg) ;;
	host,+vmx) tcg+=(max) ;;
	mon:stdio) tcg+=("file:$LOG") ;;
	*) tcg+=("${cmd[i]}") ;;
	esac
done
[ "${#tcg[@]}" -eq "${#cmd[@]}" ] && [[ " ${tcg[*]} " == *" -accel tcg -cpu max "* ]] ||
	test_fail "cannot turn the KVM line into a TCG line: ${tcg[*]}"
: >"$LOG"
start=$SECONDS
timeout --kill-after=5 "$QEMU_TIMEOUT" "${tcg[@]}" >"$WORK/qemu.out" 2>&1 </dev/null &
QEMU_PID=$!
while kill -0 "$QEMU_PID" 2>/dev/null; do
	log_has "${HV_RE}VMX is not supported by this CPU\$" && break
	sleep 0.2
done
qemu_stop
QEMU_SECONDS=$((SECONDS - start))
expect_order "USB stick under OVMF" \
	'BdsDxe: starting Boot[0-9A-F]{4} "UEFI QEMU QEMU USB HARDDRIVE' \
	"${HV_RE}hv [0-9.]+ \(UEFI\) starting" \
	"${HV_RE}VMX is not supported by this CPU\$"
log_has "${HV_RE}.*(hv\.cfg|config).*(error|missing|not found)" &&
	test_fail "hv did not read hv.cfg from the image"
echo "  TCG boot of the printed command: hv.efi from the USB stick reached its CPU check"
test_pass
