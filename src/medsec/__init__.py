"""medsec: do and prove the cyber security work of a medical device."""

__version__ = "0.1.0"
