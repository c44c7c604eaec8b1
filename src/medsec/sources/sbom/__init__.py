"""SBOM readers: CycloneDX, SPDX 2/3, Yocto, Buildroot and manual lists (see ``registry``)."""
