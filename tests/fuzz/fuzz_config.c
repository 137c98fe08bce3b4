// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for boot/config.c. The first input byte picks the syntax
 * (even: hv.cfg, odd: Multiboot2 command line), the rest is the text. Checks
 * beyond "no crash": a result is either 0 with every string terminated and
 * the level valid, or -EINVAL with a one-line message naming the source.
 */
#include <stdlib.h>
#include <string.h>
#include "boot/config.h"
#include "lib/errno.h"

static void check(bool cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct hv_config cfg;
	enum config_syntax syntax;
	const char *source;
	char err[160];
	char *text;
	int ret;

	if (!size)
		return 0;
	syntax = data[0] & 1 ? CONFIG_CMDLINE : CONFIG_FILE;
	source = syntax == CONFIG_FILE ? "hv.cfg" : "command line";
	/* An exact-size copy, so ASan sees any read past the text. */
	text = malloc(size - 1 ? size - 1 : 1);
	memcpy(text, data + 1, size - 1);
	config_init(&cfg);
	ret = config_parse(&cfg, text, size - 1, syntax, source, err, sizeof(err));
	free(text);
	check(ret == 0 || ret == -EINVAL);
	if (ret) {
		check(strnlen(err, sizeof(err)) < sizeof(err));
		check(!strncmp(err, source, strlen(source)));
		check(!strchr(err, '\n'));
		return 0;
	}
	check(strnlen(cfg.kernel, sizeof(cfg.kernel)) < sizeof(cfg.kernel));
	check(strnlen(cfg.initrd, sizeof(cfg.initrd)) < sizeof(cfg.initrd));
	check(strnlen(cfg.cmdline, sizeof(cfg.cmdline)) < sizeof(cfg.cmdline));
	check(!strchr(cfg.kernel, '/') && !strchr(cfg.initrd, '/'));
	check(cfg.log >= LOG_ERROR && cfg.log <= LOG_DEBUG);
	check(syntax == CONFIG_FILE || (!cfg.kernel[0] && !cfg.initrd[0] && !cfg.cmdline[0]));
	return 0;
}
