"""Names for what the totals keep as slugs and ids, read in one query each."""

from core.choices import SkillLevel

NO_PLACE = "No place given"
REMOVED = "Removed since"
NONE_GIVEN = "Not given"


def topic_names() -> dict[str, str]:
    from directory.models import HelpTopic

    return dict(HelpTopic.objects.values_list("slug", "name"))


def level_names() -> dict[str, str]:
    return {level.value: f"{level.framework_name} ({level.label})" for level in SkillLevel}


def page_titles(ids) -> dict[str, str]:
    from wagtail.models import Page

    wanted = [int(pk) for pk in ids if str(pk).isdigit()]
    return {str(pk): title for pk, title in Page.objects.filter(pk__in=wanted).values_list("pk", "title")}


def venue_names(ids) -> dict[str, str]:
    from directory.models import Venue

    wanted = [int(pk) for pk in ids if str(pk).isdigit()]
    return {str(pk): name for pk, name in Venue.objects.filter(pk__in=wanted).values_list("pk", "name")}


def topic_names_by_id(ids) -> dict[str, str]:
    from directory.models import HelpTopic

    wanted = [int(pk) for pk in ids if str(pk).isdigit()]
    return {str(pk): name for pk, name in HelpTopic.objects.filter(pk__in=wanted).values_list("pk", "name")}


def district_name(code: str) -> str:
    return code or NO_PLACE


def name_or(names: dict, key, missing: str = REMOVED) -> str:
    if key in ("", None):
        return NONE_GIVEN
    return names.get(str(key), missing)
