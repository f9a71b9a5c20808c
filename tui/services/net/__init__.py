"""Talking to the network: the one HTTP layer and a client per service."""
