#!/bin/sh
# run.sh - every benchmark of bench/, each against its named peer in the same run
#
#   FEBRL_DATA=DIR sh bench/run.sh   ($PARLEY: the parley binary; default build/release/parley;
#                                    FEBRL_DATA: the FEBRL 4 files, bench/febrl.sh)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/import.sh" "$@"
sh "$here/names.sh"
sh "$here/plan.sh"
