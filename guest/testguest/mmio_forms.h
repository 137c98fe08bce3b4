/* SPDX-License-Identifier: MIT */
/*
 * The fixed MMIO access sequence of mmio_forms.asm, used by the testdev_echo
 * check: what it stores, what each slot must hold, and how many device
 * reads and writes it makes; and the one form hv must refuse.
 */
#ifndef TG_MMIO_FORMS_H
#define TG_MMIO_FORMS_H

#include "guest/testguest/tg.h"

/* One result slot: the value the register must hold, and the form that loaded it. */
struct mmio_form_expect {
	uint64_t value;
	const char *form;
};
_Static_assert(sizeof(struct mmio_form_expect) == 16, "mmio_forms.asm: dq value, what");

#define MMIO_FORMS_WRITES 0 /* index into tg_mmio_forms_counts */
#define MMIO_FORMS_READS 1
#define MMIO_FORMS_LAST 2   /* (width << 32) | offset of the last write */

extern const struct mmio_form_expect tg_mmio_forms_expect[], tg_mmio_forms_expect_end[];
extern const uint64_t tg_mmio_forms_counts[3];

/*
 * tg_mmio_forms: run the sequence against the test device mapped at dev
 * (its first page, uncached); out[i] receives slot i, one per
 * tg_mmio_forms_expect entry. Only the echo area (offset 0x100 and up) is
 * written.
 */
void tg_mmio_forms(uint64_t dev, uint64_t *out);

/*
 * tg_mmio_unsupported: `add dword [dev + 0x100], 1` (opcode 83 /0), a
 * read-modify-write hv does not emulate: hv must stop the guest.
 */
void tg_mmio_unsupported(uint64_t dev);

#endif
