"""Scoring tests."""
