#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make usb`: write a bootable disk image (a USB stick's contents) that starts
# hv from UEFI firmware and from a legacy BIOS, without root, loop devices or
# mounting (it runs in a container):
#
#   sector 0      protective MBR with GRUB's boot.img as boot code, active
#   1-33          primary GPT
#   2048-4095     partition 1: BIOS boot partition (EF02), GRUB's core.img
#   4096-end      partition 2: EFI system partition (EF00), FAT32 "HV-USB":
#                   \EFI\BOOT\BOOTX64.EFI  hv.efi (UEFI: removable-media path)
#                   \EFI\BOOT\hv.cfg       hv's settings, read by both paths
#                   \EFI\hv\hv.elf         hv for GRUB (Multiboot2)
#                   \EFI\hv\vmlinuz        the guest kernel
#                   \EFI\hv\initrd.gz      its initrd (unless -I)
#                   \boot\grub\grub.cfg    GRUB's menu (legacy BIOS)
#   last 33       backup GPT
#
# The size is a whole number of 16-head, 63-sector cylinders so that Bochs'
# `cylinders=` describes it exactly. docs/usb-image.md explains the layout,
# why GRUB is installed by hand, and how to edit hv.cfg on the image.
#
# Usage: scripts/mkusb.sh [-o OUT] [-k KERNEL] [-i INITRD] [-I] [-c CMDLINE]
#                         [-s KEY=VALUE]...
#   -o OUT      the image (default $HV_BUILD/hv-usb.img; HV_BUILD=build)
#   -k KERNEL   guest image (default $HV_BUILD/linux/vmlinuz)
#   -i INITRD   initrd (default $HV_BUILD/linux/initramfs.gz)
#   -I          no initrd
#   -c CMDLINE  guest command line (default console=tty0 console=ttyS0,115200)
#   -s KEY=VAL  set `KEY = VAL` in hv.cfg (replacing the default line for KEY)
# USB_MB=N sets the size (default 128, at least 40: FAT32 needs 65525 clusters).
# Prints one line describing the image; any failure is one line on stderr.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HV_BUILD=${HV_BUILD:-$ROOT/build}
GRUB_DIR=${GRUB_DIR:-/usr/lib/grub/i386-pc}
USB_MB=${USB_MB:-128}

SECTOR=512
CYL_SECTORS=$((16 * 63))   # one Bochs cylinder: 16 heads x 63 sectors
BIOS_BOOT_START=2048       # partition 1, 1 MiB: room for core.img
BIOS_BOOT_SECTORS=2048
ESP_START=4096             # partition 2, 2 MiB aligned
GPT_BACKUP_SECTORS=33      # backup GPT: 32 sectors of entries + header
ESP_LABEL=HV-USB

die() {
	echo "mkusb: $*" >&2
	exit 1
}

out=$HV_BUILD/hv-usb.img
kernel=$HV_BUILD/linux/vmlinuz
initrd=$HV_BUILD/linux/initramfs.gz
cmdline='console=tty0 console=ttyS0,115200'
settings=()
while getopts 'o:k:i:Ic:s:h' opt; do
	case $opt in
	o) out=$OPTARG ;;
	k) kernel=$OPTARG ;;
	i) initrd=$OPTARG ;;
	I) initrd= ;;
	c) cmdline=$OPTARG ;;
	s)
		[[ $OPTARG =~ ^[a-z_]+=.+$ ]] || die "-s wants KEY=VALUE, not '$OPTARG'"
		settings+=("$OPTARG")
		;;
	h) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "usage: mkusb.sh [-o OUT] [-k KERNEL] [-i INITRD] [-I] [-c CMDLINE] [-s KEY=VALUE]..." ;;
	esac
done
[ $OPTIND -gt $# ] || die "unexpected argument '${!OPTIND}'"

# ---------------------------------------------------------------- checks

for f in "$HV_BUILD/hv.efi" "$HV_BUILD/hv.elf" "$kernel" ${initrd:+"$initrd"} \
	"$GRUB_DIR/boot.img"; do
	[ -s "$f" ] || die "missing $f (run 'make all linux', or 'make deps' for GRUB)"
done
for t in sgdisk mkfs.fat mcopy mmd grub-mkimage; do
	command -v "$t" >/dev/null || die "$t not found (run 'make deps')"
done
[[ $USB_MB =~ ^[0-9]+$ ]] && [ "$USB_MB" -ge 40 ] ||
	die "USB_MB=$USB_MB: the image needs at least 40 MiB (FAT32 needs 65525 clusters)"

total=$(( (USB_MB * 1024 * 1024 / SECTOR + CYL_SECTORS - 1) / CYL_SECTORS * CYL_SECTORS ))
cylinders=$((total / CYL_SECTORS))
esp_end=$((total - GPT_BACKUP_SECTORS - 1))     # last usable sector
esp_kib=$(((esp_end - ESP_START + 1) * SECTOR / 1024))
need=0
for f in "$HV_BUILD/hv.efi" "$HV_BUILD/hv.elf" "$kernel" ${initrd:+"$initrd"}; do
	need=$((need + $(stat -c %s "$f")))
done
# FAT32 at this size: two FATs of 4 bytes per 512-byte cluster (under 2%),
# 32 reserved sectors; 1 MiB covers directories and cluster slack.
if [ $((need / 1024 + esp_kib / 50 + 1024)) -gt "$esp_kib" ]; then
	die "the guest and hv need $((need >> 20)) MiB, more than the $((esp_kib >> 10)) MiB partition of a ${USB_MB} MiB image: set USB_MB higher"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkusb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
img=$tmp/hv-usb.img

# ---------------------------------------------------------------- hv.cfg

# hv_cfg: the configuration both boot paths read. The `-s` settings replace
# the line of their key, or are appended.
hv_cfg() {
	cat <<EOF
# hv.cfg: hv's settings and its guest. Both ways this disk boots read it:
#   UEFI:        \\EFI\\BOOT\\BOOTX64.EFI (hv.efi) reads hv.cfg beside it;
#   legacy BIOS: GRUB (\\boot\\grub\\grub.cfg) hands it to hv.elf as a
#                module named "hv.cfg".
# One "key = value" per line; '#' starts a comment. A mistake stops hv
# with the file name and line number on the serial console (COM1).

# The guest kernel and its initrd, on this partition ('\\' or '/').
# Under GRUB the module2 lines of \\boot\\grub\\grub.cfg load them and these
# two keys are ignored: rename a file in both places.
kernel = \\EFI\\hv\\vmlinuz
EOF
	[ -z "$initrd" ] || echo 'initrd = \EFI\hv\initrd.gz'
	cat <<EOF

# The guest's command line: everything after '='. The last console= is
# where the shell runs (ttyS0: the serial port, 115200 baud).
cmdline = $cmdline

# hv's log level on the serial console: error, warn, info, debug.
log = info

# EPT mode-based execute control: auto (use it when the CPU has it),
# on (stop with a clear line when it does not), off.
mbec = auto

# Where hv's log goes: com1 (0x3f8), com2 (0x2f8), an I/O port such as
# 0xe000 (a PCI serial card's legacy I/O BAR), or none (kept in memory only;
# run hv-log in the guest to read it). The guest shares that port with hv.
console = com1
# Its rate: 115200, 57600, 38400, 19200, 9600, ... (divisors of 115200).
baud = 115200

# VPID: auto (tag the guest's TLB entries so exits keep them), off (debug).
vpid = auto
EOF
}

cfg=$(hv_cfg)
for kv in ${settings[@]+"${settings[@]}"}; do
	key=${kv%%=*}
	line="$key = ${kv#*=}"
	if grep -q "^$key = " <<<"$cfg"; then
		cfg=$(awk -v k="$key" -v l="$line" '$1 == k && $2 == "=" { print l; next } { print }' <<<"$cfg")
	else
		cfg=$(printf '%s\n%s' "$cfg" "$line")
	fi
done
printf '%s\n' "$cfg" | sed 's/$/\r/' >"$tmp/hv.cfg" # CRLF: readable in Notepad too

# ---------------------------------------------------------------- grub.cfg

{
	cat <<'EOF'
# GRUB's menu on the hv disk (legacy BIOS only; UEFI starts
# \EFI\BOOT\BOOTX64.EFI). hv's settings and the guest's command line are in
# \EFI\BOOT\hv.cfg, which both paths read: edit that file, not this one.
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=2
set default=0

menuentry "hv" {
	multiboot2 /EFI/hv/hv.elf
	module2 /EFI/BOOT/hv.cfg hv.cfg
	module2 /EFI/hv/vmlinuz
EOF
	[ -z "$initrd" ] || echo "	module2 /EFI/hv/initrd.gz"
	echo "	boot"
	echo "}"
} >"$tmp/grub.cfg"

# ---------------------------------------------------------------- GPT

truncate -s $((total * SECTOR)) "$img"
sgdisk -o \
	-n 1:$BIOS_BOOT_START:$((BIOS_BOOT_START + BIOS_BOOT_SECTORS - 1)) -t 1:EF02 -c 1:"BIOS boot" \
	-n 2:$ESP_START:$esp_end -t 2:EF00 -c 2:"EFI system" \
	"$img" >"$tmp/sgdisk.log" 2>&1 || die "sgdisk failed: $(tr '\n' ' ' <"$tmp/sgdisk.log")"

# ---------------------------------------------------------------- ESP

mkfs.fat -F 32 -n "$ESP_LABEL" --offset=$ESP_START -h $ESP_START "$img" "$esp_kib" \
	>"$tmp/mkfs.log" 2>&1 || die "mkfs.fat failed: $(tr '\n' ' ' <"$tmp/mkfs.log")"
esp="$img@@$((ESP_START * SECTOR))"
export MTOOLS_SKIP_CHECK=1
mmd -i "$esp" ::/EFI ::/EFI/BOOT ::/EFI/hv ::/boot ::/boot/grub
put() {
	mcopy -i "$esp" -o "$1" "::$2" 2>"$tmp/mcopy.log" ||
		die "cannot copy $1 to $2: $(tr '\n' ' ' <"$tmp/mcopy.log")"
}
put "$HV_BUILD/hv.efi" /EFI/BOOT/BOOTX64.EFI
put "$tmp/hv.cfg" /EFI/BOOT/hv.cfg
put "$HV_BUILD/hv.elf" /EFI/hv/hv.elf
put "$kernel" /EFI/hv/vmlinuz
[ -z "$initrd" ] || put "$initrd" /EFI/hv/initrd.gz
put "$tmp/grub.cfg" /boot/grub/grub.cfg

# ---------------------------------------------------------------- GRUB (BIOS)

# GRUB's own installer cannot work here: grub-install must be given a block
# device and probes the mounted file system of its boot directory, which
# needs root and a loop device. So do what it does (GRUB 2.06,
# util/grub-install.c, then util/setup.c for i386-pc with an embedding
# area), by hand:
#  1. core.img = diskboot.img + decompressor + kernel + the modules named
#     below, prefix "(,gpt2)/boot/grub": an empty drive name means the drive
#     the BIOS booted from, so the image works as hd0 or hd1.
#  2. core.img goes into the BIOS boot partition (util/setup.c's "embedding"
#     for GPT). Its first sector, diskboot.img, loads the rest from the
#     blocklist in its last 12 bytes (grub-core/boot/i386/pc/diskboot.S,
#     blocklist_default_start at 0x200 - GRUB_BOOT_MACHINE_LIST_SIZE):
#     u64 start LBA, u16 sector count, u16 load segment (0x820, the default
#     that follows the first sector at 0x8000: GRUB_BOOT_I386_PC_KERNEL_SEG
#     0x800 + 0x20, include/grub/offsets.h).
#  3. boot.img becomes the MBR's first 440 bytes (up to the disk signature,
#     GRUB_BOOT_MACHINE_WINDOWS_NT_MAGIC 0x1b8, include/grub/i386/pc/boot.h),
#     patched as setup.c's write_rootdev() and drive-check code do:
#     GRUB_BOOT_MACHINE_KERNEL_SECTOR (0x5c): u64 LBA of core.img's first
#     sector; GRUB_BOOT_MACHINE_BOOT_DRIVE (0x64): 0xff, "use the drive the
#     BIOS passes in DL" (boot.img's default, kept); GRUB_BOOT_MACHINE_DRIVE_CHECK
#     (0x66): the 2-byte jump that skips the hard-disk check, replaced by two
#     NOPs, as setup.c does for a hard disk (some BIOSes pass a wrong DL).
#     The BPB area (0x03-0x5a) stays zero as in sgdisk's protective MBR,
#     which setup.c would copy into boot.img.
# No Reed-Solomon codes are added (grub-install --no-rs-codes does the same):
# they only repair a core.img damaged by other software writing there.
GRUB_MODULES=(biosdisk part_gpt fat normal configfile multiboot2 serial terminal boot echo)
grub-mkimage -O i386-pc -d "$GRUB_DIR" -p '(,gpt2)/boot/grub' -o "$tmp/core.img" \
	"${GRUB_MODULES[@]}" >"$tmp/grub.log" 2>&1 || die "grub-mkimage failed: $(tr '\n' ' ' <"$tmp/grub.log")"
core_sectors=$((($(stat -c %s "$tmp/core.img") + SECTOR - 1) / SECTOR))
[ "$core_sectors" -le "$BIOS_BOOT_SECTORS" ] ||
	die "core.img ($core_sectors sectors) does not fit the BIOS boot partition"

# put_le FILE OFFSET VALUE BYTES: write VALUE little endian at OFFSET.
put_le() {
	local file=$1 off=$2 val=$3 n=$4 i esc=
	for ((i = 0; i < n; i++)); do
		esc+=$(printf '\\x%02x' $(((val >> (8 * i)) & 0xff)))
	done
	printf '%b' "$esc" | dd of="$file" bs=1 seek="$off" conv=notrunc status=none
}

core_list=$((SECTOR - 12))                       # diskboot.img's blocklist
put_le "$tmp/core.img" $core_list $((BIOS_BOOT_START + 1)) 8
put_le "$tmp/core.img" $((core_list + 8)) $((core_sectors - 1)) 2
put_le "$tmp/core.img" $((core_list + 10)) 0x820 2
dd if="$tmp/core.img" of="$img" bs=$SECTOR seek=$BIOS_BOOT_START conv=notrunc status=none

dd if="$GRUB_DIR/boot.img" of="$img" bs=1 count=3 conv=notrunc status=none
dd if="$GRUB_DIR/boot.img" of="$img" bs=1 skip=$((0x5a)) seek=$((0x5a)) \
	count=$((0x1b8 - 0x5a)) conv=notrunc status=none
put_le "$img" $((0x5c)) $BIOS_BOOT_START 8      # GRUB_BOOT_MACHINE_KERNEL_SECTOR
put_le "$img" $((0x66)) 0x9090 2                 # GRUB_BOOT_MACHINE_DRIVE_CHECK: nop; nop
# The protective MBR's only entry (0x1be) active: some BIOSes boot only a
# disk with an active partition. UEFI firmware ignores it (UEFI 2.10, 5.2.3
# "Protective MBR": the BootIndicator "must be ignored by UEFI
# implementations"), and GRUB's GPT reader does not look at it.
put_le "$img" $((0x1be)) 0x80 1

mkdir -p "$(dirname "$out")"
mv -f "$img" "$out"
echo "mkusb: $out: $((total * SECTOR)) bytes, $cylinders cylinders of 16 heads x 63 sectors;" \
	"ESP FAT32 '$ESP_LABEL' at sector $ESP_START, GRUB core.img $core_sectors sectors at $BIOS_BOOT_START"
