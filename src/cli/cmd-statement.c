/* cmd-statement.c - (being written) */
#include "cli.h"
const struct command cmd_statement[] = {{.name = NULL}};
const struct command cmd_promise[] = {{.name = NULL}};
