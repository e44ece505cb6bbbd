"""Ordnance Survey National Grid eastings and northings to WGS84 latitude and longitude.

Code-Point Open gives positions on the British National Grid (OSGB36). We convert with the
Ordnance Survey's published method: the inverse Transverse Mercator projection on the Airy 1830
ellipsoid, then a seven-parameter Helmert transformation to WGS84 (accurate to a few metres,
plenty for "how far is the library").
"""

import math

# Airy 1830 ellipsoid and the National Grid's projection constants.
AIRY_A, AIRY_B = 6377563.396, 6356256.909
F0 = 0.9996012717
LAT0, LON0 = math.radians(49), math.radians(-2)
N0, E0 = -100000.0, 400000.0
# GRS80 / WGS84 ellipsoid.
WGS_A, WGS_B = 6378137.000, 6356752.3141
# OSGB36 -> WGS84 Helmert parameters (translation in metres, rotation in arc-seconds, scale in ppm).
TX, TY, TZ = 446.448, -125.157, 542.060
RX, RY, RZ = 0.1502, 0.2470, 0.8421
S_PPM = -20.4894


def _meridional_arc(b: float, n: float, lat: float) -> float:
    return (
        b
        * F0
        * (
            (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * (lat - LAT0)
            - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(lat - LAT0) * math.cos(lat + LAT0)
            + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * (lat - LAT0)) * math.cos(2 * (lat + LAT0))
            - 35 / 24 * n**3 * math.sin(3 * (lat - LAT0)) * math.cos(3 * (lat + LAT0))
        )
    )


def _grid_to_osgb36(easting: float, northing: float) -> tuple[float, float]:
    a, b = AIRY_A, AIRY_B
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)
    lat, m = LAT0, 0.0
    while True:
        lat = (northing - N0 - m) / (a * F0) + lat
        m = _meridional_arc(b, n, lat)
        if abs(northing - N0 - m) < 0.00001:
            break
    sin_lat, cos_lat, tan_lat = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = a * F0 / math.sqrt(1 - e2 * sin_lat**2)
    rho = a * F0 * (1 - e2) / (1 - e2 * sin_lat**2) ** 1.5
    eta2 = nu / rho - 1
    sec_lat = 1 / cos_lat
    vii = tan_lat / (2 * rho * nu)
    viii = tan_lat / (24 * rho * nu**3) * (5 + 3 * tan_lat**2 + eta2 - 9 * tan_lat**2 * eta2)
    ix = tan_lat / (720 * rho * nu**5) * (61 + 90 * tan_lat**2 + 45 * tan_lat**4)
    x = sec_lat / nu
    xi = sec_lat / (6 * nu**3) * (nu / rho + 2 * tan_lat**2)
    xii = sec_lat / (120 * nu**5) * (5 + 28 * tan_lat**2 + 24 * tan_lat**4)
    xiia = sec_lat / (5040 * nu**7) * (61 + 662 * tan_lat**2 + 1320 * tan_lat**4 + 720 * tan_lat**6)
    de = easting - E0
    latitude = lat - vii * de**2 + viii * de**4 - ix * de**6
    longitude = LON0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return latitude, longitude


def _to_cartesian(lat: float, lon: float, a: float, b: float) -> tuple[float, float, float]:
    e2 = 1 - (b * b) / (a * a)
    nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return (
        nu * math.cos(lat) * math.cos(lon),
        nu * math.cos(lat) * math.sin(lon),
        (1 - e2) * nu * math.sin(lat),
    )


def _from_cartesian(x: float, y: float, z: float, a: float, b: float) -> tuple[float, float]:
    e2 = 1 - (b * b) / (a * a)
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - e2))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
        lat = math.atan2(z + e2 * nu * math.sin(lat), p)
    return lat, math.atan2(y, x)


def grid_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """(latitude, longitude) in WGS84 degrees for a National Grid easting and northing in metres."""
    lat, lon = _grid_to_osgb36(easting, northing)
    x1, y1, z1 = _to_cartesian(lat, lon, AIRY_A, AIRY_B)
    s = S_PPM * 1e-6
    rx, ry, rz = (math.radians(value / 3600) for value in (RX, RY, RZ))
    x2 = TX + (1 + s) * x1 - rz * y1 + ry * z1
    y2 = TY + rz * x1 + (1 + s) * y1 - rx * z1
    z2 = TZ - ry * x1 + rx * y1 + (1 + s) * z1
    lat, lon = _from_cartesian(x2, y2, z2, WGS_A, WGS_B)
    return math.degrees(lat), math.degrees(lon)
