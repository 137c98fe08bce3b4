#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Debian 12's stock kernel under hv: OVMF + hv.efi (hv's own ACPI tables), 1 CPU (HV_CPUS=N for more).
# The test itself, and what it asserts: linux_boot_test.sh.
LINUX_PATH=uefi HV_CPUS=${HV_CPUS:-1} LINUX_TEST_NAME=bochs_linux_uefi \
	exec bash "$(dirname "${BASH_SOURCE[0]}")/linux_boot_test.sh" "$@"
