from django import template

register = template.Library()


@register.filter
def tool_score(row, code: str):
    """A dashboard row's rounded tool score (None when there is none)."""
    return row.tool(code)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
