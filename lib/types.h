/* SPDX-License-Identifier: MIT */
/*
 * Basic types shared by every part of hv: fixed-width integers, the address
 * types (host-physical, host-virtual, guest-physical, guest-virtual) and the
 * bit helpers that hardware definitions are written with.
 */
#ifndef HV_LIB_TYPES_H
#define HV_LIB_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 hpa_t; /* host-physical address */
typedef u64 hva_t; /* host-virtual address (hv identity-maps: hva == hpa) */
typedef u64 gpa_t; /* guest-physical address */
typedef u64 gva_t; /* guest-virtual (linear) address */

#define BIT_ULL(n) (1ULL << (n))
#define GENMASK_ULL(hi, lo) ((~0ULL >> (63 - (hi))) & (~0ULL << (lo)))
/* Lowest set bit of a constant mask, for FIELD_GET/FIELD_PREP. */
#define MASK_SHIFT(m) (__builtin_ctzll(m))
#define FIELD_GET(m, v) (((u64)(v) & (m)) >> MASK_SHIFT(m))
#define FIELD_PREP(m, v) (((u64)(v) << MASK_SHIFT(m)) & (m))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_DOWN(x, a) ((x) & ~((u64)(a) - 1))
#define ALIGN_UP(x, a) ALIGN_DOWN((x) + (a) - 1, (a))
#define IS_ALIGNED(x, a) (((x) & ((u64)(a) - 1)) == 0)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define PAGE_SIZE 4096ULL
#define SZ_2M 0x200000ULL
#define SZ_1G 0x40000000ULL
#define SZ_4G 0x100000000ULL

#define __packed __attribute__((packed))
#define __aligned(n) __attribute__((aligned(n)))
#define __noreturn __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __unused __attribute__((unused))

#ifndef static_assert
#define static_assert _Static_assert
#endif

static_assert(GENMASK_ULL(2, 0) == 7, "GENMASK_ULL");
static_assert(GENMASK_ULL(63, 0) == ~0ULL, "GENMASK_ULL full width");

#endif
