"""Role checks for templates: {% load people %}{% if user|can_view_city %}…"""
from django import template

from prongsai.people import audit, roles
from prongsai.people.names import display_name

register = template.Library()


@register.filter
def can_view_city(user) -> bool:
    return roles.can_view_city(user)


@register.filter
def can_view_audit_log(user) -> bool:
    return roles.can_view_audit_log(user)


@register.filter
def can_read_agency(user, agency) -> bool:
    return roles.can_read_agency(user, agency)


@register.filter
def may_import(user) -> bool:
    return roles.can_import(user)


@register.filter
def may_use_central_measures(user) -> bool:
    return roles.can_use_central_measures(user)


@register.filter
def may_assess(user, agency) -> bool:
    return roles.can_assess(user, agency)


@register.filter
def may_edit_plan(user, agency) -> bool:
    return roles.can_edit_plan(user, agency)


@register.filter
def record_kind(object_type: str) -> str:
    """What an audit entry's "app_label.model" is called in the page's language (`audit.record_kind`)."""
    return audit.record_kind(object_type)


@register.filter
def person(user) -> str:
    """{{ user|person }}: the user's full name, or their username (`names.display_name`)."""
    return display_name(user)
