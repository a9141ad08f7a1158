"""Demo: deterministic, realistic demo data and the commands that seed and serve it.

It writes only through the other apps' services and must never be needed in production."""
