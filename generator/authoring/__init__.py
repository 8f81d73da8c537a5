"""Authoring: `credir new`, the commented template and the contributor guide, from the models."""
