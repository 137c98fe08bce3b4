#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bochs 3.0 + legacy BIOS, CPU model corei7_skylake_x: GRUB loads hv.elf with
# `multiboot2 /boot/hv.elf log=info mmio_trace=0xfec00000+0x1000`, so hv traps
# every guest access to the I/O APIC's page, performs it on the device and
# logs it (docs/mmio-trap-cache.md, "mmio_trace="). The test guest's
# ioapic_version check selects IOAPICVER (writes 0x01 to IOREGSEL at +0x00)
# and reads IOWIN at +0x10. Passes when the guest passes every check,
# including `PASS ioapic_version (IOAPICVER 0x<v>: ...)`, and hv logged, in
# this order,
#     hv: mmio_trace: W32 0xfec00000 = 0x1 rip 0x...
#     hv: mmio_trace: R32 0xfec00010 = 0x<v> rip 0x...
# with the same <v> the guest printed: the traced read returned the device's
# real value to the guest.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"

e2e_begin bochs_mmio_trace
e2e_need_bochs
e2e_need_file "$HV_BUILD/hv.elf" "$HV_BUILD/testguest.bin"
run_grub corei7_skylake_x "log=${HV_LOG:-info} mmio_trace=0xfec00000+0x1000" \
	"$HV_BUILD/testguest.bin" "console=ttyS0" 'testguest: power off' ||
	e2e_fail "run ended: $BOCHS_OUTCOME after ${BOCHS_SECONDS}s"
serial=$E2E_TMP/serial.log
check_testguest_passed "$serial" 10 || e2e_fail "$CHECK_WHY"
log=$(serial_text "$serial")

value=$(grep -aoE '^PASS ioapic_version \(IOAPICVER 0x[0-9a-f]+' <<<"$log" |
	grep -oE '0x[0-9a-f]+$')
[ -n "$value" ] || e2e_fail "no 'PASS ioapic_version (IOAPICVER 0x...' line"
write_re='hv: mmio_trace: W32 0xfec00000 = 0x1 rip 0x[0-9a-f]+$'
read_re="hv: mmio_trace: R32 0xfec00010 = $value rip 0x[0-9a-f]+\$"
w=$(grep -anE "$write_re" <<<"$log" | head -n 1 | cut -d: -f1)
r=$(grep -anE "$read_re" <<<"$log" | head -n 1 | cut -d: -f1)
if [ -z "$w" ] || [ -z "$r" ]; then
	echo "---- hv's mmio_trace lines ----"
	grep -a 'mmio_trace' <<<"$log" | head -n 20
	e2e_fail "want hv lines /$write_re/ and /$read_re/"
fi
[ "$w" -lt "$r" ] || e2e_fail "the IOWIN read was logged before the IOREGSEL write"
echo "  guest: $(grep -aE '^PASS ioapic_version' <<<"$log")"
grep -aE "$write_re|$read_re" <<<"$log" | sed 's/^.*hv: /  hv: /'
echo "  (${BOCHS_SECONDS}s in Bochs)"
e2e_pass
