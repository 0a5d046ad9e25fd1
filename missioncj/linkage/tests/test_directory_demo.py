"""The demo county directory: loaded through the importer, deterministic from the rng, and
covering what a MISSION-CJ team links people to."""

from __future__ import annotations

import random
from decimal import Decimal

from missioncj.demo.linkage_directory import CENTER, SOURCE, add_directory, directory_document
from missioncj.linkage.models import Location, Service, ServiceCategory, Source, SourceKind


def test_demo_directory_is_deterministic():
    assert directory_document(random.Random(5)) == directory_document(random.Random(5))


def test_demo_directory_loads_through_the_importer(world):
    result = add_directory(random.Random(2026), world.drug, world.user("supervisor"))
    assert result.source.name == SOURCE and result.source.kind == SourceKind.HSDS
    services = Service.objects.filter(source__program=world.drug)
    assert services.count() == 21  # 20 imported + the program's own kitchen
    assert Source.objects.filter(program=world.drug, kind=SourceKind.OWN).exists()
    covered = {c for s in services for c in s.categories}
    assert covered == set(ServiceCategory.values)
    assert services.filter(languages__icontains="Spanish").count() >= 10
    assert services.filter(free=True).count() >= 8
    for location in Location.objects.all():
        assert location.latitude is not None and location.longitude is not None
        assert abs(location.latitude - Decimal(str(CENTER[0]))) < Decimal("0.1")
        assert abs(location.longitude - Decimal(str(CENTER[1]))) < Decimal("0.1")
    phones = [p.number for s in services for p in s.organization.phones.all()]
    assert all(n.startswith("(555) 555-02") for n in phones)
