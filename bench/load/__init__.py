"""The load test: locust against gunicorn on loopback, see run.py."""
