#!/bin/sh
# run.sh - every benchmark of bench/, each against its named peer in the same run
#
#   sh bench/run.sh            ($PARLEY: the parley binary; default build/release/parley)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/import.sh" "$@"
sh "$here/names.sh"
