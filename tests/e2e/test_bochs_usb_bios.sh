#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The `make usb` image under the legacy BIOS: MBR -> GRUB -> hv.elf + hv.cfg module, Linux guest.
# The test itself, and what it asserts: usb_boot_test.sh.
USB_FIRMWARE=bios USB_TEST_NAME=bios exec bash "$(dirname "${BASH_SOURCE[0]}")/usb_boot_test.sh" "$@"
