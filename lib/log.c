// SPDX-License-Identifier: MIT
/* The log levels' names, shared by the log= parser and the start-up banner. */
#include "lib/log.h"

const char *const log_level_names[LOG_LEVEL_COUNT] = {
	[LOG_ERROR] = "error",
	[LOG_WARN] = "warn",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

const char *log_level_name(enum log_level l)
{
	if ((unsigned int)l < LOG_LEVEL_COUNT)
		return log_level_names[l];
	return "?";
}
