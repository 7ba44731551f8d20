"""Django REST framework and drf-spectacular settings of the API (imported by prongsai.settings)."""

REST_FRAMEWORK = {
    # Token first: an anonymous request gets 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "prongsai.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # the browser; CSRF enforced
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "prongsai.api.pagination.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_THROTTLE_CLASSES": ["prongsai.api.throttling.UserRate", "prongsai.api.throttling.AnonRate"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
    "EXCEPTION_HANDLER": "prongsai.api.errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Prongsai API",
    "DESCRIPTION": (
        "Agencies, assessment rounds and their scores, OIT records and verdicts, improvement plans, "
        "measures, progress and evidence. Send `Authorization: Token <key>` (`prongsai create-token USER`). "
        "The same roles as the web pages: objects of agencies you may not read are 404, changes you may "
        "not make are 403, requests without credentials 401. Lists: 25 per page, `page_size` up to 100."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/",
    "ENUM_NAME_OVERRIDES": {
        "DisclosureStatusEnum": "prongsai.oit.models.Status",
        "ProgressStatusEnum": "prongsai.measures.models.MeasureProgress.STATUSES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "prongsai.api.schema.add_error_responses",
    ],
}
