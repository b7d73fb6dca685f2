"""Fixtures of the routing tests (classifier: a model folder of each test's own, and a small
model trained once per session)."""

from yiwang.routing.tests.classify_support import _trained_once, model_dir, trained  # noqa: F401
