"""Auditing published figures: every figure an organisation printed, checked against its own counts."""
