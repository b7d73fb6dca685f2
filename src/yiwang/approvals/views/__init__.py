"""HTML pages of the approvals app for applicants and the public (A2) — the approval workbench
lives beside them (urls_staff)."""
