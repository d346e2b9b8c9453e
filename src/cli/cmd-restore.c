/* placeholder until the command lands */
#include "cli.h"
const struct command cmd_restore[] = { { NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL } };
