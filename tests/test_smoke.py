from __future__ import annotations

from tests.personas import World


def test_the_figures_page_shows_the_group_in_figures(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("leader").get("/figures/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="fig-units">2<' in body
    assert 'id="fig-municipalities">2<' in body


def test_unit_b_is_hidden_from_unit_a_leader(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("leader")
    assert client.get(f"/units/{world.unit_a.pk}/").status_code == 200
    assert client.get(f"/units/{world.unit_b.pk}/").status_code == 404
    assert client.get(f"/api/v1/units/{world.unit_b.pk}").status_code == 404
    assert client.get(f"/api/v1/units/{world.unit_a.pk}").status_code == 200
