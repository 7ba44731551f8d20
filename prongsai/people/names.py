"""How people are named on pages and in documents."""


def display_name(user) -> str:
    """A user's full name, or their username when they have given none ("" for no user)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
