"""Privacy engineering from the model: where data goes (regions, transfers), how long it is kept
(retention), the DPIA screening (WP248), the records of processing (Art. 30) and the risks to
data subjects from the register's privacy threats. Pure functions over domain values."""
