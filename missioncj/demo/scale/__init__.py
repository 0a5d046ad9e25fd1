"""Synthetic data at state and national scale, written in bulk as the services would write it.

`loader.load_scale` is the entry point (`missioncj demo --scale state|national`); docs:
docs/scale-data.md.
"""
