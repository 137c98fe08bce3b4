#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hv.efi with an hv.cfg whose guest files are not usable: each case gives one
# line naming the full path (relative names resolve against hv.efi's own
# directory, \EFI\BOOT\) and what is wrong, then an error status back to
# OVMF, which reports it and moves on. Three boots: a missing guest image,
# a missing initrd, an empty guest image.
set -u
# shellcheck source=tests/e2e/qemu_lib.sh
. "$(dirname "$0")/qemu_lib.sh"



qemu_setup

esp_write_cfg <<'CFG'
kernel = \EFI\hv\nosuch.bin
CFG
boot_expect "missing guest image" \
	'cannot open guest image \\EFI\\hv\\nosuch\.bin: Not Found$' "Not Found"

esp_add_guest
esp_write_cfg <<'CFG'
kernel = \EFI\hv\guest.bin
initrd = nosuch.img
CFG
boot_expect "missing initrd" \
	'cannot open initrd \\EFI\\BOOT\\nosuch\.img: Not Found$' "Not Found"

: >"$ESP/EFI/hv/empty.bin"
esp_write_cfg <<'CFG'
kernel = /EFI/hv/empty.bin
CFG
boot_expect "empty guest image" 'guest image \\EFI\\hv\\empty\.bin is empty$' "Load Error"

QEMU_SECONDS=$total
test_pass
