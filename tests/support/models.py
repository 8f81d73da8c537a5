"""The models' field paths, and YAML data as editors see it (dates as text)."""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

from pydantic import BaseModel

from generator.authoring.fields import models_in
from generator.check.load import parse_document


def data_as_editors_see_it(raw: bytes, relpath: str = "file.yaml") -> dict[str, Any]:
    """A file's values as a JSON Schema validator gets them: an editor reads an unquoted date
    as text, so dates become ISO strings (a date with a time keeps its time)."""
    document, problems = parse_document(raw, relpath)
    assert document is not None, problems
    return _iso_dates(document.data)


def _iso_dates(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _iso_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso_dates(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def model_field_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field path of a model, nested models included: `workload.ects`, `skills.esco`."""
    paths = set()
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        paths.add(path)
        for inner in models_in(info.annotation):
            paths |= model_field_paths(inner, path + ".")
    return paths


def _map_fields() -> set[str]:
    """Top-level fields whose keys the provider chooses (`translations`, by language): their
    keys are no field names, so a path skips them (`translations.title`)."""
    from generator.format.models import Credential, Provider

    return {
        name
        for model in (Credential, Provider)
        for name, info in model.model_fields.items()
        if any(typing.get_origin(option) is dict for option in typing.get_args(info.annotation))
    }


def used_field_paths(data: Any, prefix: str = "") -> set[str]:
    """Field paths with a value in one file's data, in the form model_field_paths gives."""
    paths: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if value is None:
                continue
            paths.add(f"{prefix}{key}")
            if not prefix and key in _map_fields() and isinstance(value, dict):
                for entry in value.values():
                    paths |= used_field_paths(entry, f"{key}.")
                continue
            paths |= used_field_paths(value, f"{prefix}{key}.")
    elif isinstance(data, list):
        for item in data:
            paths |= used_field_paths(item, prefix)
    return paths
