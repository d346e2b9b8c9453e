/* cmd-negotiation.c - (being written) */
#include "cli.h"
const struct command cmd_negotiation[] = {{.name = NULL}};
const struct command cmd_session[] = {{.name = NULL}};
const struct command cmd_welfare[] = {{.name = NULL}};
const struct command cmd_position[] = {{.name = NULL}};
const struct command cmd_opening[] = {{.name = NULL}};
const struct command cmd_stats_negotiations[] = {{.name = NULL}};
