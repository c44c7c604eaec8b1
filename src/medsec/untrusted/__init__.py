"""Reading what medsec does not control: every input file goes through here before a parser.

One bounded reader (``files``: regular files only, the size limit enforced while reading),
one nesting pre-check (``depth``: before any recursive parser, libyaml and json included),
bounded decompression (``expansion``) and the JSON loader every reader shares (``jsontext``).
The limits live beside each function and are listed in docs/security.md.

This package sits below ``project``, ``sources`` and ``storage`` in the layers so that all
three use the same guards; it imports nothing of medsec but ``domain``.
"""
