"""The network integration pack (``medsec docs pack``): its network files and its archive."""
