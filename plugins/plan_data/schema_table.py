"""The Data page's field table, generated from the JSON Schema so the two can never drift apart."""

from __future__ import annotations

from collections.abc import Iterator

from plugins.core.record import record


@record
class Field:
    """One row of the data page's field table."""

    path: str  # "actions[].facts.deadlines[].year": [] marks "each item of the list"
    type: str  # "list of objects", "integer or null", "one of: by, from, in"
    description: str

    @property
    def path_parts(self) -> tuple[str, ...]:
        """The path cut after each "." so narrow screens can wrap it there (the template adds <wbr>)."""
        parts = self.path.split(".")
        return tuple(part + "." for part in parts[:-1]) + (parts[-1],)


def resolve(node: dict, schema: dict) -> dict:
    """Follow local `$ref`s; the description at the place of use wins over the definition's own."""
    while "$ref" in node:
        target = schema
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def type_label(node: dict, schema: dict) -> str:
    node = resolve(node, schema)
    if "const" in node:
        return f"always {node['const']!r}"
    if "enum" in node:
        values = ", ".join("null" if v is None else str(v) for v in node["enum"])
        return f"one of: {values}"
    if "oneOf" in node:
        return " or ".join(type_label(option, schema) for option in node["oneOf"])
    kinds = node.get("type", "any")
    if kinds == "array":
        if "prefixItems" in node:
            return f"list of {len(node['prefixItems'])} {type_label(node['prefixItems'][0], schema)}s"
        item = type_label(node.get("items", {}), schema)
        return f"list of {item}s" if item.isalpha() else f"list, each {item}"
    if isinstance(kinds, list):
        return " or ".join(kinds)
    return "object" if kinds == "object" else kinds


def walk(node: dict, schema: dict, prefix: str) -> Iterator[Field]:
    node = resolve(node, schema)
    if node.get("type") == "array" and "items" in node:
        yield from walk(node["items"], schema, prefix + "[]")
        return
    for name, child in node.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        child = resolve(child, schema)
        yield Field(path, type_label(child, schema), child.get("description", ""))
        yield from walk(child, schema, path)


def schema_fields(schema: dict) -> tuple[Field, ...]:
    """Every field of the document, parents before children, in the schema's order."""
    return tuple(walk(schema, schema, ""))
