"""The OpenAPI document's error answers, added to every operation (drf-spectacular hook)."""
from __future__ import annotations

ERROR = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"],
         "description": "What went wrong, in the request's language (Thai unless asked otherwise)."}
INVALID = {"type": "object", "additionalProperties": True,
           "description": "Each field or query parameter in error, with its messages: {\"year\": [\"…\"]}."}


def _response(description: str, schema: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["Invalid"] = INVALID
    for path, operations in result.get("paths", {}).items():
        for method, op in operations.items():
            responses = op.setdefault("responses", {})
            if path.endswith("/openapi.json"):
                continue
            responses.setdefault("401", _response("No credentials, or an unknown token", "Error"))
            responses.setdefault("403", _response("Signed in, without the right to do this", "Error"))
            responses.setdefault("429", _response("Too many requests: wait and try again", "Error"))
            if "{" in path or any(p.get("name") == "page" for p in op.get("parameters", [])):
                responses.setdefault("404", _response("No such object among those you may read, or no such page", "Error"))
            if method in ("post", "patch", "put") or op.get("parameters"):
                responses.setdefault("400", _response("Invalid input: the fields or parameters named", "Invalid"))
            if method in ("post", "patch") and "{" in path:
                responses.setdefault("409", _response("The object's state does not allow this", "Error"))
    return result
