"""Chinese full-text search, shared by every app: segmentation, one generic index with two
backends (SQLite FTS5, PostgreSQL tsvector), ranking, highlighting. The public surface is
``yiwang.search.service``; README.md beside this file explains the design."""
