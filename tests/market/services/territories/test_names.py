"""Countries and their subdivisions named in es/pt/en from pycountry's catalogs."""

from market.services.territories.names import find_iso_place, iso_name, subdivisions, time_zones_of


def test_brazil_and_its_state_of_sao_paulo_are_named_in_portuguese_and_spanish():
    assert iso_name(find_iso_place("BR"), "pt_BR") == "Brasil"
    assert iso_name(find_iso_place("BO"), "pt_BR") == "Bolívia"
    assert iso_name(find_iso_place("BR-SP"), "pt_BR") == "São Paulo"
    assert iso_name(find_iso_place("MX"), "es") == "México"


def test_mexico_has_its_32_states_and_bolivia_its_9_departments():
    assert len(subdivisions("MX")) == 32
    assert "Nuevo León" in {iso_name(s, "es") for s in subdivisions("MX")}
    assert {s.iso_code for s in subdivisions("BO")} >= {"BO-S", "BO-L", "BO-P"}


def test_a_country_with_several_time_zones_lists_them_all():
    assert time_zones_of("BO") == ("America/La_Paz",)
    assert "America/Sao_Paulo" in time_zones_of("BR") and len(time_zones_of("BR")) > 1
