#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The `make usb` image under OVMF: \EFI\BOOT\BOOTX64.EFI (hv.efi) with the Linux guest.
# The test itself, and what it asserts: usb_boot_test.sh.
USB_FIRMWARE=ovmf USB_TEST_NAME=uefi exec bash "$(dirname "${BASH_SOURCE[0]}")/usb_boot_test.sh" "$@"
