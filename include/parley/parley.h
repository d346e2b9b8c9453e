/* parley.h - libparley: the registry, its rules, storage and audit trail */
#ifndef PARLEY_PARLEY_H
#define PARLEY_PARLEY_H

#include "parley/account.h"
#include "parley/alloc.h"
#include "parley/audit.h"
#include "parley/backup.h"
#include "parley/db.h"
#include "parley/demo.h"
#include "parley/error.h"
#include "parley/exchange.h"
#include "parley/negotiation.h"
#include "parley/formula.h"
#include "parley/i18n.h"
#include "parley/io.h"
#include "parley/print.h"
#include "parley/progress.h"
#include "parley/record.h"
#include "parley/registry.h"
#include "parley/strbuf.h"
#include "parley/text.h"
#include "parley/xstats.h"
#include "parley/version.h" /* PARLEY_VERSION, made by CMake from project() */

/* Call once, before anything else and before any thread: libsodium, the catalogues. */
int pl_global_init(struct pl_error *err);

#endif
