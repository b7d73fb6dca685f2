"""The generic search index: one row per indexed object, whatever app it belongs to.

The text index itself lives beside the rows and is created by migrations for the database in
use (0002, 0003): a contentless FTS5 table ``search_fts`` on SQLite, a ``search_vector``
tsvector column with a GIN index on PostgreSQL. Rows are written only by ``yiwang.search.indexing``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    doc_type = models.CharField(_("文档类型"), max_length=40)
    object_id = models.CharField(_("对象编号"), max_length=64)
    title = models.CharField(_("标题"), max_length=500)
    # The indexed part of the body (capped), kept for snippets.
    body = models.TextField(_("正文"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    # Not a foreign key: search sits left of org in the dependency order (DESIGN §2).
    department_id = models.BigIntegerField(_("部门"), null=True, blank=True, db_index=True)
    category = models.CharField(_("分类"), max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=40, blank=True)
    extra = models.JSONField(_("其他筛选项"), default=dict, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("索引时间"))
    # Recency in minutes (high bits) and the row id (low 36 bits): unique, and newest first
    # when sorted descending. It is the FTS5 rowid, and the PostgreSQL candidate order.
    rank_key = models.BigIntegerField(unique=True)
    dictionary = models.CharField(_("词典版本"), max_length=16)
    # SQLite only: the exact terms given to the contentless FTS5 table, compressed, because
    # FTS5 needs them again to delete the row (backends/sqlite.py). Empty on PostgreSQL.
    terms = models.BinaryField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id"], name="search_doc_unique")
        ]
        verbose_name = _("检索文档")
        verbose_name_plural = _("检索文档")

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id} {self.title}"
