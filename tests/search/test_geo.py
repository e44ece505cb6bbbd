import pytest

from core.geo import bounding_box, haversine_miles

STOCKPORT = (53.4083, -2.1494)
MANCHESTER = (53.4794, -2.2453)


def test_distance_between_stockport_and_manchester_is_about_six_and_a_half_miles():
    assert haversine_miles(*STOCKPORT, *MANCHESTER) == pytest.approx(6.4, abs=0.2)


def test_distance_to_itself_is_zero():
    assert haversine_miles(*STOCKPORT, *STOCKPORT) == 0


@pytest.mark.parametrize("miles", [1, 2, 5, 10])
def test_bounding_box_contains_points_at_the_radius_in_every_direction(miles):
    south, west, north, east = bounding_box(*STOCKPORT, miles)
    lat, lng = STOCKPORT
    assert haversine_miles(lat, lng, north, lng) == pytest.approx(miles, rel=1e-3)
    assert haversine_miles(lat, lng, south, lng) == pytest.approx(miles, rel=1e-3)
    # East and west edges are at least the radius away along the parallel.
    assert haversine_miles(lat, lng, lat, east) >= miles * 0.999
    assert haversine_miles(lat, lng, lat, west) >= miles * 0.999


def test_miles_from_a_place_are_the_great_circle_distances_each_point_worked_out_once(monkeypatch):
    from core import geo

    calls = []

    def counted(*points):
        calls.append(points)
        return haversine_miles(*points)

    monkeypatch.setattr(geo, "haversine_miles", counted)
    miles = geo.miles_from(*STOCKPORT)
    assert [miles(*MANCHESTER), miles(*STOCKPORT), miles(*MANCHESTER)] == [
        haversine_miles(*STOCKPORT, *MANCHESTER),
        0,
        haversine_miles(*STOCKPORT, *MANCHESTER),
    ]
    assert calls == [(*STOCKPORT, *MANCHESTER), (*STOCKPORT, *STOCKPORT)]
