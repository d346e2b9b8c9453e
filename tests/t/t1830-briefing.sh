#!/bin/sh
# t1830-briefing.sh - the briefing for a session, in text and PDF (being written)
. ./lib.sh

test_done
