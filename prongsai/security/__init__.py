"""Security and anonymity checks that span every app. A test-only package (no models, no views):
the tests live in prongsai/security/tests/, one file per concern; SECURITY.md names them."""
