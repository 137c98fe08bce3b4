#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# check_layers.sh [ROOT]: check that hv's sources include one another only
# downwards, and in no loop. ROOT is the repository root (default: the one
# this script is in); only the files on disk are read (find, not git), so a
# temporary copy of the tree can be checked too.
#
# Scanned: every *.c, *.h and *.asm file under ROOT's lib/ arch/x86/ mm/
# guest/ vmm/ boot/. Read from them: the quoted includes, C's
# `#include "path"` (spaces allowed around the `#`, anything after the
# closing quote, a comment say, ignored) and NASM's `%include "path"` (or
# 'path'). Angle-bracket includes (<stdarg.h>, GNU-EFI's <efi.h>) are not
# read. A quoted path is always relative to the repository root
# ("arch/x86/cpu.h"); one with an empty, `.` or `..` component or a leading
# `/`, or one that names no file under ROOT, is an error of its own.
#
# Layers, bottom to top:   lib/ 0   arch/x86/ 1   mm/ 2   guest/ 3   vmm/ 4   boot/ 5
# Rule A (direction):
#   - A file of hv's core (everything scanned but the guest programs below)
#     may include only files of its own layer or of lower layers; a file
#     outside the six directories is in no layer and may not be included.
#   - The guest programs guest/testguest/ and guest/linux/ are built on their
#     own and run inside the VM; they are not part of hv's core. A guest
#     program may include only files of its own directory, of lib/ and of
#     arch/x86/, and exactly the published ABI headers vmm/hypercall.h and
#     vmm/testdev.h. No file of hv's core (nor the other guest program) may
#     include a file of guest/testguest/ or guest/linux/.
#   - The ABI headers themselves include only lib/, so that a guest program
#     that includes one pulls in nothing else of hv's core.
# Rule B (no loops): a module is a path without its extension (vmm/vcpu.c
# and vmm/vcpu.h are the one module vmm/vcpu). A file of module X that
# includes a file of module Y, X != Y, is an edge X -> Y; the graph of all
# such edges (rule A's violations included) must have no cycle. For every
# strongly connected component, the shortest cycle through each of its
# modules is reported (each distinct cycle once, starting at its smallest
# module).
#
# Prints one line per problem:
#   check_layers: FILE:LINE: INCLUDE LINE: why
#   check_layers: include cycle: vmm/a -> vmm/b -> vmm/a
# then `check_layers: N violation(s)` and exits 1, or, with nothing wrong,
# `check_layers: ok (F files, I includes, M modules, no cycles)` and exits 0.
# Exit 2: bad usage.
set -euo pipefail

if [ $# -gt 1 ] || [[ ${1:-} == -* ]]; then
	echo "usage: scripts/check_layers.sh [ROOT]" >&2
	exit 2
fi
ROOT=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
if [ ! -d "$ROOT" ]; then
	echo "check_layers: $ROOT is not a directory" >&2
	exit 2
fi
cd "$ROOT"
export LC_ALL=C

# The files, as paths from ROOT, sorted.
dirs=()
for d in lib arch/x86 mm guest vmm boot; do
	[ -d "$d" ] && dirs+=("$d")
done
files=()
if [ ${#dirs[@]} -gt 0 ]; then
	mapfile -t files < <(find "${dirs[@]}" -type f \( -name '*.c' -o -name '*.h' -o -name '*.asm' \) | sort)
fi
if [ ${#files[@]} -eq 0 ]; then
	echo "check_layers: no *.c, *.h or *.asm files under $ROOT's lib/ arch/x86/ mm/ guest/ vmm/ boot/"
	exit 1
fi

US=$'\034' # the field separator below: a line may hold tabs

# Every quoted include as I, FILE, LINE, PATH, the line itself (trimmed),
# separated by $US.
incs=$(awk '
BEGIN { OFS = "\034" }
{
	line = $0
	sub(/\r$/, "", line)
	if (match(line, /^[ \t]*#[ \t]*include[ \t]*"[^"]*"/) ||
	    match(line, /^[ \t]*%include[ \t]*"[^"]*"/) ||
	    match(line, /^[ \t]*%include[ \t]*\047[^\047]*\047/)) {
		head = substr(line, 1, RLENGTH)
		q = substr(head, RLENGTH, 1)     # the closing quote: " or '\''
		path = substr(head, index(head, q) + 1)
		path = substr(path, 1, length(path) - 1)
		text = line
		gsub(/^[ \t]+|[ \t]+$/, "", text)
		print "I", FILENAME, FNR, path, text
	}
}' "${files[@]}")

# The included paths that are files under ROOT (checked only for plain
# paths: no `..` can climb out of ROOT).
existing=()
while IFS= read -r p; do
	case /$p/ in
	*//* | */./* | */../*) continue ;;
	esac
	[ ! -f "$p" ] || existing+=("$p")
done < <(cut -d "$US" -f 4 <<<"$incs" | sort -u)

# One stream for the checker: F FILE (scanned), E PATH (exists), I record.
{
	printf "F$US%s\n" "${files[@]}"
	[ ${#existing[@]} -eq 0 ] || printf "E$US%s\n" "${existing[@]}"
	[ -z "$incs" ] || printf '%s\n' "$incs"
} | awk '
BEGIN {
	FS = "\034"
	nlayers = split("lib/ arch/x86/ mm/ guest/ vmm/ boot/", LAYER, " ")
	nprog = split("guest/testguest/ guest/linux/", PROG, " ")
	ABI["vmm/hypercall.h"] = ABI["vmm/testdev.h"] = 1
	bad = 0
}

# layer(P): the rank of the layer P is in, -1 for none.
function layer(p,    i) {
	for (i = 1; i <= nlayers; i++)
		if (index(p, LAYER[i]) == 1)
			return i - 1
	return -1
}
# lname(R): the name of layer R, "arch/x86" say.
function lname(r,    s) {
	s = LAYER[r + 1]
	sub(/\/$/, "", s)
	return s
}
# program(P): the guest program directory P is in ("guest/linux/"), or "".
function program(p,    i) {
	for (i = 1; i <= nprog; i++)
		if (index(p, PROG[i]) == 1)
			return PROG[i]
	return ""
}
function module(p) {
	sub(/\.[^.\/]*$/, "", p)
	return p
}
function problem(msg) {
	print "check_layers: " msg
	bad++
}
function node(m) {
	if (!(m in isnode)) {
		isnode[m] = 1
		nodes[++nnodes] = m
	}
}
function edge(x, y) {
	node(x)
	node(y)
	if (x == y || ((x, y) in isedge))
		return
	isedge[x, y] = 1
	adj[x] = adj[x] " " y
}

# rule_a(FILE, LINE, PATH, TEXT): check one include of an existing PATH.
function rule_a(f, n, p, text,    where, sp, sr, dr, dp) {
	where = f ":" n ": " text ": "
	sp = program(f)
	dr = layer(p)
	dp = program(p)
	if (sp != "") {
		if (index(p, sp) != 1 && dr != 0 && dr != 1 && !(p in ABI))
			problem(where substr(sp, 1, length(sp) - 1) " (a guest program) may include only " \
				sp ", lib/, arch/x86/, vmm/hypercall.h and vmm/testdev.h, not " p)
		return
	}
	if ((f in ABI) && dr != 0) {
		problem(where f " is an ABI header of the guest programs: it may include only lib/, not " p)
		return
	}
	sr = layer(f)
	if (dr < 0)
		problem(where p " is in no layer (lib/ arch/x86/ mm/ guest/ vmm/ boot/)")
	else if (dp != "")
		problem(where lname(sr) " (layer " sr ") may not include " dp \
			", a guest program (not part of hv'\''s core)")
	else if (dr > sr)
		problem(where lname(sr) " (layer " sr ") may not include " lname(dr) " (layer " dr ")")
}

$1 == "F" {
	nfiles++
	node(module($2))
	if (!(module($2) in ismod)) {
		ismod[module($2)] = 1
		nmods++
	}
	next
}
$1 == "E" { exists[$2] = 1; next }
$1 == "I" {
	f = $2; n = $3; p = $4; text = $5
	ninc++
	if (p == "" || ("/" p "/") ~ /\/\/|\/\.\.?\//)
		problem(f ":" n ": " text ": \"" p "\" is not a plain path from the repository root")
	else if (!(p in exists))
		problem(f ":" n ": " text ": " p " does not exist (include paths are relative to the repository root)")
	else {
		edge(module(f), module(p))
		rule_a(f, n, p, text)
	}
	next
}

# sortwords(S): the space-separated words of S, sorted, one space before each.
function sortwords(s,    a, n, i, j, t, out) {
	n = split(s, a, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	out = ""
	for (i = 1; i <= n; i++)
		out = out " " a[i]
	return out
}

# Tarjan: comp[V] numbers the strongly connected component of V.
function strong(v,    a, n, i, w, size) {
	idx[v] = low[v] = ++counter
	stack[++sp] = v
	onstack[v] = 1
	n = split(adj[v], a, " ")
	for (i = 1; i <= n; i++) {
		w = a[i]
		if (!(w in idx)) {
			strong(w)
			if (low[w] < low[v])
				low[v] = low[w]
		} else if (onstack[w] && idx[w] < low[v])
			low[v] = idx[w]
	}
	if (low[v] == idx[v]) {
		ncomp++
		size = 0
		do {
			w = stack[sp--]
			onstack[w] = 0
			comp[w] = ncomp
			size++
		} while (w != v)
		compsize[ncomp] = size
	}
}

# cycle(S): the shortest cycle through S (breadth first, inside S'\''s
# component) as a list of modules, rotated to start at its smallest one.
function cycle(s,    q, head, tail, prev, seen, v, n, a, i, j, w, path, c, k, best, m) {
	head = 1
	tail = 0
	q[++tail] = s
	seen[s] = 1
	while (head <= tail) {
		v = q[head++]
		n = split(adj[v], a, " ")
		for (i = 1; i <= n; i++) {
			w = a[i]
			if (comp[w] != comp[s])
				continue
			if (w == s) {
				k = 0
				for (; v != s; v = prev[v])
					c[++k] = v
				c[++k] = s
				# c[k], c[k-1], ..., c[1] is the cycle from s; start it at
				# its smallest module.
				best = 1
				for (j = 2; j <= k; j++)
					if (c[j] < c[best])
						best = j
				path = c[best]
				j = best
				for (m = 1; m < k; m++) {
					j = j == 1 ? k : j - 1
					path = path " -> " c[j]
				}
				return path " -> " c[best]
			}
			if (!(w in seen)) {
				seen[w] = 1
				prev[w] = v
				q[++tail] = w
			}
		}
	}
	return ""
}

END {
	# Sorted nodes and adjacency lists: the same tree, the same report.
	for (i = 2; i <= nnodes; i++)
		for (j = i; j > 1 && nodes[j - 1] > nodes[j]; j--) {
			t = nodes[j]; nodes[j] = nodes[j - 1]; nodes[j - 1] = t
		}
	for (i = 1; i <= nnodes; i++)
		adj[nodes[i]] = sortwords(adj[nodes[i]])
	for (i = 1; i <= nnodes; i++)
		if (!(nodes[i] in idx))
			strong(nodes[i])
	ncycles = 0
	for (i = 1; i <= nnodes; i++) {
		v = nodes[i]
		if (compsize[comp[v]] < 2)
			continue
		c = cycle(v)
		if (c in reported)
			continue
		reported[c] = 1
		ncycles++
		problem("include cycle: " c)
	}
	if (bad) {
		print "check_layers: " bad " violation(s)"
		exit 1
	}
	printf "check_layers: ok (%d files, %d includes, %d modules, no cycles)\n", nfiles, ninc, nmods
}'
