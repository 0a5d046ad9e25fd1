"""Privacy: one module per aggregate; everything is importable from `missioncj.privacy.models`."""
