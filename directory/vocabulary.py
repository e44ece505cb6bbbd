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


def objects(model) -> dict:
    """id -> term, in display order."""
    key = _key(model) + ":objects"
    value = cache.get(key)
    if value is None:
        value = {term.pk: term for term in model.objects.order_by("sort_order", "name")}
        cache.set(key, value, CACHE_TIMEOUT)
    return value


def forget(sender, **kwargs) -> None:
    cache.delete_many([_key(sender), _key(sender) + ":objects"])


# The many-to-many fields of terms that pages show.
LISTING_TERMS = ("topics", "formats", "languages", "audiences")
VENUE_TERMS = ("access_facilities",)


def attach_terms(listings=(), venues=()) -> None:
    """Give listings their topics, formats, languages and audiences, and venues their access
    facilities, so that `listing.topics.all` and the rest need no query of their own: one query over
    the link tables for them all, with the terms from the cached vocabularies. (Prefetching takes a
    query per field: on a listing's page that was five of its queries.)"""
    owners = [(instance, name) for instance in listings for name in LISTING_TERMS]
    owners += [(instance, name) for instance in venues for name in VENUE_TERMS]
    if not owners:
        return
    links = _term_links({(type(instance)._meta.concrete_model, name) for instance, name in owners}, owners)
    for instance, name in owners:
        term_model = instance._meta.get_field(name).related_model
        chosen = links.get((name, instance.pk), set())
        queryset = term_model.objects.all()
        queryset._result_cache = [term for pk, term in objects(term_model).items() if pk in chosen]
        queryset._prefetch_done = True
        if not hasattr(instance, "_prefetched_objects_cache"):
            instance._prefetched_objects_cache = {}
        instance._prefetched_objects_cache[name] = queryset


def _term_links(fields, owners) -> dict[tuple[str, int], set[int]]:
    """(field name, owner id) -> term ids, from every link table at once (UNION ALL)."""
    from django.db.models import CharField, F, Value

    parts = []
    for model, name in sorted(fields, key=lambda pair: pair[1]):
        field = model._meta.get_field(name)
        ids = {instance.pk for instance, owner_name in owners if owner_name == name}
        owner, term = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        parts.append(
            field.remote_field.through.objects.filter(**{f"{owner}__in": ids})
            .annotate(field=Value(name, output_field=CharField()), owner=F(owner), term=F(term))
            .values_list("field", "owner", "term")
        )
    links: dict[tuple[str, int], set[int]] = {}
    for name, owner, term in parts[0].union(*parts[1:], all=True):
        links.setdefault((name, owner), set()).add(term)
    return links
