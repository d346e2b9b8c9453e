#!/bin/sh
# t1810-ledger.sh - the statement ledger: contradictions, untruths kept until resolved, promises (being written)
. ./lib.sh

test_done
