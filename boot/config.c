// SPDX-License-Identifier: MIT
/*
 * The parser of hv's configuration (boot/config.h). Two syntaxes feed one
 * key table: hv.cfg lines ("key = value", '#' comments, CRLF and a UTF-8 BOM
 * tolerated because the file may be written on Windows) and the Multiboot2
 * command line (space-separated "key=value" words). Both end in set_key(),
 * so a key means the same thing however it arrives. Every error names the
 * line or word and what is wrong; the parser never guesses a meaning.
 *
 * In hv.cfg a '#' always starts a comment, so no value can contain '#'.
 */
#include "boot/config.h"
#include "arch/x86/uart.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

/* Longest key or bad value echoed back in a message. */
#define ECHO_MAX 40

/* The keys GRUB's command line refuses come first (up to KEY_CMDLINE). */
enum config_key {
	KEY_KERNEL, KEY_INITRD, KEY_CMDLINE, KEY_LOG, KEY_MBEC, KEY_TEST_HYPERCALLS,
	KEY_MMIO_TRACE, KEY_CONSOLE, KEY_BAUD, KEY_VPID, KEY_SMP,
	KEY_COUNT
};

static const char *const key_names[KEY_COUNT] = {
	[KEY_KERNEL] = "kernel",
	[KEY_INITRD] = "initrd",
	[KEY_CMDLINE] = "cmdline",
	[KEY_LOG] = "log",
	[KEY_MBEC] = "mbec",
	[KEY_TEST_HYPERCALLS] = "test_hypercalls",
	[KEY_MMIO_TRACE] = "mmio_trace",
	[KEY_CONSOLE] = "console",
	[KEY_BAUD] = "baud",
	[KEY_VPID] = "vpid",
	[KEY_SMP] = "smp",
};

static const char *const mbec_names[] = {
	[MBEC_AUTO] = "auto", [MBEC_ON] = "on", [MBEC_OFF] = "off",
};

static const char *const vpid_names[] = { [VPID_AUTO] = "auto", [VPID_OFF] = "off" };

static const char *const smp_names[] = { [SMP_AUTO] = "auto", [SMP_OFF] = "off" };

static const char *const switch_names[] = { "off", "on" };

/* console= by name; anything else must be an I/O port number. */
static const struct {
	const char *name;
	u16 port;
} console_names[] = { { "com1", UART_COM1 }, { "com2", UART_COM2 }, { "none", 0 } };

struct parse_ctx {
	struct hv_config *cfg;
	enum config_syntax syntax;
	const char *source;
	char *err;
	size_t errlen;
	u32 where;  /* line (file) or word (command line) number, from 1 */
	u32 seen;   /* bit `key` set once that key was given */
};

/* Write "<source>:<line>: " or "<source> word <n>: " and then the message. */
static __printf(2, 3) int fail(struct parse_ctx *c, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (!c->err || !c->errlen)
		return -EINVAL;
	if (c->syntax == CONFIG_FILE)
		n = (size_t)fmt_snprintf(c->err, c->errlen, "%s:%u: ", c->source, c->where);
	else
		n = (size_t)fmt_snprintf(c->err, c->errlen, "%s word %u: ", c->source, c->where);
	if (n < c->errlen) {
		va_start(ap, fmt);
		fmt_vsnprintf(c->err + n, c->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Copy s[0..len) into a message buffer, shortened with "..." if needed. */
static const char *echo(char *buf, const char *s, size_t len)
{
	size_t n = len < ECHO_MAX ? len : ECHO_MAX - 3;

	memcpy(buf, s, n);
	if (n < len) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

/* memchr(), which lib/string.h does not provide freestanding. */
static const char *find_char(const char *s, size_t len, char ch)
{
	for (; len; len--, s++)
		if (*s == ch)
			return s;
	return NULL;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f';
}

/* Shrink [*s, *s + *len) past leading and trailing white space. */
static void trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

static bool text_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && !memcmp(s, word, len);
}

/* A value from a fixed list: its index, or an error naming the choices. */
static int set_choice(struct parse_ctx *c, int key, const char *v, size_t vlen,
		      const char *const *names, size_t count, const char *expected)
{
	char buf[ECHO_MAX + 1];
	size_t i;

	for (i = 0; i < count; i++)
		if (text_is(v, vlen, names[i]))
			return (int)i;
	return fail(c, "bad value '%s' for %s (expected %s)", echo(buf, v, vlen), key_names[key],
		    expected);
}

/* One BASE+SIZE of mmio_trace=. */
static int add_trace_range(struct parse_ctx *c, const char *s, size_t len)
{
	char buf[ECHO_MAX + 1];
	const char *plus = find_char(s, len, '+');
	struct config_range r;

	if (!plus || str_to_u64(s, (size_t)(plus - s), &r.base) ||
	    str_to_u64(plus + 1, len - (size_t)(plus + 1 - s), &r.size))
		return fail(c, "bad range '%s' for mmio_trace (expected BASE+SIZE)", echo(buf, s, len));
	if (!r.size || !IS_ALIGNED(r.base | r.size, PAGE_SIZE) || r.base + r.size < r.base)
		return fail(c, "mmio_trace range '%s' must be page aligned and non-empty",
			    echo(buf, s, len));
	if (c->cfg->trace_count == CONFIG_TRACE_MAX)
		return fail(c, "more than %u mmio_trace ranges", CONFIG_TRACE_MAX);
	c->cfg->trace[c->cfg->trace_count++] = r;
	return 0;
}

static int set_trace(struct parse_ctx *c, const char *v, size_t vlen)
{
	/*
	 * A key comes once per source, so this is the source's whole list: it
	 * replaces what an earlier source gave, as every other key's value does
	 * (hv.cfg, then the GRUB command line: boot/multiboot2.h).
	 */
	c->cfg->trace_count = 0;
	for (;;) {
		const char *comma = find_char(v, vlen, ',');
		size_t n = comma ? (size_t)(comma - v) : vlen;
		int ret = add_trace_range(c, v, n);

		if (ret || !comma)
			return ret;
		v += n + 1;
		vlen -= n + 1;
	}
}

/* console=com1|com2|none|PORT: a UART's base port whose registers fit below 0x10000. */
static int set_console(struct parse_ctx *c, const char *v, size_t vlen)
{
	char buf[ECHO_MAX + 1];
	u64 port;

	for (size_t i = 0; i < ARRAY_SIZE(console_names); i++) {
		if (text_is(v, vlen, console_names[i].name)) {
			c->cfg->console_port = console_names[i].port;
			return 0;
		}
	}
	if (str_to_u64(v, vlen, &port))
		return fail(c, "bad value '%s' for console (expected com1|com2|none or an I/O port "
			    "such as 0x3e8)", echo(buf, v, vlen));
	if (!port || port > UART_BASE_MAX)
		return fail(c, "console port '%s' is outside 0x1..0x%x", echo(buf, v, vlen),
			    UART_BASE_MAX);
	c->cfg->console_port = (u16)port;
	return 0;
}

/* baud=N: a rate the UART's divisor gives exactly (uart_divisor()). */
static int set_baud(struct parse_ctx *c, const char *v, size_t vlen)
{
	char buf[ECHO_MAX + 1];
	u64 baud;

	if (str_to_u64(v, vlen, &baud) || baud > UART_CLOCK_HZ || !uart_divisor((u32)baud))
		return fail(c, "bad value '%s' for baud (expected %u..%u dividing %u: 115200, 57600, "
			    "38400, 19200, 9600, ...)", echo(buf, v, vlen), UART_BAUD_MIN,
			    UART_CLOCK_HZ, UART_CLOCK_HZ);
	c->cfg->baud = (u32)baud;
	return 0;
}

/* The keys whose values are not strings. */
static int set_value(struct parse_ctx *c, int key, const char *v, size_t vlen)
{
	int i;

	switch (key) {
	case KEY_LOG:
		i = set_choice(c, key, v, vlen, log_level_names, LOG_LEVEL_COUNT,
			       "error|warn|info|debug");
		if (i >= 0)
			c->cfg->log = (enum log_level)i;
		break;
	case KEY_MBEC:
		i = set_choice(c, key, v, vlen, mbec_names, ARRAY_SIZE(mbec_names), "auto|on|off");
		if (i >= 0)
			c->cfg->mbec = (enum mbec_mode)i;
		break;
	case KEY_TEST_HYPERCALLS:
		i = set_choice(c, key, v, vlen, switch_names, ARRAY_SIZE(switch_names), "on|off");
		if (i >= 0)
			c->cfg->test_hypercalls = i;
		break;
	case KEY_CONSOLE:
		i = set_console(c, v, vlen);
		break;
	case KEY_BAUD:
		i = set_baud(c, v, vlen);
		break;
	case KEY_VPID:
		i = set_choice(c, key, v, vlen, vpid_names, ARRAY_SIZE(vpid_names), "auto|off");
		if (i >= 0)
			c->cfg->vpid = (enum vpid_mode)i;
		break;
	case KEY_SMP:
		i = set_choice(c, key, v, vlen, smp_names, ARRAY_SIZE(smp_names), "auto|off");
		if (i >= 0)
			c->cfg->smp = (enum smp_mode)i;
		break;
	default:
		i = set_trace(c, v, vlen);
	}
	return i < 0 ? i : 0;
}

/* Store a string value; paths get '\' separators as UEFI's file protocol wants. */
static int set_string(struct parse_ctx *c, int key, char *dst, size_t cap,
		      const char *v, size_t vlen)
{
	size_t i;

	if (vlen >= cap)
		return fail(c, "value of '%s' is too long (%zu bytes, at most %zu)",
			    key_names[key], vlen, cap - 1);
	for (i = 0; i < vlen; i++)
		dst[i] = (key != KEY_CMDLINE && v[i] == '/') ? '\\' : v[i];
	dst[vlen] = '\0';
	return 0;
}

static int find_key(const char *k, size_t klen)
{
	int i;

	for (i = 0; i < KEY_COUNT; i++)
		if (text_is(k, klen, key_names[i]))
			return i;
	return -1;
}

/* One "key = value" pair from either syntax, both sides already trimmed. */
static int set_key(struct parse_ctx *c, const char *k, size_t klen, const char *v, size_t vlen)
{
	char buf[ECHO_MAX + 1];
	int key = find_key(k, klen);

	if (key < 0)
		return fail(c, "unknown key '%s'", echo(buf, k, klen));
	if (c->syntax == CONFIG_CMDLINE && key <= KEY_CMDLINE)
		return fail(c, "'%s' is not used under GRUB (the guest is the first module2, "
			    "the initrd the second)", key_names[key]);
	if (c->seen & (1u << key))
		return fail(c, "key '%s' given twice", key_names[key]);
	c->seen |= 1u << key;
	if (find_char(v, vlen, '\0'))
		return fail(c, "value of '%s' contains a NUL byte", key_names[key]);
	if (!vlen && key != KEY_CMDLINE)
		return fail(c, "empty value for '%s'", key_names[key]);
	switch (key) {
	case KEY_KERNEL:
		return set_string(c, key, c->cfg->kernel, sizeof(c->cfg->kernel), v, vlen);
	case KEY_INITRD:
		return set_string(c, key, c->cfg->initrd, sizeof(c->cfg->initrd), v, vlen);
	case KEY_CMDLINE:
		return set_string(c, key, c->cfg->cmdline, sizeof(c->cfg->cmdline), v, vlen);
	default:
		return set_value(c, key, v, vlen);
	}
}

/* One hv.cfg line without its '\n'. */
static int parse_line(struct parse_ctx *c, const char *s, size_t len)
{
	const char *hash = find_char(s, len, '#'), *eq;
	size_t klen;

	if (hash)
		len = (size_t)(hash - s);
	trim(&s, &len);
	if (!len)
		return 0;
	eq = find_char(s, len, '=');
	klen = eq ? (size_t)(eq - s) : 0;
	trim(&s, &klen);
	if (!eq || !klen)
		return fail(c, "expected 'key = value'");
	len -= (size_t)(eq + 1 - s);
	eq++;
	trim(&eq, &len);
	return set_key(c, s, klen, eq, len);
}

static int parse_file(struct parse_ctx *c, const char *text, size_t len)
{
	size_t pos = 0;
	int ret;

	while (pos < len) {
		const char *nl = find_char(text + pos, len - pos, '\n');
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

		c->where++;
		ret = parse_line(c, text + pos, n);
		if (ret)
			return ret;
		pos += n + 1;
	}
	return 0;
}

/* One command-line word (no white space in it). */
static int parse_word(struct parse_ctx *c, const char *s, size_t len)
{
	const char *eq = find_char(s, len, '=');

	if (!eq || eq == s)
		return fail(c, "expected 'key=value'");
	return set_key(c, s, (size_t)(eq - s), eq + 1, len - (size_t)(eq + 1 - s));
}

static int parse_words(struct parse_ctx *c, const char *text, size_t len)
{
	size_t pos = 0;
	int ret;

	for (;;) {
		size_t start;

		while (pos < len && is_space(text[pos]))
			pos++;
		if (pos == len)
			return 0;
		for (start = pos; pos < len && !is_space(text[pos]); pos++)
			;
		c->where++;
		ret = parse_word(c, text + start, pos - start);
		if (ret)
			return ret;
	}
}

void config_init(struct hv_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->log = LOG_INFO;
	cfg->console_port = UART_COM1;
	cfg->baud = UART_DEFAULT_BAUD;
}

int config_parse(struct hv_config *cfg, const char *text, size_t len,
		 enum config_syntax syntax, const char *source, char *err, size_t errlen)
{
	struct parse_ctx c = {
		.cfg = cfg, .syntax = syntax, .source = source ? source : "config",
		.err = err, .errlen = errlen,
	};

	if (err && errlen)
		err[0] = '\0';
	if (!text)
		len = 0;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3; /* UTF-8 byte-order mark, as Windows editors write it */
		len -= 3;
	}
	if (syntax == CONFIG_FILE)
		return parse_file(&c, text, len);
	return parse_words(&c, text, len);
}
