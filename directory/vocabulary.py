"""The vocabularies (help topics, formats, access facilities, languages, audiences) as slug -> name,
read once and kept until one of them changes. Every search needs them for validation and labels."""

from django.core.cache import cache

CACHE_TIMEOUT = 600


def _key(model) -> str:
    return f"vocabulary:{model._meta.label_lower}"


def terms(model) -> dict[str, str]:
    """slug -> name, in display order."""
    key = _key(model)
    value = cache.get(key)
    if value is None:
        value = dict(model.objects.order_by("sort_order", "name").values_list("slug", "name"))
        cache.set(key, value, CACHE_TIMEOUT)
    return value


def choices(model):
    """Choices for a form field, worked out when the form is made (so new terms appear at once)."""
    return lambda: list(terms(model).items())


def forget(sender, **kwargs) -> None:
    cache.delete(_key(sender))
