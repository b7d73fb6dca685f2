"""Benchmarks of the routing app (`yiwang bench <name>`): each part registers its own.
Imported by `yiwang.core.bench` autodiscovery; add one import line per part."""

from yiwang.routing.classify import bench as _classify  # noqa: F401
from yiwang.routing.duplicates import bench as _duplicates  # noqa: F401
