#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + legacy BIOS on corei7_haswell_4770 (EPT and unrestricted
# guest, no MBEC: its cpu/cpudb/intel/corei7_haswell_4770.cc lists no
# BX_VMX_MBE_CONTROL): the test guest with test_hypercalls=on must pass every
# check, its MBEC checks must say `(MBEC off: single execute bit)`, and hv
# must say `MBEC off` once. The run itself is test_bochs_mbec.sh's.
MBEC_CASE=off exec bash "$(dirname "${BASH_SOURCE[0]}")/test_bochs_mbec.sh" "$@"
