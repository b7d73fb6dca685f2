from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """A version column for optimistic concurrency: a stale write is a 409, never an overwrite."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
