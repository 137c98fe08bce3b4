#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One idempotent set-up step for hv (run by `make deps`, and so by `make run`
# and `make test`): installs the Debian 12 packages the project needs and
# builds Bochs 3.0 from Debian's trixie *source* package into a cache outside
# the repository. Nothing from trixie is installed into the system: the Bochs
# binary lives in $HV_CACHE/bochs-3.0/ and is run from there. It also fetches
# the default Linux guest's parts, Debian 12's stock kernel and busybox-static,
# as .deb files unpacked in $HV_CACHE/linux/ (never installed): the kernel is
# $HV_CACHE/linux/vmlinuz, busybox $HV_CACHE/linux/busybox, and the kernel
# modules a USB keyboard needs are in $HV_CACHE/linux/modules/.
set -euo pipefail

CACHE=${HV_CACHE:-/var/cache/hv}
BOCHS_DIR=$CACHE/bochs-3.0
BOCHS_TARBALL=bochs_3.0+dfsg.orig.tar.xz
BOCHS_SHA256=78f6c73d4a6472d5130a87ab9dc306d02c7c71ed8e25b3a8ef642e2a7acd282b
LINUX_DIR=$CACHE/linux

PACKAGES=(
	build-essential nasm gnu-efi binutils
	grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools dosfstools gdisk fdisk
	ovmf qemu-system-x86 bochsbios vgabios
	libcmocka-dev clang libclang-rt-14-dev libcapstone-dev
	curl ca-certificates xz-utils cpio bsdextrautils kmod
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

# The Debian archive this machine's apt already uses: the repository of its
# release's "main" component (apt-get indextargets reads every sources file
# apt reads, one-line or deb822). The trixie source package comes from the
# same archive. HV_DEBIAN_MIRROR overrides it; no address is written here.
debian_mirror() {
	local m=${HV_DEBIAN_MIRROR:-}
	if [ -z "$m" ]; then
		# shellcheck disable=SC2016 # $(...) is apt's format syntax, not the shell's
		m=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT) $(IDENTIFIER)' \
			2>/dev/null | awk '$3 == "main" && $4 == "Packages" && $2 !~ /-/ { print $1; exit }')
	fi
	[ -n "$m" ] || {
		log "error: no Debian archive with a 'main' component in this machine's apt sources;" \
			"set HV_DEBIAN_MIRROR to one" >&2
		exit 1
	}
	echo "${m%/}"
}

# Fetch the trixie source tarball with a private apt configuration (lists and
# caches under $CACHE/apt, never /etc/apt). The .dsc may be missing from the
# mirror, so success is decided by the tarball's checksum, not apt's status.
fetch_bochs_source() {
	local dir=$CACHE/src apt=$CACHE/apt mirror
	mirror=$(debian_mirror)
	log "Debian archive: $mirror"
	mkdir -p "$dir" "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/sources.list.d"
	if ! echo "$BOCHS_SHA256  $dir/$BOCHS_TARBALL" | sha256sum -c --status 2>/dev/null; then
		echo "deb-src $mirror trixie main" >"$apt/sources.list"
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
		curl -fsSL -o "$dir/$BOCHS_TARBALL" "$mirror/pool/main/b/bochs/$BOCHS_TARBALL"
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
# needed (the bzImage from /boot, /bin/busybox); of the kernel's 400 MB of
# modules only a USB keyboard's are extracted (fetch_usb_modules). Skipped
# when both stable paths exist.
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

# The kernel modules a USB keyboard needs (Debian builds USB and HID as
# modules; the PS/2 keyboard driver is built in): the host controllers' PCI
# drivers and usbhid with hid-generic, plus every module they need.
USB_KEYBOARD_MODULES=(xhci-pci ehci-pci ohci-pci uhci-hcd usbhid hid-generic)

# module_name FILE: a module's name as the kernel and modinfo's depends/
# softdep fields spell it ("xhci-pci.ko" -> "xhci_pci").
module_name() {
	local n
	n=$(basename "$1" .ko)
	echo "${n//-/_}"
}

# module_needs FILE: the modules FILE needs loaded first, one name a line
# (spelt as module_name does):
# its `depends` (symbols it links against) and its softdep `pre:` modules
# (ohci-pci and uhci-hcd ask for ehci_pci first, so that EHCI claims the
# high-speed ports before their companions). `post:` softdeps are optional
# extras and are not followed.
module_needs() {
	modinfo -F depends "$1" | tr ',-' '\n_'
	modinfo -F softdep "$1" | awk '{ pre = 0; for (i = 1; i <= NF; i++) {
		if ($i == "pre:") pre = 1; else if ($i ~ /:$/) pre = 0; else if (pre) print $i } }' |
		tr - _
}

# fetch_usb_modules: extract USB_KEYBOARD_MODULES and their dependency
# closure (module_needs, followed to the end) from the cached kernel's .deb
# into $LINUX_DIR/modules/, with `load-order` listing the .ko files so that
# each comes after what it needs. The package is the one the cached vmlinuz
# came from ($LINUX_DIR/VERSION), so the modules match the kernel; it is
# downloaded again if $LINUX_DIR/debs lost it. Skipped when load-order exists
# for that kernel (its own test, so caches made before this step still get it).
fetch_usb_modules() {
	local dir=$LINUX_DIR/modules ver pkg deb x=$LINUX_DIR/unpack-modules
	ver=$(sed -n 's/^vmlinuz-//p' "$LINUX_DIR/VERSION")
	[ -n "$ver" ] || { log "error: $LINUX_DIR/VERSION names no kernel"; exit 1; }
	# Modules of another kernel (vmlinuz was fetched anew) would not load.
	[ -s "$dir/load-order" ] && [ "$(cat "$dir/VERSION" 2>/dev/null)" = "$ver" ] && return 0
	pkg=linux-image-$ver
	deb=$(find "$LINUX_DIR/debs" -name "${pkg}_*.deb" 2>/dev/null | sort | tail -n 1)
	if [ -z "$deb" ]; then
		(cd "$LINUX_DIR/debs" || exit 0
			apt-get download -qq "$pkg" 2>&1 | grep -v 'unsandboxed as root' || true)
		deb=$(find "$LINUX_DIR/debs" -name "${pkg}_*.deb" 2>/dev/null | sort | tail -n 1)
	fi
	[ -n "$deb" ] || {
		log "error: cannot download $pkg for the cached kernel's modules;" \
			"delete $LINUX_DIR/vmlinuz to fetch the current kernel"
		exit 1
	}
	log "extracting the USB keyboard modules from $(basename "$deb")"
	# Where each module is in the package: name -> ./lib/modules/VER/kernel/...ko
	local -A path=() want=() state=()
	local p order=()
	while read -r p; do
		path[$(module_name "$p")]=$p
	done < <(dpkg-deb --fsys-tarfile "$deb" | tar -t --wildcards './lib/modules/*.ko')
	rm -rf "$x" && mkdir -p "$x"
	# Extract in rounds: each round's files name the next round's modules.
	local m todo=()
	for m in "${USB_KEYBOARD_MODULES[@]}"; do todo+=("${m//-/_}"); done
	while [ ${#todo[@]} -gt 0 ]; do
		local files=() next=()
		for m in "${todo[@]}"; do
			[ -n "${want[$m]:-}" ] && continue
			[ -n "${path[$m]:-}" ] || { log "error: $pkg has no module $m"; exit 1; }
			want[$m]=1
			files+=("${path[$m]}")
		done
		[ ${#files[@]} -gt 0 ] || break
		dpkg-deb --fsys-tarfile "$deb" | tar -C "$x" -x "${files[@]}"
		for p in "${files[@]}"; do
			while read -r m; do [ -n "$m" ] && next+=("$m"); done < <(module_needs "$x/$p")
		done
		todo=("${next[@]}")
	done
	# Load order: depth-first, each module after everything it needs.
	visit() {
		local m=$1 d
		case ${state[$m]:-} in
		loaded) return 0 ;;
		busy) log "error: module dependency loop through $m"; exit 1 ;;
		esac
		state[$m]=busy
		while read -r d; do [ -z "$d" ] || visit "$d"; done < <(module_needs "$x/${path[$m]}")
		state[$m]=loaded
		order+=("$m")
	}
	for m in "${USB_KEYBOARD_MODULES[@]}"; do visit "${m//-/_}"; done
	rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
	for m in "${order[@]}"; do
		cp "$x/${path[$m]}" "$dir.tmp/"
		basename "${path[$m]}" >>"$dir.tmp/load-order"
	done
	echo "$ver" >"$dir.tmp/VERSION"
	rm -rf "$dir" "$x" && mv "$dir.tmp" "$dir"
	log "USB keyboard modules ready: $dir ($(paste -sd ' ' "$dir/load-order"))"
}

install_packages
build_bochs
fetch_linux
fetch_usb_modules
log "ready (cache $CACHE)"
