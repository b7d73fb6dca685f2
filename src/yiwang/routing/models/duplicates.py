"""Text fingerprints for duplicate detection (查重): one row per indexed document, plus its
lookup keys (LSH bands and place-topic keys) in an indexed table. Documents are named by a
plain string key ("ticket:123"): routing knows no ticket model."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TextFingerprint(models.Model):
    doc_key = models.CharField(_("文档键"), max_length=64, unique=True)
    area = models.CharField(_("区域"), max_length=12, blank=True)  # region code prefix
    place = models.CharField(_("地点"), max_length=32, blank=True)  # places.place_key
    text_hash = models.CharField(max_length=24, db_index=True)  # normalised text, exact repeats
    requester = models.CharField(max_length=80, blank=True)  # an opaque key, never PII
    signature = models.BinaryField()  # MinHash of the text's words (64 × uint32)
    subject_hashes = models.BinaryField()  # hashes of the subject's words (uint32 each)
    created_at = models.DateTimeField(_("时间"), db_index=True)

    class Meta:
        verbose_name = _("文本指纹")
        verbose_name_plural = _("文本指纹")

    def __str__(self) -> str:
        return self.doc_key


class FingerprintKey(models.Model):
    """One lookup key of a fingerprint. ``created_at`` is repeated here so the window filter
    runs inside the one index scan."""

    key = models.BigIntegerField()
    # deleted explicitly before their fingerprint (index.py), so purges stay one DELETE each
    fingerprint = models.ForeignKey(TextFingerprint, on_delete=models.DO_NOTHING, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "created_at"], name="routing_fpkey_key_time")]
