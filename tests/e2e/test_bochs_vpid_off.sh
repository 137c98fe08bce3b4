#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + OVMF on corei7_skylake_x with `vpid = off` in hv.cfg (no Bochs
# model with EPT lacks VPID, so the knob stands in for such a CPU): hv says
# `VPID off (vpid=off)` once, the `hv: cpu:` line still says every feature is
# present, and the test guest passes. The run is test_bochs_cpu_features.sh's.
CPU_CASE=vpid_off exec bash "$(dirname "${BASH_SOURCE[0]}")/test_bochs_cpu_features.sh" "$@"
