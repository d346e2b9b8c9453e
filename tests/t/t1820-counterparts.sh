#!/bin/sh
# t1820-counterparts.sh - counterparts across scripts, MICE profiles, pressure incidents (being written)
. ./lib.sh

test_done
