"""Threat analysis: STRIDE baseline and rules generate threats; the register assesses them."""
