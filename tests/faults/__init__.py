"""Fault tests: crashes, concurrent runs, full disks, analysts holding the warehouse, bad input."""
