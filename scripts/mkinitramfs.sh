#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mkinitramfs.sh BUSYBOX INIT OUT [-m MODULES] [TOOL...]: write hv's default Linux guest initramfs,
# a gzip-compressed cpio archive in the "newc" format the kernel unpacks
# (Documentation/driver-api/early-userspace/buffer-format.rst), holding:
#   /init             INIT (guest/linux/init, a busybox sh script)
#   /bin/busybox      BUSYBOX (Debian's busybox-static: no libraries needed)
#   /bin/sh           -> busybox (the #! of /init; /init installs the other applets)
#   /bin/NAME         each TOOL, under its file name (guest/linux/hv_*.c built
#                     as build/linux/hv-*: hv-tsc prints the TSC for make bench,
#                     hv-log prints hv's log ring, hv-sigdfl starts the shells
#                     with Ctrl-C working)
#   /lib/modules/     the .ko files MODULES/load-order names, and load-order
#                     itself (scripts/setup.sh: a USB keyboard's modules; /init
#                     loads them in that order); left out, with one line
#                     saying so, when MODULES has no load-order
#   /dev/console      character device 5:1, so that /init starts with a console
#   /proc /sys /tmp /root /etc /sbin /usr/bin /usr/sbin /lib   empty directories
# The archive is written by this script itself, so it needs no root (no
# mknod, no chown): every entry is owned by 0:0 and dated 0, and the output
# is byte-for-byte reproducible. Other device nodes come from devtmpfs at boot.
set -euo pipefail

if [ $# -lt 3 ]; then
	echo "usage: $0 BUSYBOX INIT OUT [-m MODULES] [TOOL...]" >&2
	exit 2
fi
BUSYBOX=$1 INIT=$2 OUT=$3 MODULES=
shift 3
if [ "${1:-}" = -m ]; then
	MODULES=${2:?"mkinitramfs: -m needs a directory"}
	shift 2
fi
TOOLS=("$@")
for f in "$BUSYBOX" "$INIT" ${TOOLS[@]+"${TOOLS[@]}"}; do
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

for d in bin dev etc lib proc root sbin sys tmp usr usr/bin usr/sbin; do
	entry "$d" $((0040755))
done
entry dev/console $((0020600)) "" 5 1
entry bin/busybox $((0100755)) "$BUSYBOX"
entry bin/sh $((0120777)) -s busybox
entry init $((0100755)) "$INIT"
for f in ${TOOLS[@]+"${TOOLS[@]}"}; do
	entry "bin/${f##*/}" $((0100755)) "$f"
done
if [ -n "$MODULES" ] && [ -s "$MODULES/load-order" ]; then
	entry lib/modules $((0040755))
	entry lib/modules/load-order $((0100644)) "$MODULES/load-order"
	while read -r ko; do
		[ -s "$MODULES/$ko" ] || { echo "mkinitramfs: $MODULES/load-order names a missing $ko" >&2; exit 1; }
		entry "lib/modules/$ko" $((0100644)) "$MODULES/$ko"
	done <"$MODULES/load-order"
elif [ -n "$MODULES" ]; then
	echo "mkinitramfs: no $MODULES/load-order (run 'make deps'): no USB keyboard modules in the initramfs"
fi
entry TRAILER!!! 0

gzip -9 -n -c "$CPIO" >"$OUT.tmp"
mv -f "$OUT.tmp" "$OUT"
echo "mkinitramfs: $OUT ($(stat -c %s "$OUT") bytes)"
