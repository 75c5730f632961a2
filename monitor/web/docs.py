"""`/docs` served from this machine: Swagger UI from the swagger-ui-bundle package, no CDN.

FastAPI's default page loads Swagger UI from a CDN, so offline it was blank. swagger-ui-bundle
(maintained with connexion) ships Swagger UI 4, which reads OpenAPI 3.0 documents: the page
gets the app's document labelled 3.0.3 at /docs/openapi.json (FastAPI's schemas render there
as they are); /openapi.json itself stays the app's 3.1 document for programs.
"""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/static/swagger-ui"


def add_docs(app: FastAPI) -> None:
    """Mount the Swagger UI assets and the /docs page on `app` (created with docs_url=None, redoc_url=None)."""
    from swagger_ui_bundle import swagger_ui_path

    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")

    @app.get("/docs/openapi.json", include_in_schema=False)
    def docs_openapi() -> JSONResponse:
        return JSONResponse(app.openapi() | {"openapi": "3.0.3"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/docs/openapi.json", title=f"{app.title} · API",
                                   swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
                                   swagger_ui_parameters={"validatorUrl": None})  # no badge from validator.swagger.io
