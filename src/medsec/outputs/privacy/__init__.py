"""Privacy outputs that are not ``medsec docs`` documents: the RoPA as an Excel workbook."""
