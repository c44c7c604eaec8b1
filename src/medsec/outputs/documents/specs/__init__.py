"""The documents of ``medsec docs``, one module each (listed in ``..registry.DOCUMENTS``)."""
