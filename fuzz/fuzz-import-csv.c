/* fuzz-import-csv.c - libFuzzer target: any bytes as a CSV file to pl_import (dry run) */
#define FUZZ_FORMAT PL_FMT_CSV
#include "fuzz-import.h"
