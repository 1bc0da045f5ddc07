"""Reusable views for the lab panels."""
