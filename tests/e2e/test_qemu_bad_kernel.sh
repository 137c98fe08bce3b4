#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hv.efi (QEMU TCG + OVMF: no VMX needed, everything happens before the CPU
# check) with an hv.cfg whose kernel is not one hv can start. hv validates
# the image right after loading it (bzimage_parse(), before ExitBootServices),
# so each case is one line naming the file and the problem, then an error
# status back to OVMF, which reports it and moves on. Four boots:
#   1. truncated bzImage: the first 16 KiB of Debian's stock kernel (its
#      setup code alone is 20 KiB) -> "... guest image \EFI\hv\guest.bin:
#      kernel image is truncated ..." and "Load Error";
#   2. not a kernel: the initramfs given as the kernel -> "... not a Linux
#      kernel image ..." and "Load Error";
#   3. the real kernel with `initrd =` naming a missing file -> "cannot open
#      initrd \EFI\hv\nosuch.img: Not Found" and "Not Found";
#   4. the real kernel with its cmdline_size patched to 16 and a 20-byte
#      command line -> "guest command line is 20 bytes; ... takes at most 16"
#      and "Load Error" (hv never cuts a command line silently).
# Needs build/linux/vmlinuz and build/linux/initramfs.gz (`make linux`).
set -u
# shellcheck source=tests/e2e/qemu_lib.sh
. "$(dirname "$0")/qemu_lib.sh"

KERNEL=${LINUX_KERNEL:-$HV_BUILD/linux/vmlinuz}
INITRD=${LINUX_INITRD:-$HV_BUILD/linux/initramfs.gz}


qemu_setup
[ -s "$KERNEL" ] && [ -s "$INITRD" ] || test_fail "missing $KERNEL or $INITRD (run 'make linux')"

head -c 16384 "$KERNEL" >"$ESP/EFI/hv/guest.bin"
esp_write_cfg <<'CFG'
kernel = \EFI\hv\guest.bin
cmdline = console=ttyS0,115200
CFG
boot_expect "truncated bzImage" \
	'cannot load the guest: guest image \\EFI\\hv\\guest\.bin: kernel image is truncated' "Load Error"

cp "$INITRD" "$ESP/EFI/hv/guest.bin"
boot_expect "not a kernel" \
	'cannot load the guest: guest image \\EFI\\hv\\guest\.bin: not a Linux kernel image' "Load Error"

cp "$KERNEL" "$ESP/EFI/hv/guest.bin"
esp_write_cfg <<'CFG'
kernel = \EFI\hv\guest.bin
initrd = \EFI\hv\nosuch.img
cmdline = console=ttyS0,115200
CFG
boot_expect "missing initrd" 'cannot open initrd \\EFI\\hv\\nosuch\.img: Not Found$' "Not Found"

# An old kernel's cmdline_size (protocol < 2.06 kernels take 255 bytes): the
# real kernel with the field at 0x238 set to 16, and a 20-byte command line.
printf '\x10\x00\x00\x00' | dd of="$ESP/EFI/hv/guest.bin" bs=1 seek=$((0x238)) conv=notrunc status=none
esp_write_cfg <<'CFG'
kernel = \EFI\hv\guest.bin
cmdline = console=ttyS0,115200
CFG
boot_expect "command line too long" \
	'cannot load the guest: guest command line is 20 bytes; guest image \\EFI\\hv\\guest\.bin takes at most 16$' "Load Error"

QEMU_SECONDS=$total
test_pass
