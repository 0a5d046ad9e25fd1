from __future__ import annotations

from collections.abc import Iterator

import pytest

from missioncj.demo.scale.manifest import manifest_path


@pytest.fixture(autouse=True)
def _no_manifest_left() -> Iterator[None]:
    """A scale load writes its manifest into the data directory; the rows it describes are
    rolled back with the test, so the manifest goes too."""
    yield
    manifest_path().unlink(missing_ok=True)
