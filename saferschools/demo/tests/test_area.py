from collections import Counter

from django.core.management import call_command

from saferschools.demo.area import DEMO_FORCE, demo_area_load
from saferschools.estate.models import Establishment, Force, LsoaDeprivation


def test_demo_area_is_realistic_synthetic_and_repeatable(db):
    first = demo_area_load(seed=3)
    assert Force.objects.get(name=DEMO_FORCE).is_synthetic
    secondary = Establishment.objects.secondary_phase().filter(is_synthetic=True)
    assert 100 <= secondary.count() <= 260
    per_district = Counter(secondary.values_list("district__code", flat=True))
    assert len(per_district) == 13 and min(per_district.values()) >= 7
    assert all("synthetic" in n for n in secondary.values_list("name", flat=True))
    # Every school is linked to a deprivation area and has coordinates.
    assert not secondary.filter(lsoa11_code="").exists()
    assert not secondary.filter(latitude=None).exists()
    deciles = set(LsoaDeprivation.objects.values_list("imd_decile", flat=True))
    assert len(deciles) >= 8  # a spread of deprivation, not one value
    before = list(
        Establishment.objects.order_by("urn").values_list("urn", "name", "number_of_pupils")
    )
    second = demo_area_load(seed=3)
    assert first == second
    assert (
        list(Establishment.objects.order_by("urn").values_list("urn", "name", "number_of_pupils"))
        == before
    )


def test_bootstrap_without_shared_data_loads_the_demo(db, tmp_path, capsys):
    call_command("bootstrap", "--data", str(tmp_path / "nowhere"))
    out = capsys.readouterr().out
    assert "synthetic demo area" in out
    assert "Demo sign-ins" in out
    assert Establishment.objects.filter(is_synthetic=True).exists()
