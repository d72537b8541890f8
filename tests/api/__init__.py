"""Tests of the REST API under /api/."""

from rest_framework.test import APIClient


def api_client(user=None) -> APIClient:
    """An API client logged in (session) as `user`, or anonymous."""
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def rows(response) -> list[dict]:
    return response.json()["results"]
