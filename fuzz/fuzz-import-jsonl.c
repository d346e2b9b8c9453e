/* fuzz-import-jsonl.c - libFuzzer target: any bytes as a JSON Lines file to pl_import (dry run) */
#define FUZZ_FORMAT PL_FMT_JSONL
#include "fuzz-import.h"
