#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every CPU under hv: the stock kernel with 2 CPUs through legacy BIOS + GRUB (CPUs from the BIOS's MADT).
# The test itself, and what it asserts: linux_boot_test.sh.
LINUX_PATH=grub HV_CPUS=2 LINUX_TEST_NAME=bochs_linux_smp \
	exec bash "$(dirname "${BASH_SOURCE[0]}")/linux_boot_test.sh" "$@"
