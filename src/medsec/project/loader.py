"""Load ``medsec.yaml`` into a cross-checked :class:`~medsec.domain.model.Project`."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import ValidationError

from medsec.domain.errors import InputError
from medsec.domain.model import (
    ActivityRecord,
    Audit,
    Backup,
    Boundary,
    Control,
    DataItem,
    Device,
    Element,
    Flow,
    Hazard,
    Interface,
    MalwareProtection,
    OperatingSystem,
    Party,
    Pentest,
    Policy,
    Project,
    Review,
    Session,
    Update,
    UseCase,
)
from medsec.domain.paths import PROJECT_FILE, REFERENCED_DIRS
from medsec.domain.pentest import PentestTarget
from medsec.engines.privacy.regions import canonical
from medsec.project import project_cache
from medsec.project.atomic import recover
from medsec.project.containment import outside_paths
from medsec.project.privacy_refs import region_problems
from medsec.project.references import check_references
from medsec.project.schema import (
    DeviceModel,
    ElementModel,
    LegalBasis,
    PolicyModel,
    ProjectModel,
)
from medsec.project.validation import diagnostics_from
from medsec.project.yamlfile import LineMap, YamlDocument, line_of, parse_yaml, read_bytes
from medsec.untrusted.depth import check_depth

_T = TypeVar("_T")
CacheUse = Literal["off", "read", "keep"]  # the parse cache of medsec.yaml: see load_model


def project_file(root: Path) -> Path:
    """``root`` may be the project folder or the ``medsec.yaml`` file itself."""
    return root if root.is_file() else root / PROJECT_FILE


def load_model(root: Path, *, cache: CacheUse = "off") -> tuple[ProjectModel, LineMap, str]:
    """Parse and validate ``medsec.yaml``; every problem is reported at once.

    ``cache``: ``read`` takes the data from the parse cache beside the file when it was made
    from exactly these bytes (:mod:`medsec.project.project_cache`); ``keep`` also writes that
    cache after a parse. Validation and the cross-checks run either way.
    """
    path = project_file(root)
    display = str(path)
    if not path.exists():
        raise InputError.single(
            display,
            f"no {PROJECT_FILE} here",
            hint=f"run 'medsec init {root}' to create a project, or pass the project folder",
        )
    recover(path.parent)  # finish a multi-file write a killed run left half-way
    raw = read_bytes(path, display)
    check_depth(raw, source=display)  # before libyaml: 30,000 '[' would overflow its C stack
    cached = project_cache.read(path, raw, display) if cache != "off" else None
    if cached is not None:
        with contextlib.suppress(InputError):  # a problem: reported from the file's own parse
            return _validated(cached, display, path)
    doc = parse_yaml(raw, display)
    found = _validated(doc, display, path)
    if cache == "keep":
        project_cache.write(path, raw, doc)
    return found


def _validated(doc: YamlDocument, display: str, path: Path) -> tuple[ProjectModel, LineMap, str]:
    """The validated model of a parsed ``medsec.yaml``, cross-checked; else an InputError."""
    if not isinstance(doc.data, dict):
        raise InputError.single(
            display,
            "the file must be a YAML mapping (key: value)",
            line=1,
            hint="start from 'medsec init'",
        )
    fmt = doc.data.get("format")
    if fmt is not None and fmt != "medsec/1":
        raise InputError.single(
            display,
            f"unsupported format {fmt!r}",
            line=line_of(doc.lines, ("format",)),
            field="format",
            hint="this medsec reads 'medsec/1'",
        )
    try:
        model = ProjectModel.model_validate(doc.data)  # plain containers already (fast load)
    except ValidationError as exc:
        raise InputError(
            diagnostics_from(exc, doc.lines, display, ProjectModel, doc.data)
        ) from None
    problems = check_references(model, doc.lines, display)
    problems += region_problems(model, doc.lines, display)
    problems += outside_paths(model, doc.lines, display, path.parent)
    if problems:
        raise InputError(problems)
    return model, doc.lines, display


def load_project(root: Path, *, cache: CacheUse = "off") -> Project:
    """Load, validate and cross-check ``medsec.yaml``: the domain project, or an error.

    ``cache`` as for :func:`load_model` (``medsec threats`` keeps one beside its register).
    """
    model, data, _ = load_model(root, cache=cache)
    base = project_file(root).parent
    return to_domain(model, data, base)


def _line(lines: LineMap, *loc: str | int) -> int | None:
    """The line of a field path (varargs shorthand of ``line_of``)."""
    return line_of(lines, loc)


def _update(e: ElementModel) -> tuple[Update | None, bool | None]:
    """The element's update mechanism, and whether it is updatable (None: unknown)."""
    if e.update is None:
        return None, None
    channel = e.update.channel
    signed, rollback, atomic = e.update.signed, e.update.rollback_protection, e.update.atomic
    if channel == "none":
        return Update(signed, rollback, None, atomic), False
    return Update(signed, rollback, channel, atomic), True


def _policy(p: PolicyModel) -> Policy:
    """The domain policy: deadlines by severity in fixed order, risk matrix as tuples."""
    order = ("critical", "high", "medium", "low")
    return Policy(
        risk_acceptance=p.risk_acceptance,
        review_interval_days=p.review_interval_days,
        pentest_interval_days=p.pentest_interval_days,
        cve_scan_interval_days=p.cve_scan_interval_days,
        data_max_age_days=p.data_max_age_days,
        triage_days=tuple((k, p.triage_days[k]) for k in order if k in p.triage_days),
        remediation_days=tuple(
            (k, p.remediation_days[k]) for k in order if k in p.remediation_days
        ),
        risk_matrix=tuple(
            (str(row), tuple((str(col), str(level.value)) for col, level in cols.items()))
            for row, cols in p.risk_matrix.items()
        ),
        gate=p.gate,
        placeholders=tuple(p.placeholders),
    )


def _files_below(base: Path) -> frozenset[str]:
    """Project-relative paths of every file in the folders a project refers into."""
    found: set[str] = set()
    for sub in REFERENCED_DIRS:
        folder = base / sub
        if folder.is_dir():
            found.update(p.relative_to(base).as_posix() for p in folder.rglob("*") if p.is_file())
    return frozenset(found)


def _referenced_files(model: ProjectModel, base: Path) -> frozenset[str]:
    """The files the project names (SBOMs, evidence, reports, DPIA) that exist."""
    refs: list[str] = []
    for e in model.elements:
        refs.extend(e.sbom)
    for a in model.activities:
        if a.evidence:
            refs.append(a.evidence)
    for p in model.pentests:
        refs.extend(p.reports)
    for extra in (model.gdpr.dpia, model.gdpr.dpia_screening):
        if extra:
            refs.append(extra)
    return frozenset(r for r in refs if (base / r).is_file())


def to_domain(model: ProjectModel, data: LineMap, base: Path) -> Project:
    """The domain project of a validated model; ``data`` gives each entry its line."""
    return Project(
        root=str(base),
        device=_device(model.device),
        boundaries=_boundaries(model, data),
        elements=_elements(model, data),
        flows=_flows(model, data),
        interfaces=_interfaces(model, data),
        data=_data_items(model, data),
        use_cases=_use_cases(model, data),
        controls=_controls(model, data),
        hazards=_hazards(model, data),
        policy=_policy(model.policy),
        activities=_activities(model, data),
        reviews=_reviews(model, data),
        pentests=_pentests(model, data),
        pentest_targets=_pentest_targets(model, data),
        hazard_links=_hazard_links(model),
        existing_files=_files_below(base) | _referenced_files(model, base),
        dpia=model.gdpr.dpia,
        policy_declared="policy" in model.model_fields_set,
        dpia_screening=model.gdpr.dpia_screening,
        parties=tuple(
            Party(
                x.id,
                x.name,
                x.kind,
                line=_line(data, "parties", i),
                role=x.role,
                transfer=x.transfer,
            )
            for i, x in enumerate(model.parties)
        ),
    )


def _device(d: DeviceModel) -> Device:
    """The domain device of the ``device`` section."""
    return Device(
        id=d.id,
        name=d.name,
        version=d.version,
        manufacturer=d.manufacturer,
        intended_use=d.intended_use,
        markets=tuple(d.markets),
        cyber_device=d.cyber_device,
        security_contact=d.security_contact,
        disclosure_policy=d.disclosure_policy,
        major_version_date=d.major_version_date,
    )


def _boundaries(model: ProjectModel, data: LineMap) -> tuple[Boundary, ...]:
    """The domain boundaries, each with its line."""
    return tuple(
        Boundary(
            b.id,
            b.name,
            b.kind,
            b.parent,
            line=_line(data, "boundaries", i),
            operated_by=b.operated_by,
            region=canonical(b.region) if b.region else None,
        )
        for i, b in enumerate(model.boundaries)
    )


def _elements(model: ProjectModel, data: LineMap) -> tuple[Element, ...]:
    """The domain elements, each with its line; a hosted element sits where its host sits."""
    boundaries = _host_boundaries(model.elements)
    return tuple(
        _element(e, boundaries.get(e.id), _line(data, "elements", i))
        for i, e in enumerate(model.elements)
    )


def _host_boundaries(elements: list[ElementModel]) -> dict[str, str | None]:
    """Each element's boundary: stated, or inherited up its (checked, acyclic) host chain."""
    by_id = {e.id: e for e in elements}
    out: dict[str, str | None] = {}
    for e in elements:
        current: ElementModel | None = e
        seen: set[str] = set()
        while current is not None and current.boundary is None and current.host is not None:
            seen.add(current.id)
            current = by_id.get(current.host) if current.host not in seen else None
        out[e.id] = current.boundary if current is not None else None
    return out


def _element(e: ElementModel, boundary: str | None, line: int | None) -> Element:
    """One domain element; ``update: {channel: none}`` means not updatable."""
    update, updatable = _update(e)
    return Element(
        id=e.id,
        name=e.name,
        type=e.type,
        boundary=boundary,
        function=e.function,
        safety_critical=e.safety_critical,
        patients=e.patients,
        sbom=tuple(e.sbom),
        software=e.software,
        credentials=e.credentials,
        secure_boot=e.secure_boot,
        update=update,
        updatable=updatable,
        stores=tuple(e.stores),
        encryption_at_rest=e.encryption_at_rest,
        security_logging=e.security_logging,
        stores_logs=e.stores_logs,
        internet_facing=e.internet_facing,
        object_level_authorization=e.object_level_authorization,
        parses_untrusted_input=e.parses_untrusted_input,
        description=e.description,
        line=line,
        host=e.host,
        power=e.power,
        actuator=e.actuator,
        hardware_only=e.hardware_only,
        operated_by=e.operated_by,
        cra_scope=e.cra_scope,
        region=canonical(e.region) if e.region else None,
        retention=e.retention,
        session=_session(e),
        audit=_audit(e),
        malware_protection=_malware_protection(e),
        operating_system=_operating_system(e),
        backup=_backup(e),
        emergency_access=e.emergency_access,
    )


def _tuple_or_none(values: list[_T] | None) -> tuple[_T, ...] | None:
    """A stated list as a tuple without repeats; ``None`` (unstated) stays ``None``."""
    return None if values is None else tuple(dict.fromkeys(values))


def _session(e: ElementModel) -> Session | None:
    """The element's session timeout as stated."""
    s = e.session
    return None if s is None else Session(s.auto_logoff_minutes, s.configurable)


def _malware_protection(e: ElementModel) -> MalwareProtection | None:
    """The element's malware protection as stated."""
    m = e.malware_protection
    if m is None:
        return None
    return MalwareProtection(
        m.hosts_executables, m.anti_malware, m.allow_listing, m.intrusion_detection
    )


def _audit(e: ElementModel) -> Audit | None:
    """The element's audit log as stated (events and export kept apart from "unstated")."""
    a = e.audit
    if a is None:
        return None
    return Audit(_tuple_or_none(a.events), _tuple_or_none(a.export), a.configurable)


def _operating_system(e: ElementModel) -> OperatingSystem | Literal["none"] | None:
    """The element's operating system, ``"none"`` (bare metal), or ``None`` (unstated)."""
    os_ = e.operating_system
    if os_ is None or os_ == "none":
        return os_
    return OperatingSystem(os_.name, os_.version, os_.supplier, os_.provided_by, os_.patched_by)


def _backup(e: ElementModel) -> Backup | None:
    """The element's backup, restore and factory reset as stated."""
    b = e.backup
    if b is None:
        return None
    return Backup(_tuple_or_none(b.targets), b.configuration, b.integrity_check, b.factory_reset)


def _flows(model: ProjectModel, data: LineMap) -> tuple[Flow, ...]:
    """The domain flows, each with its line."""
    return tuple(
        Flow(
            id=f.id,
            source=f.from_,
            target=f.to,
            protocol=f.protocol,
            carries=f.carries,
            data=tuple(f.data),
            authentication=f.authentication,
            encryption=f.encryption,
            replay_protection=f.replay_protection,
            certificate_validation=f.certificate_validation,
            name=f.name,
            line=_line(data, "flows", i),
            bidirectional=f.bidirectional,
            transport=f.transport,
            transfer=f.transfer,
        )
        for i, f in enumerate(model.flows)
    )


def _interfaces(model: ProjectModel, data: LineMap) -> tuple[Interface, ...]:
    """The domain interfaces, each with its line."""
    return tuple(
        Interface(
            id=x.id,
            element=x.element,
            kind=x.kind,
            protocol=x.protocol,
            port=x.port,
            exposure=x.exposure,
            authentication=x.authentication,
            encryption=x.encryption,
            production=x.production,
            needed_for=tuple(x.needed_for),
            always_on=x.always_on,
            name=x.name,
            line=_line(data, "interfaces", i),
            lockout=x.lockout,
        )
        for i, x in enumerate(model.interfaces)
    )


def _legal_basis(value: LegalBasis | list[LegalBasis] | None) -> tuple[str, ...]:
    """The legal bases of a data item as a tuple (one value or a list in the file)."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _data_items(model: ProjectModel, data: LineMap) -> tuple[DataItem, ...]:
    """The domain data items, each with its line."""
    return tuple(
        DataItem(
            id=x.id,
            name=x.name,
            category=x.category,
            subjects=x.subjects,
            purpose=x.purpose,
            legal_basis=_legal_basis(x.legal_basis),
            retention=x.retention,
            recipients=tuple(x.recipients),
            transfers=tuple(x.transfers),
            pseudonymised=x.pseudonymised,
            line=_line(data, "data", i),
            status=x.status,
            retired_on=x.retired_on,
            traits=tuple(dict.fromkeys(x.traits)),
        )
        for i, x in enumerate(model.data)
    )


def _use_cases(model: ProjectModel, data: LineMap) -> tuple[UseCase, ...]:
    """The domain use cases, each with its line."""
    return tuple(
        UseCase(
            u.id,
            u.name,
            tuple(u.needs_data),
            tuple(u.needs_interfaces),
            line=_line(data, "use_cases", i),
            rights=None if u.rights is None else tuple(dict.fromkeys(u.rights)),
            retention=u.retention,
        )
        for i, u in enumerate(model.use_cases)
    )


def _controls(model: ProjectModel, data: LineMap) -> tuple[Control, ...]:
    """The domain controls, each with its line; CVSS effects sorted."""
    return tuple(
        Control(
            id=x.id,
            name=x.name,
            category=x.category,
            applies_to=tuple(x.applies_to),
            requirement=x.requirement,
            verified_by=tuple(x.verified_by),
            status=x.status,
            mitigates=tuple(x.mitigates),
            effect=tuple(sorted(x.effect.items())),
            line=_line(data, "controls", i),
            superseded_by=x.superseded_by,
        )
        for i, x in enumerate(model.controls)
    )


def _hazards(model: ProjectModel, data: LineMap) -> tuple[Hazard, ...]:
    """The domain hazards, each with its line."""
    return tuple(
        Hazard(h.id, h.harm, h.severity, line=_line(data, "hazards", i))
        for i, h in enumerate(model.hazards)
    )


def _activities(model: ProjectModel, data: LineMap) -> tuple[ActivityRecord, ...]:
    """The domain activity records, each with its line."""
    return tuple(
        ActivityRecord(
            a.activity,
            a.evidence,
            a.date,
            a.by,
            line=_line(data, "activities", i),
            version=a.version,
            sha256=a.sha256.removeprefix("sha256:") if a.sha256 else None,
            shared=a.shared,
        )
        for i, a in enumerate(model.activities)
    )


def _reviews(model: ProjectModel, data: LineMap) -> tuple[Review, ...]:
    """The domain reviews, each with its line."""
    return tuple(
        Review(
            r.item,
            r.date,
            r.by,
            r.architecture_digest,
            line=_line(data, "reviews", i),
            model_digest=r.model_digest,
            register_digest=r.register_digest,
            sbom_digest=r.sbom_digest,
        )
        for i, r in enumerate(model.reviews)
    )


def _pentests(model: ProjectModel, data: LineMap) -> tuple[Pentest, ...]:
    """The domain pentests, each with its line."""
    return tuple(
        Pentest(
            id=p.id,
            tester=p.tester,
            date=p.date,
            independent=p.independent,
            independence_rationale=p.independence_rationale,
            scope=tuple(p.scope),
            reports=tuple(p.reports),
            device_version=p.device_version,
            open_findings=p.open_findings,
            line=_line(data, "pentests", i),
            tester_qualifications=tuple(p.tester_qualifications),
            start_date=p.start_date,
            duration_days=p.duration_days,
            methods=tuple(p.methods),
        )
        for i, p in enumerate(model.pentests)
    )


def _pentest_targets(model: ProjectModel, data: LineMap) -> tuple[PentestTarget, ...]:
    """The domain pentest targets, each with its line."""
    return tuple(
        PentestTarget(
            host=t.host,
            port=t.port,
            url=t.url,
            interface=t.interface,
            element=t.element,
            line=_line(data, "pentest_targets", i),
        )
        for i, t in enumerate(model.pentest_targets)
    )


def _hazard_links(model: ProjectModel) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Which elements and flows are linked to which hazards (elements first)."""
    links = [(e.id, tuple(e.hazards)) for e in model.elements if e.hazards]
    links += [(f.id, tuple(f.hazards)) for f in model.flows if f.hazards]
    return tuple(links)
