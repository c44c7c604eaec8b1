"""Use cases on the project file itself: validate, schema, init, record a review."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from medsec.domain.checklist import ItemId
from medsec.domain.errors import InputError, UsageError
from medsec.domain.model import Project
from medsec.domain.paths import PROJECT_FILE
from medsec.engines.threats.digest import architecture_digest
from medsec.project.atomic import write_atomic
from medsec.project.loader import load_project, project_file
from medsec.project.scaffold import scaffold
from medsec.project.schema import ProjectModel
from medsec.project.yamlfile import load_yaml, round_trip_yaml


def validate(root: Path) -> Project:
    """Load and validate the project; a problem raises InputError located in the file."""
    return load_project(root)


def json_schema() -> str:
    """The JSON Schema of medsec.yaml, stable text for editors and CI."""
    schema = ProjectModel.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"medsec project ({PROJECT_FILE}, format medsec/1)"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def init(folder: Path, *, name: str, force: bool = False) -> Path:
    """Write a commented medsec.yaml to start from; never overwrite one unless ``force``."""
    target = folder / PROJECT_FILE
    if target.exists() and not force:
        raise UsageError(f"{target} already exists (use --force to overwrite)")
    write_atomic(target, scaffold(name))
    return target


@dataclass(frozen=True)
class ReviewOptions:
    """Who signed off which checklist item, and when."""

    root: Path
    item: str
    by: str
    today: date


def record_review(options: ReviewOptions) -> str:
    """Append a signed-off review with the current architecture digest to ``medsec.yaml``."""
    if options.item not in {i.value for i in ItemId}:
        raise UsageError(f"unknown checklist item '{options.item}'")
    project = load_project(options.root)  # validates everything first
    path = project_file(options.root)
    display = str(path)
    data = load_yaml(path, display, round_trip=True).data
    digest = architecture_digest(project)
    entry = CommentedMap(
        [
            ("item", options.item),
            ("date", options.today),
            ("by", options.by),
            ("architecture_digest", digest),
        ]
    )
    reviews = data.get("reviews")
    if reviews is None:
        data["reviews"] = CommentedSeq([entry])
    elif isinstance(reviews, list):
        reviews.append(entry)
    else:
        raise InputError.single(display, "reviews must be a list", field="reviews")
    stream = io.StringIO()
    round_trip_yaml().dump(data, stream)
    write_atomic(project_file(options.root), stream.getvalue())
    return digest
