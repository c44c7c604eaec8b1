"""Pure values of the medsec domain: frozen dataclasses and enums, no I/O."""
