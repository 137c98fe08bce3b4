# SPDX-License-Identifier: MIT
# shellcheck shell=bash disable=SC2034 # (variables set here are read by the sourcing tests)
# Helpers for the tests of the `make usb` disk image (scripts/mkusb.sh,
# docs/usb-image.md): test_usb_layout.sh and usb_boot_test.sh (behind
# test_bochs_usb_{uefi,bios}.sh). Sourced after bochs_lib.sh.

# Where the ESP starts in the image, in the form mtools takes ("IMG@@2M"):
# sector 4096 (scripts/mkusb.sh, ESP_START).
USB_ESP_AT=2M
USB_ESP_START=4096

# usb_build IMG [mkusb.sh options...]: build the image as `make usb` does
# (scripts/mkusb.sh) at IMG, from $HV_BUILD; fails the test if that fails.
# Sets USB_BUILD_SECONDS.
usb_build() {
	local img=$1 start
	shift
	start=$(date +%s.%N)
	HV_BUILD=$HV_BUILD bash "$HV_ROOT/scripts/mkusb.sh" -o "$img" "$@" >"$img.log" 2>&1 ||
		e2e_fail "scripts/mkusb.sh failed: $(cat "$img.log")"
	USB_BUILD_SECONDS=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
}

# usb_set_cmdline IMG CMDLINE: change `cmdline =` in the image's hv.cfg the
# way docs/usb-image.md tells a user to: copy the file out with mcopy, edit
# it, copy it back.
usb_set_cmdline() {
	local img=$1 cmdline=$2 cfg
	cfg=$(dirname "$img")/hv.cfg
	mcopy -n -i "$img@@$USB_ESP_AT" ::/EFI/BOOT/hv.cfg "$cfg" || e2e_fail "cannot copy hv.cfg out of $img"
	sed -i "s|^cmdline = .*|cmdline = $cmdline|" "$cfg"
	grep -q "^cmdline = $cmdline" "$cfg" || e2e_fail "no 'cmdline =' line to edit in hv.cfg"
	mcopy -o -i "$img@@$USB_ESP_AT" "$cfg" ::/EFI/BOOT/hv.cfg || e2e_fail "cannot copy hv.cfg into $img"
}

# run_usb FIRMWARE IMG DONE_RE: boot IMG as the first hard disk under
# FIRMWARE (ovmf: UEFI, bios: the legacy BIOS, which starts GRUB from the
# MBR), corei7_skylake_x, HV_CPUS CPUs, LINUX_MEM MB, until DONE_RE.
run_usb() {
	local firmware=$1 img=$2 cyl
	cyl=$(disk_cylinders "$img") || e2e_fail "bad image size"
	bochsrc_write "$E2E_TMP/bochsrc" firmware="$firmware" model=corei7_skylake_x \
		cpus="${HV_CPUS:-1}" mem="$LINUX_MEM" disk="$img" cylinders="$cyl" \
		serial="$E2E_TMP/serial.log" log="$E2E_TMP/bochs.log" || return 1
	bochs_run "$E2E_TMP/bochsrc" "$E2E_TMP/serial.log" "${E2E_TIMEOUT:-240}" "$3" "$LINUX_FAIL_RE"
}
