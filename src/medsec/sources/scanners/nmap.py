"""Nmap XML (``-oX``): the listening services it saw, which are attack surface, not findings.

Only ports in state ``open`` are kept; ``filtered`` and ``closed`` ones say nothing about what
listens. medsec compares them with the declared interfaces (``medsec surface``).
"""

from __future__ import annotations

from medsec.domain.errors import InputError
from medsec.domain.pentest import ParsedReport, ReportFormat, Service
from medsec.sources.scanners import normalise as n
from medsec.sources.scanners.detect import xml_root
from medsec.sources.scanners.importer import Content, Importer
from medsec.sources.scanners.xmlinput import Element, child, children, local, parse_xml

TOOL = "nmap"


def parse(data: bytes, *, source: str) -> ParsedReport:
    """Nmap XML: the open ports as services (no findings)."""
    root = parse_xml(data, source)
    if local(root) != "nmaprun":
        raise InputError.single(
            source,
            f"not an Nmap XML file: XML root is <{local(root)}>",
            hint="run nmap with -oX FILE",
        )
    services: set[Service] = set()
    for h, host in enumerate(children(root, "host")):
        address = _address(host)
        if address is None:
            raise InputError.single(source, "host without an IP address", field=f"host[{h}]")
        names = tuple(
            sorted(
                {x.get("name", "") for x in children(child(host, "hostnames"), "hostname")} - {""}
            )
        )
        for p, port in enumerate(children(child(host, "ports"), "port")):
            state = child(port, "state")
            if state is None or state.get("state") != "open":
                continue
            number = n.port(port.get("portid"))
            if number is None:
                raise InputError.single(
                    source,
                    f"port id {port.get('portid')!r} is not a port number",
                    field=f"host[{h}].ports.port[{p}]",
                )
            service = child(port, "service")
            services.add(
                Service(
                    host=address,
                    port=number,
                    protocol=(port.get("protocol") or "tcp").lower(),
                    name=service.get("name") if service is not None else None,
                    product=service.get("product") if service is not None else None,
                    version=service.get("version") if service is not None else None,
                    hostnames=names,
                )
            )
    ordered = tuple(sorted(services, key=lambda s: (s.host, s.protocol, s.port)))
    version = root.get("version")
    return ParsedReport(
        ReportFormat.NMAP_XML, f"Nmap {version}" if version else "Nmap", (), ordered
    )


def _address(host: Element) -> str | None:
    for address in children(host, "address"):
        if address.get("addrtype") in ("ipv4", "ipv6") and address.get("addr"):
            return address.get("addr")
    return None


def sniff(head: bytes, name: str) -> bool:
    """Nmap XML (``-oX``): root ``<nmaprun>``."""
    return xml_root(head) == "nmaprun"


IMPORTER = Importer(
    format=ReportFormat.NMAP_XML,
    family=TOOL,
    display="Nmap (XML)",
    extensions=(".xml",),
    content=Content.XML,
    sniff=sniff,
    parse=parse,
)
