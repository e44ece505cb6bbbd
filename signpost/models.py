from django.db import models


class RateLimitCounter(models.Model):
    """One fixed window of one rate limit for one sender (see signpost/ratelimit.py), when the counts are
    kept in the database rather than Redis. `key` holds a keyed hash, never an address or a name."""

    key = models.CharField(max_length=200, unique=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.hits}"
