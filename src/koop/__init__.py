"""Koop: the operating platform for a cooperative group of work-integrating social enterprises."""
