/* SPDX-License-Identifier: MIT */
/*
 * hv's virtual test device: one page of emulated MMIO at a guest-physical
 * address reported by the HC_TESTDEV hypercall, used by the test guest to
 * exercise the MMIO trap cache. Layout (all little-endian):
 *   0x000 ID          read-only, TESTDEV_ID ("hvtestdv")
 *   0x008 WRITES      read-only, number of writes to the device
 *   0x010 READS       read-only, number of reads (this one included)
 *   0x018 LAST        read-only, (width << 32) | offset of the last write
 *   0x100 .. 0xfff    echo: bytes written are read back, at any width
 * Other offsets below 0x100 read as 0 and ignore writes. The region is
 * TESTDEV_PAGES pages long and every page mirrors the same registers, so a
 * benchmark can take the slow path (first access to a page) many times.
 */
#ifndef HV_VMM_TESTDEV_H
#define HV_VMM_TESTDEV_H

#include "lib/types.h"

#define TESTDEV_ID 0x7664747365747668ULL /* "hvtestdv" */
#define TESTDEV_REG_ID 0x000
#define TESTDEV_REG_WRITES 0x008
#define TESTDEV_REG_READS 0x010
#define TESTDEV_REG_LAST 0x018
#define TESTDEV_ECHO_BASE 0x100
#define TESTDEV_SIZE PAGE_SIZE /* one page of registers */
#define TESTDEV_PAGES 64
#define TESTDEV_REGION_SIZE (TESTDEV_PAGES * PAGE_SIZE)

struct testdev {
	u8 echo[TESTDEV_SIZE];
	u64 reads, writes, last;
	gpa_t base;
};

struct mmio_ops; /* vmm/mmio_registry.h: this header is also the test guest's, which includes only lib/ */
extern const struct mmio_ops testdev_ops;

#endif
