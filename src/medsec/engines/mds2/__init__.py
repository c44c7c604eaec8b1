"""The MDS2 form (ANSI/NEMA HN 1-2019): its questions, answers derived from the model, the diff."""
