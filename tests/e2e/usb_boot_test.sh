#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The test behind test_bochs_usb_uefi.sh and test_bochs_usb_bios.sh: the disk
# image `make usb` writes (scripts/mkusb.sh, built here from $HV_BUILD),
# with its hv.cfg edited as docs/usb-image.md tells a user (mcopy out, change
# `cmdline =` to the Linux test mode, mcopy back), boots in Bochs 3.0 as the
# first hard disk (corei7_skylake_x, 512 MB, 1 CPU) under USB_FIRMWARE:
#   ovmf  UEFI: OVMF starts \EFI\BOOT\BOOTX64.EFI (hv.efi), which reads
#         \EFI\BOOT\hv.cfg beside it;
#   bios  legacy BIOS: the MBR's boot.img, GRUB's core.img in the BIOS boot
#         partition, \boot\grub\grub.cfg, `multiboot2 hv.elf` with hv.cfg
#         as the module named "hv.cfg".
# Passes when hv started on the expected path, gave the guest exactly the
# command line written into hv.cfg (its `command line '...'` line; under
# GRUB also its `configuration: hv.cfg` line), and the guest's /init report
# passes check_linux_report (init reached, clean dmesg, memory, ACPI
# power-off). ~30 s each.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"
# shellcheck source=tests/e2e/linux_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/linux_lib.sh"
# shellcheck source=tests/e2e/usb_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/usb_lib.sh"

firmware=${USB_FIRMWARE:-ovmf}
linux_e2e_begin "bochs_usb_${USB_TEST_NAME:-$firmware}" "$HV_BUILD/hv.elf" "$HV_BUILD/hv.efi"
img=$E2E_TMP/hv-usb.img
usb_build "$img"
cmdline="$LINUX_CMDLINE_BASE hv.test=1"
usb_set_cmdline "$img" "$cmdline"
echo "  image built in ${USB_BUILD_SECONDS}s, $(stat -c %s "$img") bytes"
BOCHS_GRACE=${BOCHS_GRACE:-10}
run_usb "$firmware" "$img" 'reboot: Power down' ||
	e2e_fail "${BOCHS_OUTCOME:-?} after ${BOCHS_SECONDS:-?}s"
echo "  Bochs ran ${BOCHS_SECONDS}s"
log=$(serial_text "$E2E_TMP/serial.log")
case $firmware in
ovmf) banner='UEFI' ;;
bios) banner='Multiboot2' ;;
esac
grep -aqE "hv: hv [^ ]+ \($banner\) starting" <<<"$log" ||
	e2e_fail "no 'hv ... ($banner) starting' line: hv did not start on the $firmware path"
if [ "$firmware" = bios ]; then
	grep -aqE 'hv: configuration: hv.cfg \(module 1, [0-9]+ bytes\)' <<<"$log" ||
		e2e_fail "hv did not read hv.cfg from GRUB's module"
	grep -aqF 'hv.cfg: kernel/initrd ignored under GRUB' <<<"$log" ||
		e2e_fail "no line saying hv.cfg's kernel/initrd are ignored under GRUB"
fi
grep -aqF "command line '$cmdline'" <<<"$log" ||
	e2e_fail "the guest did not get hv.cfg's command line '$cmdline'"
check_linux_report "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log" 1 || {
	bochs_report_failure "$E2E_TMP/serial.log" "$E2E_TMP/bochs.log"
	e2e_fail "$CHECK_WHY"
}
grep -aq 'hv: exit statistics:' <<<"$log" || e2e_fail "hv did not log the power-off"
e2e_pass
