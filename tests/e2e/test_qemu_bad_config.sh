#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hv.efi with a broken hv.cfg: the parser's one-line message reaches the
# serial log (file name, line number, what is wrong) and hv returns
# EFI_INVALID_PARAMETER to the firmware, which reports it and moves on.
# Three boots: an unknown key on line 3, a bad log= value, no kernel= line.
set -u
# shellcheck source=tests/e2e/qemu_lib.sh
. "$(dirname "$0")/qemu_lib.sh"



qemu_setup
esp_add_guest

esp_write_cfg <<'CFG'
kernel = \EFI\hv\guest.bin
log = info
foo = bar
CFG
boot_expect "unknown key" "hv\.cfg:3: unknown key 'foo'" "Invalid Parameter"

esp_write_cfg <<'CFG'
kernel = \EFI\hv\guest.bin
log = loud
CFG
boot_expect "bad log value" "hv\.cfg:2: bad value 'loud' for log" "Invalid Parameter"

esp_write_cfg <<'CFG'
# no kernel
log = debug
CFG
boot_expect "no kernel" "hv\.cfg: no 'kernel' given\$" "Invalid Parameter"

QEMU_SECONDS=$total
test_pass
