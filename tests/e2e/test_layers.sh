#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The include layers (scripts/check_layers.sh), without building anything:
#   - the checker itself, on a small synthetic tree that obeys the rules
#     (passes, with the right counts) and on copies of it with one planted
#     violation each: arch/x86 including vmm, mm including boot, lib
#     including arch/x86, a guest/ core file including vmm, a two- and a
#     three-module cycle, the test guest including vmm/vm.h (its including
#     vmm/hypercall.h and vmm/testdev.h is fine), hv's core including the test
#     guest, includes that name no file or are not plain paths from the root,
#     `# include  "..."  /* comment */` spacing, NASM's %include. Each must
#     fail (exit 1) naming the file, line and include line, or the cycle;
#   - the checker on a copy of the real sources with `#include "vmm/vm.h"`
#     appended to lib/string.c: it names lib/string.c;
#   - the real tree: scripts/check_layers.sh exits 0 with its `ok (` line.
# About a second, most of it copying the real sources.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CHECK=$ROOT/scripts/check_layers.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

fail() {
	echo "FAIL test_layers: $*"
	exit 1
}

# put TREE FILE LINE...: write FILE in TREE, one LINE per line.
put() {
	local tree=$1 file=$2
	shift 2
	mkdir -p "$(dirname "$tree/$file")"
	printf '%s\n' "$@" >"$tree/$file"
}

# plant NAME FILE LINE: a copy of the clean tree in $T/NAME with LINE
# appended to FILE (made if missing); sets $tree and $line (LINE's number).
plant() {
	tree=$T/$1
	cp -r "$T/clean" "$tree"
	mkdir -p "$(dirname "$tree/$2")"
	printf '%s\n' "$3" >>"$tree/$2"
	line=$(wc -l <"$tree/$2")
}

# caught WHAT TREE WANT...: the checker fails on TREE (exit 1) and prints
# every WANT (a fixed string).
caught() {
	local what=$1 tree=$2 out rc=0 w
	shift 2
	out=$("$CHECK" "$tree" 2>&1) || rc=$?
	[ "$rc" = 1 ] || fail "$what: exit $rc, want 1: ${out//$'\n'/ | }"
	for w in "$@"; do
		grep -qF -- "$w" <<<"$out" || fail "$what: no '$w' in: ${out//$'\n'/ | }"
	done
	echo "ok: $what caught"
}

# one WHAT NAME FILE PATH WHY: plant `#include "PATH"` at the end of FILE in
# a copy NAME of the clean tree; the checker must report exactly that line,
# "FILE:N: #include "PATH": WHY", and nothing else.
one() {
	local what=$1 name=$2 file=$3 path=$4 why=$5
	plant "$name" "$file" "#include \"$path\""
	caught "$what" "$tree" "check_layers: $file:$line: #include \"$path\": $why" \
		"check_layers: 1 violation(s)"
}

# ---- a clean synthetic tree: every layer, both guest programs, the ABI
# headers, angle-bracket includes, a trailing comment, NASM includes.
C=$T/clean
put "$C" lib/types.h '/* types */' '#include <stdint.h>'
put "$C" lib/string.h '#include "lib/types.h"'
put "$C" lib/string.c '#include "lib/string.h"' '#include <stdarg.h>'
put "$C" arch/x86/cpu.h '#include "lib/types.h"'
put "$C" arch/x86/vmx.h '#include "lib/types.h"'
put "$C" arch/x86/vmx.c '#include "arch/x86/vmx.h"' '#include "arch/x86/cpu.h" /* rdmsr */' 'int x;'
put "$C" arch/x86/offsets.inc '%define X 8'
put "$C" arch/x86/entry.asm '%include "arch/x86/offsets.inc"' 'bits 64'
put "$C" mm/pmm.h '#include "arch/x86/cpu.h"'
put "$C" mm/pmm.c '#include "mm/pmm.h"' '#include "lib/string.h"'
put "$C" guest/loader.h '#include "mm/pmm.h"'
put "$C" guest/loader.c '#include "guest/loader.h"'
put "$C" vmm/hypercall.h '#include "lib/types.h"'
put "$C" vmm/testdev.h '/* no includes */'
put "$C" vmm/log.h '#include "lib/types.h"'
put "$C" vmm/log.c '#include "vmm/log.h"'
put "$C" vmm/vm.h '#include "guest/loader.h"'
put "$C" vmm/vm.c '#include "vmm/vm.h"' '#include "vmm/log.h"' '#include "mm/pmm.h"' '#include "arch/x86/vmx.h"'
put "$C" boot/bootinfo.h '#include "lib/types.h"'
put "$C" boot/efi_main.c '#include <efi.h>' '#include "boot/bootinfo.h"' '#include "vmm/vm.h"'
put "$C" guest/testguest/tg.h '#include "lib/types.h"' '#include "arch/x86/cpu.h"'
put "$C" guest/testguest/main.c '#include "guest/testguest/tg.h"' '#include "vmm/hypercall.h"' \
	'#include "vmm/testdev.h"'
put "$C" guest/testguest/entry.asm "%include 'guest/testguest/tg.inc'"
put "$C" guest/testguest/tg.inc '%define TG 1'
put "$C" guest/linux/hv_log.c '#include "vmm/hypercall.h"' '#include "guest/linux/hv_log.h"'
put "$C" guest/linux/hv_log.h '/* */'
put "$C" guest/linux/init '#include "vmm/vm.h" (not a source file: not read)'
out=$("$CHECK" "$C" 2>&1) || fail "clean synthetic tree: exit $?: ${out//$'\n'/ | }"
want="check_layers: ok (24 files, 31 includes, 17 modules, no cycles)"
[ "$out" = "$want" ] || fail "clean synthetic tree: '${out//$'\n'/ | }', want '$want'"
echo "ok: clean synthetic tree passes"

# ---- one planted violation each
one "arch includes vmm" arch_vmm arch/x86/vmx.c vmm/log.h \
	"arch/x86 (layer 1) may not include vmm (layer 4)"

one "mm includes boot" mm_boot mm/pmm.h boot/bootinfo.h \
	"mm (layer 2) may not include boot (layer 5)"

one "lib includes arch" lib_arch lib/string.c arch/x86/cpu.h \
	"lib (layer 0) may not include arch/x86 (layer 1)"

one "guest core includes vmm" guest_vmm guest/foo.c vmm/log.h \
	"guest (layer 3) may not include vmm (layer 4)"

plant cycle2 vmm/a.c '#include "vmm/b.h"'
put "$tree" vmm/a.h '#include "lib/types.h"'
put "$tree" vmm/b.h '#include "lib/types.h"'
put "$tree" vmm/b.c '#include "vmm/b.h"' '#include "vmm/a.h"'
caught "two-module cycle" "$tree" \
	"check_layers: include cycle: vmm/a -> vmm/b -> vmm/a" \
	"check_layers: 1 violation(s)"

plant cycle3 mm/x.h '#include "mm/z.h"'
put "$tree" mm/z.c '#include "mm/y.h"'
put "$tree" mm/z.h '#include "lib/types.h"'
put "$tree" mm/y.h '#include "mm/x.h"'
caught "three-module cycle" "$tree" \
	"check_layers: include cycle: mm/x -> mm/z -> mm/y -> mm/x" \
	"check_layers: 1 violation(s)"

plant tg_vm guest/testguest/main.c '#include "vmm/vm.h"'
caught "test guest includes vmm/vm.h" "$tree" \
	"check_layers: guest/testguest/main.c:$line: #include \"vmm/vm.h\": guest/testguest (a guest program) may include only" \
	"check_layers: 1 violation(s)"
out=$("$CHECK" "$tree" 2>&1) || true
! grep -qE '#include "vmm/(hypercall|testdev)\.h"' <<<"$out" || fail "test guest: its ABI includes were reported: ${out//$'\n'/ | }"

plant core_tg guest/loader.c '#include "guest/testguest/x.h"'
put "$tree" guest/testguest/x.h '/* */'
printf '%s\n' '#include "guest/linux/hv_log.h"' >>"$tree/vmm/vm.c"
vm_line=$(wc -l <"$tree/vmm/vm.c")
caught "core includes a guest program" "$tree" \
	"check_layers: guest/loader.c:$line: #include \"guest/testguest/x.h\": guest (layer 3) may not include guest/testguest/, a guest program" \
	"check_layers: vmm/vm.c:$vm_line: #include \"guest/linux/hv_log.h\": vmm (layer 4) may not include guest/linux/, a guest program" \
	"check_layers: 2 violation(s)"

one "ABI header includes hv's core" abi_core vmm/testdev.h mm/pmm.h \
	"vmm/testdev.h is an ABI header of the guest programs: it may include only lib/, not mm/pmm.h"

one "missing include" missing mm/pmm.c mm/nope.h \
	"mm/nope.h does not exist (include paths are relative to the repository root)"

plant relative mm/pmm.c '#include "pmm.h"'
printf '%s\n' '#include "../mm/pmm.h"' >>"$tree/mm/pmm.c"
caught "directory-relative include" "$tree" \
	"check_layers: mm/pmm.c:$line: #include \"pmm.h\": pmm.h does not exist" \
	"check_layers: mm/pmm.c:$((line + 1)): #include \"../mm/pmm.h\": \"../mm/pmm.h\" is not a plain path" \
	"check_layers: 2 violation(s)"

plant spacing arch/x86/vmx.c '  # include  "vmm/x.h"  /* comment */'
put "$tree" vmm/x.h '/* */'
caught "spaced include with a comment" "$tree" \
	"check_layers: arch/x86/vmx.c:$line: # include  \"vmm/x.h\"  /* comment */: arch/x86 (layer 1) may not include vmm (layer 4)" \
	"check_layers: 1 violation(s)"

plant nasm arch/x86/entry.asm '%include "vmm/x.inc"'
put "$tree" vmm/x.inc '%define X 1'
caught "NASM %include" "$tree" \
	"check_layers: arch/x86/entry.asm:$line: %include \"vmm/x.inc\": arch/x86 (layer 1) may not include vmm (layer 4)" \
	"check_layers: 1 violation(s)"

# ---- the real sources, with one violation planted
R=$T/real
mkdir -p "$R"
(cd "$ROOT" && cp -r lib arch mm guest vmm boot "$R/")
printf '%s\n' '#include "vmm/vm.h"' >>"$R/lib/string.c"
line=$(wc -l <"$R/lib/string.c")
caught "real tree: lib/string.c includes vmm/vm.h" "$R" \
	"check_layers: lib/string.c:$line: #include \"vmm/vm.h\": lib (layer 0) may not include vmm (layer 4)"

# ---- the real tree
rc=0
out=$("$CHECK" 2>&1) || rc=$?
if [ "$rc" != 0 ] || ! grep -q '^check_layers: ok (' <<<"$out"; then
	mapfile -t lines <<<"$out"
	printf '  %s\n' "${lines[@]}"
	fail "scripts/check_layers.sh on the real tree: exit $rc"
fi
echo "ok: real tree: ${out#check_layers: }"
