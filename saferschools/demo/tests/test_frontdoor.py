import pytest

from saferschools.demo.frontdoor import demo_frontdoor_seed
from saferschools.frontdoor.models import Resource, SurveyResponse
from saferschools.frontdoor.tests.helpers import build

pytestmark = pytest.mark.django_db


def test_demo_seed_is_synthetic_and_idempotent():
    w = build(with_child=False)
    assert "6 resources" in demo_frontdoor_seed(seed=3)
    assert all(r.current_version is not None for r in Resource.objects.all())
    answers = SurveyResponse.objects.all()
    assert answers.exists() and not answers.filter(is_synthetic=False).exists()
    assert not answers.filter(school=w.primary).exists()
    n = answers.count()
    assert demo_frontdoor_seed(seed=3) == "already seeded"
    assert SurveyResponse.objects.count() == n
