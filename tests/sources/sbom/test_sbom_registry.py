"""The reader registry: one reader per format, each claims its own sample, nothing else does."""

from __future__ import annotations

import pytest

from medsec.domain.component import SbomFormat
from medsec.domain.errors import InputError
from medsec.sources.sbom import archive, detect, registry
from medsec.sources.sbom.reader import Content

RDF = (
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    b'xmlns:spdx="http://spdx.org/rdf/terms#"/>'
)
# the smallest content each existing format is recognised by: a new reader placed wrongly in
# READERS would take one of these over (a new reader's own test reads through registry.read)
SAMPLES: dict[SbomFormat, bytes] = {
    SbomFormat.CYCLONEDX_JSON: b'{"bomFormat": "CycloneDX", "specVersion": "1.6"}',
    SbomFormat.CYCLONEDX_XML: b'<bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>',
    SbomFormat.SPDX2_JSON: b'{"spdxVersion": "SPDX-2.3", "packages": []}',
    SbomFormat.SPDX2_YAML: b"spdxVersion: SPDX-2.3\nname: x\n",
    SbomFormat.SPDX2_TAGVALUE: b"SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n",
    SbomFormat.SPDX2_RDF: RDF,
    SbomFormat.SPDX3_JSONLD: b'{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}',
    SbomFormat.YOCTO_INDEX: b'{"documents": [{"filename": "a.spdx.json"}]}',
    SbomFormat.YOCTO_ARCHIVE: archive.ZSTD_MAGIC + b"(compressed tar)",
    SbomFormat.BUILDROOT_MANIFEST: b"PACKAGE,VERSION,LICENSE\nzlib,1.3,Zlib\n",
    SbomFormat.MANUAL_CSV: b"name,version\nThreadX,6.2\n",
    SbomFormat.MANUAL_YAML: b"format: medsec-components/1\ncomponents: []\n",
}


def test_every_format_has_exactly_one_reader() -> None:
    formats = [meta.format for meta in registry.formats()]
    assert sorted(formats) == sorted(SbomFormat)


def test_metadata_is_complete_and_unique() -> None:
    metas = registry.formats()
    assert len({m.name for m in metas}) == len(metas)
    assert all(m.patterns and all(p for p in m.patterns) for m in metas)


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_each_sample_is_claimed_by_its_own_reader(fmt: SbomFormat) -> None:
    probe = detect.probe(SAMPLES[fmt], source="s")
    assert registry.choose(probe, source="s").meta.format is fmt


def test_binary_readers_see_content_that_looks_like_text() -> None:
    probe = detect.probe(archive.ZSTD_MAGIC + b"no NUL here", source="s")
    assert probe.content is Content.TEXT  # no NUL byte: not classed binary
    assert registry.choose(probe, source="s").meta.format is SbomFormat.YOCTO_ARCHIVE


def test_unrecognised_content_names_every_supported_format() -> None:
    with pytest.raises(InputError) as caught:
        registry.read(b"hello, world\n", source="notes.txt")
    message = str(caught.value)
    assert "not an SBOM" in message and "notes.txt" in message
    for meta in registry.formats():
        assert meta.name in message
