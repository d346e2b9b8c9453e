/* cmd-counterpart.c - (being written) */
#include "cli.h"
const struct command cmd_counterpart[] = {{.name = NULL}};
const struct command cmd_profile[] = {{.name = NULL}};
const struct command cmd_incident[] = {{.name = NULL}};
