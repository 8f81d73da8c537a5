"""JSON Schemas for editors and other tools, generated from the models (never by hand)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from generator.format.models import Credential, Provider

SCHEMA_BASE_URL = "https://credir.example/schema/"
SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "provider.schema.json": Provider,
    "credential.schema.json": Credential,
}


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    name = next(file for file, m in SCHEMA_FILES.items() if m is model)
    body = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE_URL + name,
        **body,
    }


def schema_text(model: type[BaseModel]) -> str:
    return json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n"
