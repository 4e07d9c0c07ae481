"""The API's OpenAPI document, made valid and complete (what /api/v3/openapi.json describes).

Wagtail 8.0.1's document (django-ninja 1.7) is invalid OpenAPI 3.1 and says less than the API does:
- "anonymous allowed" is written as an HTTP security scheme without a ``scheme``; OpenAPI says it
  with an empty security requirement ``{}``;
- there is no ``servers`` entry: clients cannot tell where the API lives (the public address);
- only the success status of each operation is documented, while every operation can answer 400
  (refused at the edge, gongzhi/api.py), 401 (a bad token), 403, 404 and 422 with problem+json;
- ``limit`` does not say its cap (WAGTAILAPI_LIMIT_MAX) although a higher one is a 400;
- the snippet paths are listed with ``type`` fixed to "" when no snippet model is exposed to the API
  (none is here): paths no request can match, so they are left out.
"""

from django.conf import settings

from content.site import public_base

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"}, "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["status"],
}
ERRORS = {
    "400": "Bad request: a parameter the API refuses (too large, NUL characters, a field list on a listing…)",
    "401": "Unauthorized: the bearer token is missing, unknown or expired",
    "403": "Forbidden: the token's user may not do this",
    "404": "Not found: no such object, or one the caller may not see",
    "422": "Unprocessable: a parameter or body that does not validate",
}
ANONYMOUS = "AllowAnonymous"


def _problem_responses():
    content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}},
               "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return {status: {"description": text, "content": content} for status, text in ERRORS.items()}


def _unreachable(path_item):
    """Does a path parameter of this path admit only the empty string?"""
    return any(parameter.get("in") == "path" and parameter.get("schema", {}).get("const") == ""
               for operation in path_item.values() if isinstance(operation, dict)
               for parameter in operation.get("parameters", []))


def complete(schema):
    """Fix and complete ``schema`` (a dict) in place; returns it."""
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
    schema["servers"] = [{"url": public_base(), "description": "the site's public address (SITE_URL)"}]
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM
    components.get("securitySchemes", {}).pop(ANONYMOUS, None)
    problems = _problem_responses()
    paths = schema.get("paths", {})
    for path in [path for path, item in paths.items() if _unreachable(item)]:
        del paths[path]
    for path_item in paths.values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if "security" in operation:
                operation["security"] = [{} if ANONYMOUS in requirement else requirement
                                         for requirement in operation["security"]]
            for status, response in problems.items():
                operation["responses"].setdefault(status, response)
            for parameter in operation.get("parameters", []):
                if parameter.get("name") == "limit" and parameter.get("in") == "query" and limit_max:
                    parameter["schema"]["maximum"] = limit_max
                    parameter["description"] = f"How many items to return, at most {limit_max} (more is a 400)."
                elif parameter.get("name") == "offset" and parameter.get("in") == "query":
                    parameter["schema"]["maximum"] = 2**31 - 1
    info = schema.setdefault("info", {})
    info["description"] = (
        f"{info.get('description', '')}\n\nListings give each item's id, title and meta; an item's fields are "
        "at its meta.detail_url (a `fields` parameter on a listing is refused with a 400). Images carry absolute "
        "download and rendition URLs."
    ).strip()
    return schema


def install(api):
    """Make ``api`` (Wagtail's NinjaAPI) serve the completed document."""
    original = api.get_openapi_schema

    def get_openapi_schema(*args, **kwargs):
        return complete(dict(original(*args, **kwargs)))

    api.get_openapi_schema = get_openapi_schema
