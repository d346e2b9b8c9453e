/* cmd-briefing.c - (being written) */
#include "cli.h"
const struct command cmd_briefing[] = {{.name = NULL}};
