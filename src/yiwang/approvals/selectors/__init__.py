"""Reads of the approvals app (one module per concern)."""
