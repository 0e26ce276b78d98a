"""The core's API error vocabulary (errors.py), shared by every JSON API of the project."""
