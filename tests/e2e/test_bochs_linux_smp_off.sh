#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The guest on the boot CPU only: `smp=off` on hv's GRUB command line picks
# the path hv takes when the CPU (a nested hypervisor) hides the wait-for-SIPI
# activity state; every Bochs 3.0 model offers it, so the knob stands in.
# Bochs 3.0 (corei7_skylake_x, 2 CPUs, 512 MB), legacy BIOS + GRUB (the
# BIOS's MADT lists both CPUs), Debian 12's stock kernel with `hv.test=1`.
# Passes when hv brought cpu1 into VMX root operation and parked it there
# (its own log line, and no vCPU 1 ever ran: no INIT or start-up IPI exit),
# logged the SMP line, added `nosmp` to the guest's command line (the guest's
# /proc/cmdline has it), and the guest's report (check_linux_report) shows
# 1 CPU online, a clean dmesg and a real ACPI power-off logged by hv. ~30 s.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"
# shellcheck source=tests/e2e/linux_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/linux_lib.sh"

linux_e2e_begin bochs_linux_smp_off "$HV_BUILD/hv.elf"
export HV_CPUS=2
BOCHS_GRACE=${BOCHS_GRACE:-10}
GRUB_INITRD=$LINUX_INITRD run_grub corei7_skylake_x "log=${HV_LOG:-info} smp=off" \
	"$LINUX_KERNEL" "$LINUX_CMDLINE_BASE hv.test=1" 'reboot: Power down' mem="$LINUX_MEM" ||
	e2e_fail "${BOCHS_OUTCOME:-?} after ${BOCHS_SECONDS:-?}s"
echo "  Bochs ran ${BOCHS_SECONDS}s"
log=$(serial_text "$E2E_TMP/serial.log")
grep -aqE 'hv: 2 of 2 CPUs run hv' <<<"$log" || e2e_fail "hv did not bring both CPUs into VMX"
grep -aqE '\[cpu1 [^]]*\] hv: cpu1 \(APIC ID 1\) in VMX root operation, parked with interrupts off \(no vCPU\)' <<<"$log" ||
	e2e_fail "no line from cpu1 saying it parked in VMX root"
want="hv: SMP: only the boot CPU runs the guest (smp=off); 1 AP parked in VMX root; 'nosmp' added to the guest command line"
grep -aqF "$want" <<<"$log" || e2e_fail "no line '$want'"
echo "  ${want#hv: }"
! grep -aqE 'hv: vCPU 1[: ]' <<<"$log" || e2e_fail "a vCPU ran on cpu1: $(grep -aE 'hv: vCPU 1[: ]' <<<"$log" | head -n 1)"
cmdline=$(hv_test_value "$E2E_TMP/serial.log" cmdline)
[[ " $cmdline " == *" nosmp "* ]] || e2e_fail "the guest's command line has no nosmp: '$cmdline'"
echo "  guest command line: $cmdline"
check_linux_report "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log" 1 || {
	bochs_report_failure "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log"
	e2e_fail "$CHECK_WHY"
}
grep -aq 'hv: exit statistics:' <<<"$log" || e2e_fail "hv did not log the power-off"
echo "  $(grep -aE 'hv: exit statistics' <<<"$log" | sed 's/^.*hv: //')"
e2e_pass
