# SPDX-License-Identifier: MIT
# shellcheck shell=bash disable=SC2034 # (variables set here are read by the sourcing scripts)
#
# Helpers sourced by the Bochs emulator tests (tests/e2e/test_bochs_*.sh),
# scripts/run.sh and tests/bench/run.sh. They own everything between "the
# build produced build/hv.efi, build/hv.elf and build/testguest.bin" and "the
# serial log says what happened":
#   - boot media: a FAT disk image for OVMF (mtools, no loop mounts) and a
#     GRUB rescue ISO (i386-pc) for the legacy BIOS;
#   - firmware: the 4 MiB OVMF image Bochs wants (VARS+CODE in one file);
#   - a bochsrc generator with the settings that work headless here;
#   - bochs_run: run Bochs in the background, watch the serial log, kill
#     Bochs as soon as the outcome is known, and decide pass/fail from the
#     logs (never from Bochs' exit status, which is 1 whatever happened).
# See docs/testing.md and /work/shared/notes/emulators.md for the facts.

HV_ROOT=${HV_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
HV_CACHE=${HV_CACHE:-/var/cache/hv}
HV_BUILD=${HV_BUILD:-$HV_ROOT/build}
BOCHS=${BOCHS:-$HV_CACHE/bochs-3.0/bin/bochs}
# Bochs looks for its keymaps and ROMs under $BXSHARE.
export BXSHARE=${BXSHARE:-$HV_CACHE/bochs-3.0/share/bochs}
BOCHS_LEGACY_BIOS=${BOCHS_LEGACY_BIOS:-/usr/share/bochs/BIOS-bochs-latest}
OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}

# A disk cylinder of the geometry Bochs is told (heads=16, spt=63).
FAT_HEADS=16
FAT_SPT=63
FAT_CYL_BYTES=$((FAT_HEADS * FAT_SPT * 512))

# ---------------------------------------------------------------- messages

# e2e_begin NAME: start a test. Sets E2E_NAME and E2E_TMP (a fresh scratch
# directory under build/e2e/, removed when the test passes, kept with its logs
# when it fails) and makes sure no Bochs outlives the script.
e2e_begin() {
	E2E_NAME=$1
	mkdir -p "$HV_BUILD/e2e"
	E2E_TMP=$(mktemp -d "$HV_BUILD/e2e/$E2E_NAME.XXXXXX")
	trap 'bochs_stop' EXIT
	trap 'bochs_stop; exit 130' INT
	trap 'bochs_stop; exit 143' TERM
}

# e2e_pass: report success, drop the scratch directory, exit 0.
e2e_pass() {
	echo "ok $E2E_NAME"
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$E2E_TMP"
	exit 0
}

# e2e_fail WHY...: report failure (the scratch directory is kept), exit 1.
e2e_fail() {
	echo "FAIL $E2E_NAME: $*"
	[ -n "${E2E_TMP:-}" ] && echo "  logs kept in $E2E_TMP"
	exit 1
}

# e2e_skip WHY...: the test cannot run here (missing tool); counts as failure
# under CI so that a broken set-up is never mistaken for a green run.
e2e_skip() {
	if [ -n "${CI:-}" ]; then
		e2e_fail "cannot run: $*"
	fi
	echo "FAIL $E2E_NAME: cannot run: $* (run 'make deps')"
	exit 1
}

# e2e_build_variant NAME HV_DEFS [TG_DEFS]: build hv.efi, hv.elf and the
# test guest with extra definitions (a test build: a smaller CPU limit, a
# protection turned off to show the attack works without it) into
# build/variant-NAME, and point HV_BUILD there for the runs that follow.
e2e_build_variant() {
	local dir=$HV_ROOT/build/variant-$1
	make -s -C "$HV_ROOT" BUILD="$dir" HV_DEFS="$2" TG_DEFS="${3:-}" \
		"$dir/hv.efi" "$dir/hv.elf" "$dir/testguest.bin" >"$E2E_TMP/variant-$1.log" 2>&1 ||
		e2e_fail "cannot build variant $1 (HV_DEFS='$2'): $(tail -n 5 "$E2E_TMP/variant-$1.log")"
	HV_BUILD=$dir
}

# e2e_need_file PATH...: fail the test unless each build artifact exists.
e2e_need_file() {
	local f
	for f in "$@"; do
		[ -s "$f" ] || e2e_fail "missing $f (run 'make all')"
	done
}

# e2e_need_bochs: fail the test unless Bochs 3.0 and the firmware exist.
e2e_need_bochs() {
	[ -x "$BOCHS" ] || e2e_skip "no Bochs at $BOCHS"
	command -v mformat >/dev/null || e2e_skip "mtools missing"
	command -v grub-mkrescue >/dev/null || e2e_skip "grub-mkrescue missing"
}

# ---------------------------------------------------------------- firmware

# ovmf_image: print the path of the 4 MiB OVMF image for Bochs (VARS then
# CODE, so that CODE ends at 4 GiB when loaded at 0xffc00000). Built once and
# cached in $HV_CACHE, or in build/ when the cache is not writable.
ovmf_image() {
	local dir out
	for dir in "$HV_CACHE" "$HV_BUILD"; do
		out=$dir/ovmf-bochs-4m.fd
		if [ -s "$out" ] && [ "$out" -nt "$OVMF_CODE" ]; then
			echo "$out"
			return 0
		fi
		if mkdir -p "$dir" 2>/dev/null && cat "$OVMF_VARS" "$OVMF_CODE" >"$out.$$" 2>/dev/null; then
			mv -f "$out.$$" "$out"
			echo "$out"
			return 0
		fi
		rm -f "$out.$$"
	done
	echo "bochs_lib: cannot build the OVMF image from $OVMF_VARS and $OVMF_CODE" >&2
	return 1
}

# vgabios_image: print the VGA BIOS for the legacy-BIOS path.
vgabios_image() {
	local f
	for f in ${BOCHS_VGABIOS:-} /usr/share/bochs/VGABIOS-lgpl-latest \
		/usr/share/vgabios/vgabios.bin; do
		[ -s "$f" ] && { echo "$f"; return 0; }
	done
	echo "bochs_lib: no VGA BIOS found (package vgabios)" >&2
	return 1
}

# ---------------------------------------------------------------- boot media

# hv_cfg_text KERNEL CMDLINE LOG [INITRD [LINE...]]: print an hv.cfg. KERNEL
# and INITRD are paths on the ESP with backslashes (\EFI\hv\guest.bin); an
# empty INITRD means none. Each LINE (`key = value`) is appended as it is.
hv_cfg_text() {
	echo "# hv.cfg written by tests/e2e/bochs_lib.sh"
	echo "kernel = $1"
	[ -z "${4:-}" ] || echo "initrd = $4"
	echo "cmdline = $2"
	echo "log = $3"
	[ $# -le 4 ] || printf '%s\n' "${@:5}"
}

# make_esp_dir DIR HV_EFI GUEST CFG_TEXT [INITRD]: lay out an EFI system
# partition in DIR:
#   \EFI\BOOT\BOOTX64.EFI (hv.efi), \EFI\BOOT\hv.cfg (CFG_TEXT),
#   \EFI\hv\guest.bin, and \EFI\hv\initrd when INITRD is given.
# QEMU boots DIR itself (-drive file=fat:rw:DIR); Bochs needs make_fat_disk.
make_esp_dir() {
	local dir=$1 efi=$2 guest=$3 cfg=$4 initrd=${5:-}
	rm -rf "$dir"
	mkdir -p "$dir/EFI/BOOT" "$dir/EFI/hv"
	cp "$efi" "$dir/EFI/BOOT/BOOTX64.EFI"
	printf '%s\n' "$cfg" >"$dir/EFI/BOOT/hv.cfg"
	cp "$guest" "$dir/EFI/hv/guest.bin"
	[ -z "$initrd" ] || cp "$initrd" "$dir/EFI/hv/initrd"
}

# make_fat_disk IMG DIR: write a FAT disk image holding DIR's tree (no
# partition table: OVMF's FAT driver binds to the whole disk). The size is a
# whole number of 16-head, 63-sector cylinders; sets FAT_CYLINDERS to the
# count for the bochsrc's ata0-master line.
make_fat_disk() {
	local img=$1 dir=$2 kib cyl
	kib=$(du -sk "$dir" | cut -f1)
	# Room for FAT tables, directories and cluster slack, and at least
	# ~10 MB so that mkfs.fat picks FAT16 like a real ESP.
	cyl=$(((kib * 1024 * 5 / 4 + 2 * 1024 * 1024 + FAT_CYL_BYTES - 1) / FAT_CYL_BYTES))
	[ "$cyl" -ge 20 ] || cyl=20
	rm -f "$img"
	truncate -s $((cyl * FAT_CYL_BYTES)) "$img"
	mkfs.fat -n HV-ESP -g "$FAT_HEADS/$FAT_SPT" "$img" >/dev/null || return 1
	MTOOLS_SKIP_CHECK=1 mcopy -s -Q -i "$img" "$dir"/* ::/ || return 1
	FAT_CYLINDERS=$cyl
}

# disk_cylinders IMG: print IMG's size in cylinders of the geometry Bochs is
# told (FAT_HEADS x FAT_SPT sectors; scripts/mkusb.sh sizes its images so);
# fails with a line on stderr when the size is not a whole number of them.
disk_cylinders() {
	local size
	size=$(stat -c %s "$1") || return 1
	if [ $((size % FAT_CYL_BYTES)) -ne 0 ]; then
		echo "bochs_lib: $1 ($size bytes) is not a whole number of $FAT_CYL_BYTES-byte cylinders" >&2
		return 1
	fi
	echo $((size / FAT_CYL_BYTES))
}

# make_grub_iso ISO HV_ELF HV_ARGS GUEST [GUEST_ARGS]: build a legacy-BIOS
# GRUB rescue ISO (i386-pc only) whose only entry is
#     multiboot2 /boot/hv.elf HV_ARGS
#     module2 /boot/guest.bin GUEST_ARGS
# GUEST may be empty: then there is no module2 line (hv must complain).
# GRUB_INITRD=FILE adds a second line `module2 /boot/initrd` (the guest's
# initrd; `initrd /boot/initrd` with GRUB_MODE=linux).
# GRUB_PLATFORM=x86_64-efi makes a UEFI GRUB ISO instead of the legacy-BIOS one.
# GRUB_MODE=linux instead boots GUEST natively (`linux /boot/guest.bin
# GUEST_ARGS`), without hv: used to develop the harness and the test guest.
# GRUB_SERIAL=1 also puts GRUB's own terminal on COM1 (its errors then show
# in the serial log).
make_grub_iso() {
	local iso=$1 elf=$2 hvargs=$3 guest=$4 gargs=${5:-} root
	root=$(mktemp -d "${iso%/*}/iso.XXXXXX")
	mkdir -p "$root/boot/grub"
	[ -z "$elf" ] || cp "$elf" "$root/boot/hv.elf"
	[ -z "$guest" ] || cp "$guest" "$root/boot/guest.bin"
	[ -z "${GRUB_INITRD:-}" ] || cp "$GRUB_INITRD" "$root/boot/initrd" || { rm -rf "$root"; return 1; }
	{
		echo "set timeout=0"
		echo "set default=0"
		if [ -n "${GRUB_SERIAL:-}" ]; then
			echo "serial --unit=0 --speed=115200"
			echo "terminal_input serial console"
			echo "terminal_output serial console"
		fi
		echo "menuentry \"hv\" {"
		if [ "${GRUB_MODE:-}" = linux ]; then
			echo "  linux /boot/guest.bin $gargs"
			[ -z "${GRUB_INITRD:-}" ] || echo "  initrd /boot/initrd"
		else
			echo "  multiboot2 /boot/hv.elf $hvargs"
			[ -z "$guest" ] || echo "  module2 /boot/guest.bin $gargs"
			[ -z "${GRUB_INITRD:-}" ] || echo "  module2 /boot/initrd"
		fi
		echo "  boot"
		echo "}"
	} >"$root/boot/grub/grub.cfg"
	local platform=${GRUB_PLATFORM:-i386-pc} disk_module=biosdisk
	[ "$platform" = i386-pc ] || disk_module=
	grub-mkrescue -d "/usr/lib/grub/$platform" -o "$iso" \
		--install-modules="normal multiboot2 linux serial terminal iso9660 $disk_module" \
		--fonts= --locales= --themes= "$root" >"$iso.log" 2>&1 || {
		echo "bochs_lib: grub-mkrescue failed:" >&2
		cat "$iso.log" >&2
		rm -rf "$root"
		return 1
	}
	rm -rf "$root"
}

# ---------------------------------------------------------------- bochsrc

# bochsrc_write RC key=value...: write a headless bochsrc. Keys:
#   firmware=ovmf|bios   (default ovmf)
#   model=NAME           Bochs CPU model (default corei7_skylake_x)
#   cpus=N               (default 1)     mem=MB (default 256)
#   disk=IMG cylinders=C a flat FAT disk (OVMF path)
#   cdrom=ISO            a CD-ROM image, booted by the legacy BIOS
#   serial=FILE          COM1 output (default RC's directory/serial.log)
#   com2=FILE            COM2 (0x2f8) enabled, its output to FILE (default: no COM2)
#   log=FILE             Bochs' own log (default RC's directory/bochs.log)
#   ips=N                instructions per emulated second (default 50000000)
# Port 0xE9 output goes to Bochs' stdout (bochs_run keeps it in RC.e9).
bochsrc_write() {
	local rc=$1
	shift
	local firmware=ovmf model=corei7_skylake_x cpus=1 mem=256 disk='' cylinders=''
	local cdrom='' serial='' log='' ips=50000000 com2='' kv
	for kv in "$@"; do
		case $kv in
		firmware=*) firmware=${kv#*=} ;;
		model=*) model=${kv#*=} ;;
		cpus=*) cpus=${kv#*=} ;;
		mem=*) mem=${kv#*=} ;;
		disk=*) disk=${kv#*=} ;;
		cylinders=*) cylinders=${kv#*=} ;;
		cdrom=*) cdrom=${kv#*=} ;;
		serial=*) serial=${kv#*=} ;;
		com2=*) com2=${kv#*=} ;;
		log=*) log=${kv#*=} ;;
		ips=*) ips=${kv#*=} ;;
		*) echo "bochsrc_write: unknown key '$kv'" >&2; return 1 ;;
		esac
	done
	: "${serial:=$(dirname "$rc")/serial.log}" "${log:=$(dirname "$rc")/bochs.log}"
	{
		echo "# written by tests/e2e/bochs_lib.sh"
		echo "display_library: nogui"
		echo "cpu: model=$model, count=$cpus, ips=$ips, reset_on_triple_fault=0"
		echo "memory: guest=$mem, host=$mem"
		echo "clock: sync=none, time0=local"
		echo "pci: enabled=1, chipset=i440fx"
		case $firmware in
		ovmf)
			echo "romimage: file=$(ovmf_image), address=0xffc00000"
			;;
		bios)
			echo "romimage: file=$BOCHS_LEGACY_BIOS"
			;;
		*) echo "bochsrc_write: unknown firmware '$firmware'" >&2; return 1 ;;
		esac
		# Bochs wants a VGA ROM even when nothing is displayed.
		echo "vgaromimage: file=$(vgabios_image)"
		if [ -n "$disk" ]; then
			echo "ata0-master: type=disk, mode=flat, path=$disk, cylinders=$cylinders, heads=$FAT_HEADS, spt=$FAT_SPT"
		fi
		if [ -n "$cdrom" ]; then
			if [ -n "$disk" ]; then
				echo "ata0-slave: type=cdrom, path=$cdrom, status=inserted"
			else
				echo "ata0-master: type=cdrom, path=$cdrom, status=inserted"
			fi
			echo "boot: cdrom"
		else
			echo "boot: disk"
		fi
		echo "com1: enabled=1, mode=file, dev=$serial"
		[ -z "$com2" ] || echo "com2: enabled=1, mode=file, dev=$com2"
		echo "port_e9_hack: enabled=1"
		echo "panic: action=fatal"
		echo "error: action=report"
		echo "info: action=report"
		echo "debug: action=ignore"
		echo "log: $log"
	} >"$rc"
}

# ---------------------------------------------------------------- running

BOCHS_PID=
# Bochs "PANIC" lines that are a guest's normal end of a run.
BOCHS_NORMAL_END_RE='Shutdown port|ACPI control: soft power off'

# bochs_stop: stop the Bochs started by bochs_run, if it still runs.
bochs_stop() {
	[ -n "$BOCHS_PID" ] || return 0
	if kill -0 "$BOCHS_PID" 2>/dev/null; then
		# `timeout` forwards the signal to Bochs and sends SIGKILL 5 s later.
		kill -TERM "$BOCHS_PID" 2>/dev/null || true
		local i
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
			kill -0 "$BOCHS_PID" 2>/dev/null || break
			sleep 0.5
		done
		kill -KILL "$BOCHS_PID" 2>/dev/null || true
	fi
	wait "$BOCHS_PID" 2>/dev/null || true
	BOCHS_PID=
}

# bochs_log_problems LOG: print Bochs' PANIC and ERROR lines (last 20).
bochs_log_problems() {
	grep -aE '>>PANIC<<|PANIC|\[[A-Z0-9 ]+\] ?.*ERROR|^[0-9]+e\[' "$1" 2>/dev/null | tail -n 20
}

# bochs_report_failure SERIAL LOG: the diagnostics printed on any failure.
bochs_report_failure() {
	local serial=$1 log=$2
	echo "---- last 40 lines of the serial log ($serial) ----"
	tr -d '\r' <"$serial" 2>/dev/null | tail -n 40
	echo "---- Bochs log: PANIC/ERROR lines and last lines ($log) ----"
	bochs_log_problems "$log"
	tail -n 5 "$log" 2>/dev/null
	echo "----"
}

# serial_outcome SERIAL DONE_RE FAIL_RE: print what the serial log says so
# far: fail (FAIL_RE, or hv's "guest stopped": stopped), done (DONE_RE), or
# nothing. A failure wins over DONE_RE.
serial_outcome() {
	if [ -n "$3" ] && grep -aqE "$3" "$1" 2>/dev/null; then
		echo fail
	elif grep -aq 'hv: guest stopped' "$1" 2>/dev/null; then
		echo stopped
	elif grep -aqE "$2" "$1" 2>/dev/null; then
		echo "done"
	fi
}

# serial_settle SERIAL: wait until SERIAL stops growing (0.6 s without a new
# byte, at most 3 s): hv's panic dump follows its PANIC line.
serial_settle() {
	local size last=-1 still=0
	for _ in $(seq 1 15); do
		size=$(stat -c %s "$1" 2>/dev/null || echo 0)
		if [ "$size" = "$last" ]; then
			still=$((still + 1))
			[ "$still" -ge 3 ] && return 0
		else
			still=0
		fi
		last=$size
		sleep 0.2
	done
}

# bochs_wait_exit STEPS: give Bochs STEPS x 0.2 s to exit by itself.
bochs_wait_exit() {
	for _ in $(seq 1 "$1"); do
		kill -0 "$BOCHS_PID" 2>/dev/null || return 0
		sleep 0.2
	done
}

# bochs_run RC SERIAL TIMEOUT DONE_RE FAIL_RE: run Bochs on RC in the
# background and poll SERIAL (COM1's file, as named in RC) every 0.2 s:
#   - DONE_RE (grep -E) matches: the run reached its end; Bochs gets a moment
#     (BOCHS_GRACE steps of 0.2 s, default 10) to exit on its own (the guest's
#     "Shutdown" on port 0x8900), then is killed; tests whose hv parks after
#     the awaited line set BOCHS_GRACE=1;
#   - FAIL_RE matches, or hv prints "guest stopped" (it then parks the CPU and
#     Bochs would spin until the timeout): killed once the log stops growing;
#   - Bochs exits by itself, or TIMEOUT seconds pass: the end, too.
# Returns 0 when DONE_RE matched, FAIL_RE did not, hv did not stop the guest
# and Bochs did not panic; 1 otherwise, after printing why and the logs'
# tails. Sets BOCHS_OUTCOME (done|fail|stopped|exited|timeout|panic),
# BOCHS_SECONDS (wall time) and BOCHS_LOG (Bochs' own log, read from RC). An
# empty FAIL_RE never matches. Port 0xE9 output is kept in RC.e9.
bochs_run() {
	local rc=$1 serial=$2 limit=$3 done_re=$4 fail_re=${5:-}
	local start status=0
	BOCHS_LOG=$(sed -n 's/^log: //p' "$rc" | tail -n 1)
	BOCHS_LOG=${BOCHS_LOG:-/dev/null}
	BOCHS_OUTCOME=
	: >"$serial"
	[ "$BOCHS_LOG" = /dev/null ] || : >"$BOCHS_LOG"
	start=$(date +%s.%N)
	timeout --kill-after=5 "$limit" "$BOCHS" -q -f "$rc" -unlock \
		</dev/null >"$rc.e9" 2>"$rc.stderr" &
	BOCHS_PID=$!
	while [ -z "$BOCHS_OUTCOME" ]; do
		BOCHS_OUTCOME=$(serial_outcome "$serial" "$done_re" "$fail_re")
		[ -z "$BOCHS_OUTCOME" ] || break
		if ! kill -0 "$BOCHS_PID" 2>/dev/null; then
			wait "$BOCHS_PID" || status=$?
			BOCHS_PID=
			# Bochs may have written the last lines while exiting.
			BOCHS_OUTCOME=$(serial_outcome "$serial" "$done_re" "$fail_re")
			# 124/137: timeout's own codes; anything else is Bochs exiting.
			case $BOCHS_OUTCOME:$status in
			:124 | :137) BOCHS_OUTCOME=timeout ;;
			:*) BOCHS_OUTCOME=exited ;;
			esac
			break
		fi
		sleep 0.2
	done
	if [ -n "$BOCHS_PID" ]; then
		if [ "$BOCHS_OUTCOME" = "done" ]; then
			bochs_wait_exit "${BOCHS_GRACE:-10}"
		else
			serial_settle "$serial"
		fi
	fi
	bochs_stop
	BOCHS_SECONDS=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	# A guest's "Shutdown" on port 0x8900 and an ACPI soft-off (Linux's
	# `poweroff`) are logged as PANICs: not problems.
	if [ "$BOCHS_OUTCOME" = "done" ] &&
		grep -a '>>PANIC<<' "$BOCHS_LOG" 2>/dev/null | grep -vqE "$BOCHS_NORMAL_END_RE"; then
		BOCHS_OUTCOME=panic
	fi
	[ "$BOCHS_OUTCOME" = "done" ] && return 0
	bochs_explain "$rc" "$serial" "$limit" "$done_re" "$fail_re"
	return 1
}

# bochs_explain RC SERIAL TIMEOUT DONE_RE FAIL_RE: say why bochs_run failed
# (BOCHS_OUTCOME), then Bochs' stderr and the tails of both logs.
bochs_explain() {
	case $BOCHS_OUTCOME in
	fail) echo "bochs_run: the serial log matched /$5/" ;;
	stopped) echo "bochs_run: hv stopped the guest" ;;
	exited) echo "bochs_run: Bochs exited before /$4/ appeared" ;;
	timeout) echo "bochs_run: no /$4/ within $3s" ;;
	panic) echo "bochs_run: Bochs panicked" ;;
	esac
	# Bochs' stderr without its banner and start-up info lines.
	local err
	err=$(grep -avE '^[0-9]{11}i\[|Bochs x86 Emulator|Built from|Timestamp:|^=+$' \
		"$1.stderr" 2>/dev/null | tail -n 10)
	[ -z "$err" ] || printf '%s\n' "---- Bochs stderr ----" "$err"
	bochs_report_failure "$2" "$BOCHS_LOG"
}

# ---------------------------------------------------------------- assertions

# serial_text FILE: the serial log without carriage returns.
serial_text() {
	tr -d '\r' <"$1" 2>/dev/null
}

# check_testguest_passed SERIAL [MIN]: succeed when the test guest reported
# `testguest: N passed, 0 failed` with N >= MIN (default 10), printed no
# `FAIL ` line, and said `testguest: power off`. Otherwise print why (and the
# serial log's tail) and fail.
check_testguest_passed() {
	local serial=$1 min=${2:-10} text n
	text=$(serial_text "$serial")
	n=$(grep -aoE 'testguest: [0-9]+ passed, 0 failed' <<<"$text" | tail -n 1 | grep -oE '[0-9]+' | head -n 1)
	local why=
	if grep -aqE '(^|[[:space:]])FAIL ' <<<"$text"; then
		why="the guest reported: $(grep -aE '(^|[[:space:]])FAIL ' <<<"$text" | head -n 3 | paste -sd '|')"
	elif [ -z "$n" ]; then
		why="no 'testguest: N passed, 0 failed' line"
	elif [ "$n" -lt "$min" ]; then
		why="only $n checks passed (want >= $min)"
	elif ! grep -aq 'testguest: power off' <<<"$text"; then
		why="no 'testguest: power off' line"
	fi
	[ -z "$why" ] && return 0
	CHECK_WHY=$why
	echo "check: $why"
	echo "---- last 40 lines of the serial log ($serial) ----"
	tail -n 40 <<<"$text"
	echo "----"
	return 1
}

# ---------------------------------------------------------------- common runs

# hv's own fatal messages: a run stops at once when one shows up.
HV_FAIL_RE=${HV_FAIL_RE:-'hv: (PANIC|panic)'}

# run_testguest_uefi MODEL CMDLINE [key=value...]: boot hv.efi from a FAT
# disk under OVMF with build/testguest.bin as the guest (its command line
# CMDLINE), until the guest powers off. An argument hvcfg=KEY=VALUE adds the
# line `KEY = VALUE` to hv.cfg (e.g. hvcfg=test_hypercalls=on); the other
# extra arguments go to bochsrc_write. Leaves the serial log in
# $E2E_TMP/serial.log; returns bochs_run's status.
run_testguest_uefi() {
	local model=$1 cmdline=$2 kv
	local -a cfg_lines=() rc_args=()
	shift 2
	for kv in "$@"; do
		case $kv in
		hvcfg=*=*) kv=${kv#hvcfg=}; cfg_lines+=("${kv%%=*} = ${kv#*=}") ;;
		*) rc_args+=("$kv") ;;
		esac
	done
	make_esp_dir "$E2E_TMP/esp" "$HV_BUILD/hv.efi" "$HV_BUILD/testguest.bin" \
		"$(hv_cfg_text '\EFI\hv\guest.bin' "$cmdline" "${HV_LOG:-info}" '' \
			${cfg_lines[@]+"${cfg_lines[@]}"})" || return 1
	make_fat_disk "$E2E_TMP/disk.img" "$E2E_TMP/esp" || return 1
	bochsrc_write "$E2E_TMP/bochsrc" firmware=ovmf model="$model" \
		cpus="${HV_CPUS:-1}" disk="$E2E_TMP/disk.img" cylinders="$FAT_CYLINDERS" \
		serial="$E2E_TMP/serial.log" log="$E2E_TMP/bochs.log" \
		${rc_args[@]+"${rc_args[@]}"} || return 1
	bochs_run "$E2E_TMP/bochsrc" "$E2E_TMP/serial.log" "${E2E_TIMEOUT:-240}" \
		'testguest: power off' "$HV_FAIL_RE"
}

# run_grub MODEL HV_ARGS GUEST GUEST_ARGS DONE_RE [key=value...]: boot
# hv.elf through GRUB under the legacy BIOS (module2 GUEST GUEST_ARGS, none
# when GUEST is empty) until DONE_RE shows in the serial log.
run_grub() {
	local model=$1 hvargs=$2 guest=$3 gargs=$4 done_re=$5
	shift 5
	make_grub_iso "$E2E_TMP/boot.iso" "$HV_BUILD/hv.elf" "$hvargs" "$guest" "$gargs" || return 1
	bochsrc_write "$E2E_TMP/bochsrc" firmware=bios model="$model" \
		cpus="${HV_CPUS:-1}" cdrom="$E2E_TMP/boot.iso" \
		serial="$E2E_TMP/serial.log" log="$E2E_TMP/bochs.log" "$@" || return 1
	bochs_run "$E2E_TMP/bochsrc" "$E2E_TMP/serial.log" "${E2E_TIMEOUT:-240}" \
		"$done_re" "$HV_FAIL_RE"
}
