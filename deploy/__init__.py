"""Serving Crossroads to many people: one app process per core behind HAProxy (`make serve`)."""
