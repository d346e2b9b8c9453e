#!/bin/sh
# t1800-negotiation.sh - negotiations, sessions and their welfare notes, positions and their history, opening lines (being written)
. ./lib.sh

test_done
