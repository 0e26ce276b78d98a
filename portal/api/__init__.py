"""The provider API (/api/v1/provider/): a provider organisation's scripts manage its dossiers.

Requests authenticate with an organisation's API token; every change goes through the same
services as the portal, and errors name the field by JSON pointer in Japanese and English.
"""
