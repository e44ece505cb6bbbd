"""Distances on the Earth's surface, and the box around a circle used to filter with indexes first."""

import functools
import math
from collections.abc import Callable

EARTH_RADIUS_MILES = 3958.7613
METRES_PER_MILE = 1609.344


def haversine_miles(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def miles_from(latitude: float, longitude: float) -> Callable[[float, float], float]:
    """`haversine_miles` from one place, each point worked out once: the rows read near a place are
    thousands of listings and events at a few hundred venues."""

    @functools.cache
    def miles(lat: float, lng: float) -> float:
        return haversine_miles(latitude, longitude, lat, lng)

    return miles


def bounding_box(lat: float, lng: float, miles: float) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a box that contains every point within `miles` of (lat, lng)."""
    dlat = math.degrees(miles / EARTH_RADIUS_MILES)
    # Longitude degrees shrink towards the poles; clamp so the box stays valid near them.
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlng = math.degrees(miles / (EARTH_RADIUS_MILES * cos_lat))
    return lat - dlat, max(-180.0, lng - dlng), lat + dlat, min(180.0, lng + dlng)


def miles_to_metres(miles: float) -> float:
    return miles * METRES_PER_MILE


def metres_to_miles(metres: float) -> float:
    return metres / METRES_PER_MILE
