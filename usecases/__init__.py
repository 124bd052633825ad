"""Use cases: what a candidate, a reviewer or the payment gateway does, across the engines and the services."""
