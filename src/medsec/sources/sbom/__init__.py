"""SBOM readers: CycloneDX, SPDX 2/3, Yocto, Buildroot and manual lists behind one Protocol.

``reader.SbomReader`` is the shape; ``registry.READERS`` lists every reader; ``registry.read``
sniffs the content and reads it.
"""
