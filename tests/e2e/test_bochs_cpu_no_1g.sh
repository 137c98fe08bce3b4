#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + OVMF on corei7_sandy_bridge_2600k (EPT, unrestricted guest and
# VPID, but no 1 GiB EPT pages, no MBEC, no advanced EPT-violation
# information): hv names exactly those in its one `hv: cpu:` line, builds the
# EPT from 2 MiB pages, uses VPID, and the test guest passes. The run itself
# is test_bochs_cpu_features.sh's.
CPU_CASE=no_1g exec bash "$(dirname "${BASH_SOURCE[0]}")/test_bochs_cpu_features.sh" "$@"
