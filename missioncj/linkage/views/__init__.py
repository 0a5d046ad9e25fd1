"""Linkage pages, one module per area; `urls.py` gathers their `urlpatterns`."""
