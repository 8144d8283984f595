"""Tests of wreslib.benchmark (a package, so that its test modules may share names with those of other layers)."""
