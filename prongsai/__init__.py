"""Prongsai (โปร่งใส): the Integrity & Transparency Assessment, end to end."""
__version__ = "0.1.0"
