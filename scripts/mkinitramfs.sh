#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mkinitramfs.sh BUSYBOX INIT OUT [HV_TSC [HV_LOG]]: write hv's default Linux guest initramfs,
# a gzip-compressed cpio archive in the "newc" format the kernel unpacks
# (Documentation/driver-api/early-userspace/buffer-format.rst), holding:
#   /init             INIT (guest/linux/init, a busybox sh script)
#   /bin/busybox      BUSYBOX (Debian's busybox-static: no libraries needed)
#   /bin/sh           -> busybox (the #! of /init; /init installs the other applets)
#   /bin/hv-tsc       HV_TSC if given (guest/linux/hv_tsc.c: prints the TSC, for make bench)
#   /bin/hv-log       HV_LOG if given (guest/linux/hv_log.c: prints hv's log ring)
#   /dev/console      character device 5:1, so that /init starts with a console
#   /proc /sys /tmp /root /etc /sbin /usr/bin /usr/sbin   empty directories
# The archive is written by this script itself, so it needs no root (no
# mknod, no chown): every entry is owned by 0:0 and dated 0, and the output
# is byte-for-byte reproducible. Other device nodes come from devtmpfs at boot.
set -euo pipefail

if [ $# -lt 3 ] || [ $# -gt 5 ]; then
	echo "usage: $0 BUSYBOX INIT OUT [HV_TSC [HV_LOG]]" >&2
	exit 2
fi
BUSYBOX=$1 INIT=$2 OUT=$3 HV_TSC=${4:-} HV_LOG=${5:-}
for f in "$BUSYBOX" "$INIT"; do
	[ -s "$f" ] || { echo "mkinitramfs: missing $f (run 'make deps')" >&2; exit 1; }
done

INO=1000
CPIO=

# entry NAME MODE [DATA_FILE | -s TARGET] [RDEV_MAJOR RDEV_MINOR]: append one
# newc header (13 8-digit hex fields after "070701"), the NUL-terminated name
# padded so that header + name is a multiple of 4, then the data padded to 4.
entry() {
	local name=$1 mode=$2 data=${3:-} major=${4:-0} minor=${5:-0} size=0 namesize
	local link=
	if [ "$data" = -s ]; then
		link=$4 major=0 minor=0
		size=${#link}
	elif [ -n "$data" ]; then
		size=$(stat -c %s "$data")
	fi
	namesize=$((${#name} + 1))
	INO=$((INO + 1))
	{
		printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
			"$INO" "$mode" 0 0 1 0 "$size" 0 0 "$major" "$minor" "$namesize" 0
		printf '%s\0' "$name"
		pad $(((110 + namesize) % 4))
		if [ -n "$link" ]; then
			printf '%s' "$link"
		elif [ -n "$data" ]; then
			cat "$data"
		fi
		pad $((size % 4))
	} >>"$CPIO"
}

# pad REM: NUL bytes up to the next multiple of 4, given the remainder REM.
pad() {
	[ "$1" -eq 0 ] || head -c $((4 - $1)) /dev/zero
}

mkdir -p "$(dirname "$OUT")"
CPIO=$(mktemp "$OUT.cpio.XXXXXX")
trap 'rm -f "$CPIO"' EXIT

for d in bin dev etc proc root sbin sys tmp usr usr/bin usr/sbin; do
	entry "$d" $((0040755))
done
entry dev/console $((0020600)) "" 5 1
entry bin/busybox $((0100755)) "$BUSYBOX"
entry bin/sh $((0120777)) -s busybox
entry init $((0100755)) "$INIT"
[ -z "$HV_TSC" ] || entry bin/hv-tsc $((0100755)) "$HV_TSC"
[ -z "$HV_LOG" ] || entry bin/hv-log $((0100755)) "$HV_LOG"
entry TRAILER!!! 0

gzip -9 -n -c "$CPIO" >"$OUT.tmp"
mv -f "$OUT.tmp" "$OUT"
echo "mkinitramfs: $OUT ($(stat -c %s "$OUT") bytes)"
