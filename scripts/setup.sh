#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One idempotent set-up step for hv (run by `make deps`, and so by `make run`
# and `make test`): installs the Debian 12 packages the project needs and
# builds Bochs 3.0 from Debian's trixie *source* package into a cache outside
# the repository. Nothing from trixie is installed into the system: the Bochs
# binary lives in $HV_CACHE/bochs-3.0/ and is run from there. It also fetches
# the default Linux guest's parts, Debian 12's stock kernel and busybox-static,
# as .deb files unpacked in $HV_CACHE/linux/ (never installed): the kernel is
# $HV_CACHE/linux/vmlinuz, busybox $HV_CACHE/linux/busybox.
set -euo pipefail

CACHE=${HV_CACHE:-/var/cache/hv}
BOCHS_DIR=$CACHE/bochs-3.0
BOCHS_TARBALL=bochs_3.0+dfsg.orig.tar.xz
BOCHS_SHA256=78f6c73d4a6472d5130a87ab9dc306d02c7c71ed8e25b3a8ef642e2a7acd282b
LINUX_DIR=$CACHE/linux
MIRROR=${HV_DEBIAN_MIRROR:-http://deb.debian.org/debian}

PACKAGES=(
	build-essential nasm gnu-efi binutils
	grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools dosfstools gdisk fdisk
	ovmf qemu-system-x86 bochsbios vgabios
	libcmocka-dev clang libclang-rt-14-dev libcapstone-dev
	curl ca-certificates xz-utils cpio bsdextrautils
)

log() { echo "setup: $*"; }

install_packages() {
	local missing=()
	for p in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || log "apt-get update reported errors (continuing)"
	apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Fetch the trixie source tarball with a private apt configuration (lists and
# caches under $CACHE/apt, never /etc/apt). The .dsc may be missing from the
# mirror, so success is decided by the tarball's checksum, not apt's status.
fetch_bochs_source() {
	local dir=$CACHE/src apt=$CACHE/apt
	mkdir -p "$dir" "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/sources.list.d"
	if ! echo "$BOCHS_SHA256  $dir/$BOCHS_TARBALL" | sha256sum -c --status 2>/dev/null; then
		echo "deb-src $MIRROR trixie main" >"$apt/sources.list"
		local opts=(-o Dir::Etc::SourceList="$apt/sources.list"
			-o Dir::Etc::SourceParts="$apt/sources.list.d"
			-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache"
			-o APT::Get::AllowUnauthenticated=true
			-o Acquire::AllowInsecureRepositories=true)
		apt-get "${opts[@]}" update -qq || true
		(cd "$dir" && apt-get "${opts[@]}" source --download-only bochs/trixie) || true
	fi
	if ! echo "$BOCHS_SHA256  $dir/$BOCHS_TARBALL" | sha256sum -c --status 2>/dev/null; then
		log "apt-get source did not deliver the tarball; fetching it from the pool"
		curl -fsSL -o "$dir/$BOCHS_TARBALL" "$MIRROR/pool/main/b/bochs/$BOCHS_TARBALL"
	fi
	echo "$BOCHS_SHA256  $dir/$BOCHS_TARBALL" | sha256sum -c --status || {
		log "error: $BOCHS_TARBALL has the wrong checksum"
		exit 1
	}
}

build_bochs() {
	[ -x "$BOCHS_DIR/bin/bochs" ] && return 0
	fetch_bochs_source
	local b=$CACHE/build
	rm -rf "$b" && mkdir -p "$b"
	tar -C "$b" -xf "$CACHE/src/$BOCHS_TARBALL"
	local src
	src=$(find "$b" -mindepth 1 -maxdepth 1 -type d | head -n 1)
	log "building Bochs 3.0 in $src (a few minutes)"
	(cd "$src" &&
		./configure --prefix="$BOCHS_DIR" --enable-x86-64 --enable-vmx=2 \
			--enable-cpu-level=6 --enable-all-optimizations --enable-avx \
			--enable-evex --enable-cet --enable-protection-keys --with-nogui \
			--enable-pci --enable-show-ips --disable-docbook --enable-smp \
			>"$b/configure.log" 2>&1 &&
		make -j"$(nproc)" >"$b/make.log" 2>&1 &&
		make install >"$b/install.log" 2>&1) || {
		log "error: Bochs build failed; see $b/*.log"
		tail -n 20 "$b"/*.log
		exit 1
	}
	rm -rf "$b"
	log "Bochs 3.0 installed in $BOCHS_DIR"
}

# The package linux-image-amd64 depends on (linux-image-6.1.0-NN-amd64): the
# stock kernel itself. apt-cache needs package lists; refresh them once if
# they are missing or stale.
stock_kernel_package() {
	local pkg
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	if [ -z "$pkg" ]; then
		apt-get update -qq >&2 || log "apt-get update reported errors (continuing)" >&2
		pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
			awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
	fi
	[ -n "$pkg" ] || { log "error: cannot resolve linux-image-amd64's kernel package" >&2; exit 1; }
	echo "$pkg"
}

# Debian 12's stock kernel and busybox-static for the default Linux guest:
# `apt-get download` the .debs into $LINUX_DIR/debs and unpack only what is
# needed (the bzImage from /boot, /bin/busybox); the kernel's 400 MB of
# modules are not extracted (the initramfs does without them). Skipped when
# both stable paths exist.
fetch_linux() {
	[ -s "$LINUX_DIR/vmlinuz" ] && [ -s "$LINUX_DIR/busybox" ] && return 0
	local pkg debs=$LINUX_DIR/debs x=$LINUX_DIR/unpack deb
	pkg=$(stock_kernel_package)
	log "fetching $pkg and busybox-static into $LINUX_DIR"
	mkdir -p "$debs"
	# As root apt-get download warns that it runs unsandboxed: harmless.
	(cd "$debs" && apt-get download -qq "$pkg" busybox-static 2>&1 |
		grep -v 'unsandboxed as root' || true)
	rm -rf "$x" && mkdir -p "$x"
	for deb in "$debs/${pkg}"_*.deb "$debs"/busybox-static_*.deb; do
		[ -s "$deb" ] || { log "error: apt-get download did not deliver $deb"; exit 1; }
		dpkg-deb --fsys-tarfile "$deb" |
			tar -C "$x" -x --wildcards './boot/vmlinuz-*' './bin/busybox' 2>/dev/null || true
	done
	local vmlinuz
	vmlinuz=$(find "$x/boot" -name 'vmlinuz-*' 2>/dev/null | sort | tail -n 1)
	[ -n "$vmlinuz" ] && [ -x "$x/bin/busybox" ] ||
		{ log "error: no kernel or busybox in the downloaded packages"; exit 1; }
	cp "$vmlinuz" "$LINUX_DIR/vmlinuz.tmp" && mv -f "$LINUX_DIR/vmlinuz.tmp" "$LINUX_DIR/vmlinuz"
	cp "$x/bin/busybox" "$LINUX_DIR/busybox.tmp" && mv -f "$LINUX_DIR/busybox.tmp" "$LINUX_DIR/busybox"
	basename "$vmlinuz" >"$LINUX_DIR/VERSION"
	rm -rf "$x"
	log "Linux guest parts ready: $LINUX_DIR/vmlinuz ($(cat "$LINUX_DIR/VERSION")), $LINUX_DIR/busybox"
}

install_packages
build_bochs
fetch_linux
log "ready (cache $CACHE)"
