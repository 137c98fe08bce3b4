# SPDX-License-Identifier: MIT
# shellcheck shell=bash disable=SC2034 # (variables set here are read by the sourcing tests)
# Helpers for the Linux-guest emulator tests (tests/e2e/test_bochs_linux_*.sh),
# sourced after bochs_lib.sh. The guest is Debian 12's stock kernel with the
# project's initramfs (build/linux/, `make linux`; guest/linux/init), booted
# with `hv.test=1`: /init prints `hv-test: key=value` facts, scans dmesg and
# powers off through ACPI (docs/linux-guest.md).

LINUX_KERNEL=${LINUX_KERNEL:-$HV_BUILD/linux/vmlinuz}
LINUX_INITRD=${LINUX_INITRD:-$HV_BUILD/linux/initramfs.gz}
# Serial console at 115200 (the default 9600 costs ~4 ms of guest time per
# line), no boot chatter, no crypto self-tests (seconds under Bochs).
LINUX_CMDLINE_BASE='console=ttyS0,115200 quiet cryptomgr.notests'
LINUX_MEM=${LINUX_MEM:-512}
# What ends a Linux test run early: hv's panic, or a kernel panic.
LINUX_FAIL_RE='hv: (PANIC|panic)|Kernel panic - not syncing'

# linux_need_files: fail the test unless the kernel and initramfs exist.
linux_need_files() {
	[ -s "$LINUX_KERNEL" ] && [ -s "$LINUX_INITRD" ] ||
		e2e_fail "missing $LINUX_KERNEL or $LINUX_INITRD (run 'make deps linux')"
}

# linux_e2e_begin NAME FILE...: begin a Bochs test of the Linux guest (scratch
# directory, Bochs) that needs the hv images FILE... and the kernel and
# initramfs.
linux_e2e_begin() {
	e2e_begin "$1"
	shift
	e2e_need_bochs
	e2e_need_file "$@"
	linux_need_files
}

# hv_test_value SERIAL KEY: the value of the last `hv-test: KEY=value` line.
hv_test_value() {
	serial_text "$1" | sed -n "s/.*hv-test: $2=//p" | tail -n 1
}

# check_linux_report SERIAL BOCHS_LOG CPUS: judge a `hv.test=1` run:
#   - `hv-test: init reached` (the kernel booted and ran /init), `hv-test: done`;
#   - CPUS CPUs online (`cpus_online` is 0 for 1 CPU, 0-N for more) and the
#     hypervisor flag in /proc/cpuinfo on every CPU;
#   - memory: hv's image and heap (its `hv image A-B, heap C-D` line) overlap
#     no usable range of the e820 map the guest got; the usable total is at
#     most the machine's RAM minus hv's heap; MemTotal is at most the usable
#     total and no more than 20% below it (the kernel's image, page structs
#     and boot allocations: ~55 MB of 480 MB with 1 CPU);
#     and, as a plain bound, 300 MB < MemTotal < the machine's RAM;
#   - `hv-test: dmesg clean` (no BUG:, WARNING: CPU:, Oops, panic, #GP);
#   - the guest found the ACPI tables, and Bochs logged an ACPI soft
#     power-off (the guest's `poweroff -f`). With LINUX_ACPI_OPTIONAL=1 a
#     guest without ACPI tables passes when the kernel said `reboot: System
#     halted` instead (OVMF under Bochs installs no ACPI tables: it finds
#     them through QEMU's fw_cfg, which Bochs lacks).
# Prints the facts; on failure prints why and returns 1 (CHECK_WHY).
check_linux_report() {
	local serial=$1 blog=$2 cpus=$3 text why=
	text=$(serial_text "$serial")
	local online hyp memkb usable
	online=$(hv_test_value "$serial" cpus_online)
	hyp=$(hv_test_value "$serial" hypervisor_flag)
	memkb=$(hv_test_value "$serial" memtotal_kb)
	usable=$(hv_test_value "$serial" e820_usable_kb)
	local want_online=0
	[ "$cpus" -le 1 ] || want_online="0-$((cpus - 1))"
	echo "  guest: kernel $(hv_test_value "$serial" kernel), CPUs online $online," \
		"hypervisor flag $hyp, MemTotal ${memkb:-?} kB, e820 usable ${usable:-?} kB"
	if ! grep -aq 'hv-test: init reached' <<<"$text"; then
		why="no 'hv-test: init reached' (the kernel never ran /init)"
	elif ! grep -aq 'hv-test: done' <<<"$text"; then
		why="no 'hv-test: done' (/init did not finish)"
	elif [ "$online" != "$want_online" ]; then
		why="CPUs online '$online', want '$want_online'"
	elif [ "$hyp" != all ]; then
		why="hypervisor flag on '$hyp' CPUs, want 'all'"
	elif ! grep -aq 'hv-test: dmesg clean' <<<"$text"; then
		why="dmesg not clean: $(grep -a 'hv-test: dmesg: ' <<<"$text" | head -n 3 | paste -sd '|')"
	elif ! why=$(check_linux_memory "$text" "$memkb" "$usable"); then
		:
	elif [ "$(hv_test_value "$serial" acpi)" != yes ]; then
		if [ "${LINUX_ACPI_OPTIONAL:-0}" = 1 ] && grep -aq 'reboot: System halted' <<<"$text"; then
			echo "  NOTE: the firmware gave no ACPI tables (zero page acpi_rsdp_addr" \
				"$(hv_test_value "$serial" zeropage_acpi_rsdp_addr)): the guest halted instead of powering off"
			return 0
		fi
		why="the guest found no ACPI tables (zero page acpi_rsdp_addr $(hv_test_value "$serial" zeropage_acpi_rsdp_addr)): no ACPI power-off"
	elif ! grep -aq 'ACPI control: soft power off' "$blog" 2>/dev/null; then
		why="Bochs logged no 'ACPI control: soft power off'"
	else
		return 0
	fi
	CHECK_WHY=$why
	echo "check: $why"
	return 1
}

# check_linux_memory TEXT MEMTOTAL_KB USABLE_KB: the memory part of
# check_linux_report; prints why it fails (and returns 1), nothing otherwise.
check_linux_memory() {
	local text=$1 memkb=$2 usable=$3 ram_kb=$((LINUX_MEM * 1024)) hvline
	local ib ie hb he
	[[ $memkb =~ ^[0-9]+$ ]] || { echo "no MemTotal"; return 1; }
	[[ $usable =~ ^[0-9]+$ ]] && [ "$usable" -gt 0 ] || { echo "no e820 map from the guest"; return 1; }
	hvline=$(grep -aoE 'hv image 0x[0-9a-f]+-0x[0-9a-f]+, heap 0x[0-9a-f]+-0x[0-9a-f]+' <<<"$text" | head -n 1)
	[ -n "$hvline" ] || { echo "no 'hv image ..., heap ...' line from hv"; return 1; }
	read -r ib ie hb he < <(sed -E 's/hv image (0x[0-9a-f]+)-(0x[0-9a-f]+), heap (0x[0-9a-f]+)-(0x[0-9a-f]+)/\1 \2 \3 \4/' <<<"$hvline")
	local start end type
	while read -r start end type; do
		[ "$type" = usable ] || continue
		# e820 ends are inclusive; hv's are exclusive.
		if (( start < ie && end >= ib )) || (( start < he && end >= hb )); then
			echo "e820 usable $start-$end overlaps hv ($hvline)"
			return 1
		fi
	done < <(grep -aoE 'hv-test: e820=0x[0-9a-f]+-0x[0-9a-f]+ .*' <<<"$text" |
		sed -E 's/hv-test: e820=(0x[0-9a-f]+)-(0x[0-9a-f]+) (.*)/\1 \2 \3/')
	if [ "$usable" -gt $((ram_kb - (he - hb) / 1024)) ]; then
		echo "e820 usable ${usable} kB > ${LINUX_MEM} MiB minus hv's heap"
	elif [ "$memkb" -gt "$usable" ] || [ "$memkb" -lt $((usable * 4 / 5)) ]; then
		echo "MemTotal $memkb kB not within 20% below the e820 usable total $usable kB"
	elif [ "$memkb" -le 300000 ] || [ "$memkb" -ge "$ram_kb" ]; then
		echo "MemTotal $memkb kB outside (300000, $ram_kb) kB"
	else
		return 0
	fi
	return 1
}

# run_linux_grub CMDLINE DONE_RE: boot hv.elf through GRUB under the legacy
# BIOS with the kernel (module2 ... CMDLINE) and the initramfs (a second
# module2), 512 MB, corei7_skylake_x, HV_CPUS CPUs, until DONE_RE.
run_linux_grub() {
	GRUB_INITRD=$LINUX_INITRD run_grub corei7_skylake_x "log=${HV_LOG:-info}" \
		"$LINUX_KERNEL" "$1" "$2" mem="$LINUX_MEM"
}

# run_linux_uefi CMDLINE DONE_RE: boot hv.efi from a FAT disk under OVMF with
# hv.cfg naming the kernel, the initramfs and CMDLINE; as run_linux_grub.
run_linux_uefi() {
	make_esp_dir "$E2E_TMP/esp" "$HV_BUILD/hv.efi" "$LINUX_KERNEL" \
		"$(hv_cfg_text '\EFI\hv\guest.bin' "$1" "${HV_LOG:-info}" '\EFI\hv\initrd')" \
		"$LINUX_INITRD" || return 1
	make_fat_disk "$E2E_TMP/disk.img" "$E2E_TMP/esp" || return 1
	bochsrc_write "$E2E_TMP/bochsrc" firmware=ovmf model=corei7_skylake_x \
		cpus="${HV_CPUS:-1}" mem="$LINUX_MEM" disk="$E2E_TMP/disk.img" \
		cylinders="$FAT_CYLINDERS" serial="$E2E_TMP/serial.log" \
		log="$E2E_TMP/bochs.log" || return 1
	bochs_run "$E2E_TMP/bochsrc" "$E2E_TMP/serial.log" "${E2E_TIMEOUT:-240}" \
		"$2" "$LINUX_FAIL_RE"
}
