"""The vocabularies (help topics, formats, access facilities, languages, audiences) as slug -> name,
read once and kept until one of them changes. Every search needs them for validation and labels."""

from django.core.cache import cache

from caching.generation import per_request, shared_get

CACHE_TIMEOUT = 600


def _key(model) -> str:
    return f"vocabulary:{model._meta.label_lower}"


def terms(model) -> dict[str, str]:
    """slug -> name, in display order."""
    return per_request(_key(model), lambda: _terms(model))


def _terms(model) -> dict[str, str]:
    key = _key(model)
    value = shared_get(key)
    if value is None:
        value = dict(model.objects.order_by("sort_order", "name").values_list("slug", "name"))
        cache.set(key, value, CACHE_TIMEOUT)
    return value


def choices(model):
    """Choices for a form field, worked out when the form is made (so new terms appear at once)."""
    return lambda: list(terms(model).items())


def objects(model) -> dict:
    """id -> term, in display order."""
    return per_request(_key(model) + ":objects", lambda: _objects(model))


def _objects(model) -> dict:
    key = _key(model) + ":objects"
    value = shared_get(key)
    if value is None:
        value = {term.pk: term for term in model.objects.order_by("sort_order", "name")}
        cache.set(key, value, CACHE_TIMEOUT)
    return value


def forget(sender, **kwargs) -> None:
    cache.delete_many([_key(sender), _key(sender) + ":objects"])


# The many-to-many fields of terms that pages show.
LISTING_TERMS = ("topics", "formats", "languages", "audiences")
VENUE_TERMS = ("access_facilities",)


def attach_terms(*groups) -> None:
    """Give pages and venues their terms, so that `listing.topics.all`, `venue.access_facilities.all`
    and the like need no query of their own: one query over the link tables for them all, with the
    terms from the cached vocabularies. (Prefetching takes a query per field: on a listing's page that
    was five of its queries.) Each group is (instances, field names):

        attach_terms(([listing], LISTING_TERMS), (venues, VENUE_TERMS))
    """
    owners = [(instance, name) for instances, names in groups for instance in instances for name in names]
    if not owners:
        return
    links = _term_links(owners)
    for instance, name in owners:
        term_model = instance._meta.get_field(name).related_model
        chosen = links.get((_link(instance, name), instance.pk), set())
        queryset = term_model.objects.all()
        queryset._result_cache = [term for pk, term in objects(term_model).items() if pk in chosen]
        queryset._prefetch_done = True
        if not hasattr(instance, "_prefetched_objects_cache"):
            instance._prefetched_objects_cache = {}
        instance._prefetched_objects_cache[name] = queryset


def _link(owner, name: str) -> str:
    """A many-to-many field's key, "model.field", for a model or one of its instances."""
    return f"{owner._meta.concrete_model._meta.label_lower}.{name}"


def term_slugs(model, names, ids) -> dict[str, dict[int, list[str]]]:
    """For the `model` rows with these ids, each named field's term slugs: {name: {id: [slug, ...]}},
    in one query over the link tables and the cached vocabularies, for code that has ids, not pages
    (search results)."""
    ids = set(ids)
    found = {name: {} for name in names}
    if not ids or not names:
        return found
    links = _links_of({_link(model, name): (model._meta.get_field(name), ids) for name in names})
    for name in names:
        terms_by_id = objects(model._meta.get_field(name).related_model)
        for pk in ids:
            chosen = links.get((_link(model, name), pk), ())
            found[name][pk] = [terms_by_id[term].slug for term in chosen if term in terms_by_id]
    return found


def _term_links(owners) -> dict[tuple[str, int], set[int]]:
    """(model.field, owner id) -> term ids, from every link table at once (UNION ALL)."""
    wanted: dict[str, tuple] = {}
    for instance, name in owners:
        field = instance._meta.get_field(name)
        wanted.setdefault(_link(instance, name), (field, set()))[1].add(instance.pk)
    return _links_of(wanted)


def _links_of(wanted: dict[str, tuple]) -> dict[tuple[str, int], set[int]]:
    """`wanted`: model.field -> (the many-to-many field, owner ids)."""
    from django.db.models import CharField, F, Value

    parts = []
    for link, (field, ids) in sorted(wanted.items(), key=lambda item: item[0]):
        owner, term = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        parts.append(
            field.remote_field.through.objects.filter(**{f"{owner}__in": ids})
            .annotate(link=Value(link, output_field=CharField()), owner=F(owner), term=F(term))
            .values_list("link", "owner", "term")
        )
    links: dict[tuple[str, int], set[int]] = {}
    for link, owner, term in parts[0].union(*parts[1:], all=True):
        links.setdefault((link, owner), set()).add(term)
    return links
