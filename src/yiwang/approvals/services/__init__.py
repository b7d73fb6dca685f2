"""Every write of the approvals app (one module per concern)."""
