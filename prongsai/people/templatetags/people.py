"""Role checks for templates: {% load people %}{% if user|can_view_city %}…"""
from django import template

from prongsai.people import roles

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
