#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_bochs_linux_smp.sh through OVMF + hv.efi: 2 CPUs, no firmware ACPI
# tables (OVMF under Bochs), the AP started by hv's broadcast, hv's own ACPI
# tables for the guest, both CPUs online and a real ACPI power-off. ~40 s.
LINUX_SMP_PATH=uefi exec bash "$(dirname "${BASH_SOURCE[0]}")/test_bochs_linux_smp.sh" "$@"
