"""Chart routes for the web app (/charts/...); filled in by the export issue."""
from fastapi import APIRouter

router = APIRouter()
