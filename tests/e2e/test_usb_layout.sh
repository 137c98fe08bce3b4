#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The layout of the `make usb` disk image (scripts/mkusb.sh,
# docs/usb-image.md), built here from $HV_BUILD, checked without an emulator:
#   - size: a whole number of 16 x 63-sector cylinders (Bochs' geometry);
#   - `sgdisk -p` and `fdisk -l`: GPT, exactly two partitions, 1: BIOS boot
#     (EF02) sectors 2048-4095, 2: EFI system (EF00) from 4096 to the last
#     usable sector; the protective MBR's entry type 0xEE, active (0x80);
#   - the ESP is FAT32 labelled HV-USB (boot sector, `minfo`);
#   - every file is there and equal to its source (mcopy back, cmp);
#     hv.cfg names the kernel, initrd and default command line, grub.cfg
#     passes hv.cfg as the module "hv.cfg";
#   - GRUB for the legacy BIOS: MBR code = boot.img with the core.img LBA
#     (2048) at 0x5c and NOPs at 0x66, signature 0x55AA; core.img at LBA 2048
#     starts with diskboot.img, its blocklist (0x1f4) = 2049, core sectors - 1,
#     segment 0x820;
#   - mkusb.sh's options: -I (no initrd), -c, -s (replaces a key's line,
#     appends a new one), and one-line failures for a missing file and a
#     guest that does not fit. ~5 s.
set -uo pipefail
# shellcheck source=tests/e2e/bochs_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bochs_lib.sh"
# shellcheck source=tests/e2e/linux_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/linux_lib.sh"
# shellcheck source=tests/e2e/usb_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/usb_lib.sh"

e2e_begin usb_layout
for t in sgdisk fdisk mcopy minfo; do
	command -v "$t" >/dev/null || e2e_skip "$t missing"
done
e2e_need_file "$HV_BUILD/hv.elf" "$HV_BUILD/hv.efi" "$HV_BUILD/testguest.bin"
linux_need_files
GRUB_DIR=/usr/lib/grub/i386-pc
img=$E2E_TMP/hv-usb.img
usb_build "$img"
echo "  $(cat "$img.log")"
echo "  built in ${USB_BUILD_SECONDS}s"

# ---- size and partition table
cyl=$(disk_cylinders "$img") || e2e_fail "image size not a whole number of cylinders"
sectors=$(($(stat -c %s "$img") / 512))
last=$((sectors - 34))
[ "$cyl" -ge 254 ] && [ "$cyl" -le 262 ] || e2e_fail "$cyl cylinders, want ~128 MiB (254-262)"
sg=$(sgdisk -p "$img" 2>&1) || e2e_fail "sgdisk -p failed: $sg"
parts=$(awk '/^Number/ { on = 1; next } on && NF { print $1, $2, $3, $6 }' <<<"$sg")
want=$(printf '1 2048 4095 EF02\n2 4096 %s EF00' "$last")
[ "$parts" = "$want" ] || e2e_fail "sgdisk -p partitions:"$'\n'"$parts"$'\n'"want:"$'\n'"$want"
fd=$(fdisk -l "$img" 2>&1)
grep -q '^Disklabel type: gpt' <<<"$fd" || e2e_fail "fdisk -l: not GPT"
grep -qE "img1 +2048 +4095 +2048 +1M BIOS boot$" <<<"$fd" || e2e_fail "fdisk -l: no BIOS boot partition 1"
grep -qE "img2 +4096 +$last +$((last - 4095)) .* EFI System$" <<<"$fd" || e2e_fail "fdisk -l: no EFI System partition 2"

# byte IMG OFFSET N: N bytes at OFFSET as one hex string (file order).
bytes() { od -An -tx1 -v -j "$2" -N "$3" "$1" | tr -d ' \n'; }
[ "$(bytes "$img" $((0x1fe)) 2)" = 55aa ] || e2e_fail "no 0x55AA MBR signature"
[ "$(bytes "$img" $((0x1be)) 1)" = 80 ] || e2e_fail "protective MBR entry not active (0x80)"
[ "$(bytes "$img" $((0x1c2)) 1)" = ee ] || e2e_fail "protective MBR entry type not 0xEE"

# ---- the ESP
[ "$(dd if="$img" bs=1 skip=$((USB_ESP_START * 512 + 82)) count=8 status=none)" = "FAT32   " ] ||
	e2e_fail "the ESP's boot sector does not say FAT32"
mi=$(minfo -i "$img@@$USB_ESP_AT" :: 2>&1)
grep -q 'disk type="FAT32   "' <<<"$mi" || e2e_fail "minfo: not FAT32"
grep -q 'disk label="HV-USB' <<<"$mi" || e2e_fail "minfo: label is not HV-USB"
grep -q "hidden sectors: $USB_ESP_START" <<<"$mi" || e2e_fail "minfo: hidden sectors not $USB_ESP_START"

out=$E2E_TMP/out
mkdir -p "$out"
# esp_file PATH: copy PATH out of the ESP into $out, print the local name.
esp_file() {
	local f
	f=$out/$(tr '/' '_' <<<"$1")
	mcopy -n -i "$img@@$USB_ESP_AT" "::$1" "$f" 2>/dev/null || e2e_fail "no $1 on the ESP"
	echo "$f"
}
check_same() {
	cmp -s "$(esp_file "$1")" "$2" || e2e_fail "$1 differs from $2"
}
check_same /EFI/BOOT/BOOTX64.EFI "$HV_BUILD/hv.efi"
check_same /EFI/hv/hv.elf "$HV_BUILD/hv.elf"
check_same /EFI/hv/vmlinuz "$LINUX_KERNEL"
check_same /EFI/hv/initrd.gz "$LINUX_INITRD"
cfg=$(tr -d '\r' <"$(esp_file /EFI/BOOT/hv.cfg)")
for l in 'kernel = \EFI\hv\vmlinuz' 'initrd = \EFI\hv\initrd.gz' \
	'cmdline = console=tty0 console=ttyS0,115200' 'log = info' 'mbec = auto'; do
	grep -qxF "$l" <<<"$cfg" || e2e_fail "hv.cfg has no line '$l'"
done
grub=$(cat "$(esp_file /boot/grub/grub.cfg)")
for l in 'multiboot2 /EFI/hv/hv.elf' 'module2 /EFI/BOOT/hv.cfg hv.cfg' \
	'module2 /EFI/hv/vmlinuz' 'module2 /EFI/hv/initrd.gz' 'serial --unit=0 --speed=115200'; do
	grep -qF "$l" <<<"$grub" || e2e_fail "grub.cfg has no '$l'"
done

# ---- GRUB in the MBR and the BIOS boot partition
head -c $((0x1b8)) "$GRUB_DIR/boot.img" >"$E2E_TMP/boot.want"
printf '\x00\x08\x00\x00\x00\x00\x00\x00' | dd of="$E2E_TMP/boot.want" bs=1 seek=$((0x5c)) conv=notrunc status=none
printf '\x90\x90' | dd of="$E2E_TMP/boot.want" bs=1 seek=$((0x66)) conv=notrunc status=none
head -c $((0x1b8)) "$img" | cmp -s - "$E2E_TMP/boot.want" ||
	e2e_fail "MBR code is not boot.img with LBA 2048 at 0x5c and NOPs at 0x66"
[ "$(bytes "$img" $((0x5c)) 8)" = 0008000000000000 ] || e2e_fail "core.img LBA at 0x5c is not 2048"
core=$(sed -n 's/.*GRUB core.img \([0-9]*\) sectors.*/\1/p' "$img.log")
[ -n "$core" ] && [ "$core" -gt 1 ] || e2e_fail "mkusb.sh did not report core.img's size"
[ "$(bytes "$img" $((2048 * 512)) $((0x1f4)))" = "$(bytes "$GRUB_DIR/diskboot.img" 0 $((0x1f4)))" ] ||
	e2e_fail "sector 2048 does not start with diskboot.img"
list=$(bytes "$img" $((2048 * 512 + 0x1f4)) 12)
want=$(printf '0108000000000000%02x%02x2008' $(((core - 1) & 0xff)) $(((core - 1) >> 8)))
[ "$list" = "$want" ] || e2e_fail "diskboot blocklist $list, want $want (2049, $((core - 1)) sectors, 0x820)"
# The sectors past core.img in the BIOS boot partition are zero.
[ -z "$(bytes "$img" $(((2048 + core) * 512)) 512 | tr -d 0)" ] || e2e_fail "junk after core.img"

# ---- options and failures
img2=$E2E_TMP/tg.img
usb_build "$img2" -k "$HV_BUILD/testguest.bin" -I -c console=ttyS0 -s log=debug -s test_hypercalls=on
img=$img2
cfg=$(tr -d '\r' <"$(esp_file /EFI/BOOT/hv.cfg)")
[ "$(grep -c '^log = ' <<<"$cfg")" = 1 ] && grep -qx 'log = debug' <<<"$cfg" || e2e_fail "-s log=debug did not replace 'log = info'"
grep -qx 'test_hypercalls = on' <<<"$cfg" || e2e_fail "-s test_hypercalls=on not appended"
grep -qx 'cmdline = console=ttyS0' <<<"$cfg" || e2e_fail "-c not in hv.cfg"
! grep -q '^initrd' <<<"$cfg" || e2e_fail "-I left an initrd line in hv.cfg"
grub=$(cat "$(esp_file /boot/grub/grub.cfg)")
grep -q 'module2 /EFI/hv/vmlinuz' <<<"$grub" && ! grep -q initrd <<<"$grub" ||
	e2e_fail "-I left an initrd in grub.cfg"
check_same /EFI/hv/vmlinuz "$HV_BUILD/testguest.bin"
! mdir -i "$img@@$USB_ESP_AT" ::/EFI/hv/initrd.gz >/dev/null 2>&1 || e2e_fail "-I copied an initrd"

# expect_fail WHAT RE ARGS...: mkusb.sh must fail with exactly one line matching RE.
expect_fail() {
	local what=$1 re=$2 msg
	shift 2
	msg=$(HV_BUILD=$HV_BUILD bash "$HV_ROOT/scripts/mkusb.sh" -o "$E2E_TMP/bad.img" "$@" 2>&1) &&
		e2e_fail "$what: mkusb.sh succeeded"
	[ "$(wc -l <<<"$msg")" = 1 ] && grep -qE "$re" <<<"$msg" || e2e_fail "$what: '$msg'"
	[ ! -e "$E2E_TMP/bad.img" ] || e2e_fail "$what: an image was left behind"
	echo "  $what: $msg"
}
expect_fail "missing kernel" "^mkusb: missing $E2E_TMP/nope" -k "$E2E_TMP/nope"
head -c $((48 << 20)) /dev/zero >"$E2E_TMP/big"
USB_MB=40 expect_fail "too big" '^mkusb: the guest and hv need [0-9]+ MiB, more than the [0-9]+ MiB partition' -k "$E2E_TMP/big"
expect_fail "bad -s" "^mkusb: -s wants KEY=VALUE" -s nonsense

# make usb's variables reach mkusb.sh as options (make -n: nothing is built).
mk=$(cd "$HV_ROOT" && make -n usb USB_KERNEL=/k USB_INITRD=/i "USB_CMDLINE=console=ttyS1 quiet" \
	"USB_SET=console=com2 log=debug" 2>&1 | tr -d '\\\n\t' | tr -s ' ')
want="scripts/mkusb.sh -o build/hv-usb.img -k '/k' -i '/i' -c 'console=ttyS1 quiet' -s 'console=com2' -s 'log=debug'"
grep -qF -- "$want" <<<"$mk" || e2e_fail "make usb USB_*=...: got '$mk', want '... $want'"
echo "  make usb USB_KERNEL/USB_INITRD/USB_CMDLINE/USB_SET -> mkusb.sh -k -i -c -s"
e2e_pass
