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


class PeriodicLease(models.Model):
    """Which worker runs a periodic job (yiwang.core.periodic) until when, and how its last
    run went. A row per job; taking the lease is one conditional UPDATE, so several workers
    agree on who runs a job in each interval without any other coordination service."""

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_ok = models.BooleanField(null=True)
    last_result = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "periodic job lease"

    def __str__(self) -> str:
        return self.name
