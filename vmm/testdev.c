// SPDX-License-Identifier: MIT
/* The virtual test device's register model; see testdev.h. */
#include "vmm/testdev.h"
#include "lib/string.h"
#include "vmm/mmio_registry.h"

static u64 testdev_read(void *opaque, gpa_t gpa, unsigned int size)
{
	struct testdev *d = opaque;
	u64 off = (gpa - d->base) & (TESTDEV_SIZE - 1), v = 0;

	d->reads++;
	if (off >= TESTDEV_ECHO_BASE) {
		memcpy(&v, &d->echo[off], MIN((u64)size, TESTDEV_SIZE - off));
		return v;
	}
	switch (off) {
	case TESTDEV_REG_ID:
		v = TESTDEV_ID;
		break;
	case TESTDEV_REG_WRITES:
		v = d->writes;
		break;
	case TESTDEV_REG_READS:
		v = d->reads;
		break;
	case TESTDEV_REG_LAST:
		v = d->last;
		break;
	}
	return size < 8 ? v & ((1ULL << (size * 8)) - 1) : v;
}

static void testdev_write(void *opaque, gpa_t gpa, unsigned int size, u64 value)
{
	struct testdev *d = opaque;
	u64 off = (gpa - d->base) & (TESTDEV_SIZE - 1);

	d->writes++;
	d->last = ((u64)size << 32) | off;
	if (off >= TESTDEV_ECHO_BASE)
		memcpy(&d->echo[off], &value, MIN((u64)size, TESTDEV_SIZE - off));
}

const struct mmio_ops testdev_ops = { testdev_read, testdev_write };
