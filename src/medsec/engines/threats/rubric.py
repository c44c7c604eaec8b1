"""Guided CVSS scoring after the MITRE "Rubric for Applying CVSS to Medical Devices".

The rubric is a set of yes/no/unknown decision flows, one per base metric; an "unknown" answer
always falls to the worse value. Answers are stored with the threat (``rubric:`` in
``threats.yaml``) and replayed: the same answers always give the same vector.
The CVSS 4.0 vector of the same answers is our own extension (the rubric is qualified for
CVSS 3.x only): the 3.1 vector the answers decide, carried into 4.0 by the threat engine's one
derivation (:func:`medsec.engines.threats.vectors.v4_from_v3`), so that both versions land in
one severity band wherever a 4.0 metric that 3.1 leaves open allows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from medsec.engines.threats.vectors import v4_from_v3

ANSWERS = ("yes", "no", "unknown")


@dataclass(frozen=True)
class Question:
    """One step of a rubric flow: each answer leads to another question or a metric value."""

    id: str
    metric: str
    text: str
    help: str
    # answer -> either another question id or a metric value ("=N")
    yes: str
    no: str
    unknown: str

    def follow(self, answer: str) -> str:
        """The next question id, or ``=X`` for metric value X."""
        return {"yes": self.yes, "no": self.no, "unknown": self.unknown}[answer]


QUESTIONS: dict[str, Question] = {
    q.id: q
    for q in (
        Question(
            "XAVN",
            "AV",
            "Is a network or communication protocol used to exploit it?",
            "Any protocol, wired or wireless (IP, BLE, USB, serial, proprietary RF).",
            yes="XAVT",
            no="XAVP",
            unknown="XAVT",
        ),
        Question(
            "XAVT",
            "AV",
            "Is the protocol routable (OSI layer 3/4: IP, TCP, UDP)?",
            "Routable counts as Network even on a hospital LAN.",
            yes="=N",
            no="XAVW",
            unknown="=N",
        ),
        Question(
            "XAVW",
            "AV",
            "Is the communication wireless?",
            "BLE, Wi-Fi without IP, NFC, inductive telemetry, proprietary RF.",
            yes="XAVR",
            no="=L",
            unknown="XAVR",
        ),
        Question(
            "XAVR",
            "AV",
            "Is the wireless range limited to about 10 ft (3 m) or less?",
            "NFC and inductive telemetry count as Local, not Adjacent.",
            yes="=L",
            no="=A",
            unknown="=A",
        ),
        Question(
            "XAVP",
            "AV",
            "Must the attacker physically touch the device?",
            "Opening the case, probing a debug header, plugging in media.",
            yes="=P",
            no="=L",
            unknown="=L",
        ),
        Question(
            "XACL",
            "AC",
            "Can the attacker try the exploit at will, without special conditions, device states "
            "or chained weaknesses?",
            "A condition tied to device state (only in service mode) makes the complexity High.",
            yes="=L",
            no="=H",
            unknown="=L",
        ),
        Question(
            "XPRL",
            "PR",
            "Does the device have a multi-user or role-based authorisation model?",
            "Without a role model PR is None, even though an operator exists.",
            yes="XPRZ",
            no="=N",
            unknown="=N",
        ),
        Question(
            "XPRZ",
            "PR",
            "Must the attacker already be authorised to exploit it?",
            "",
            yes="XPRS",
            no="=N",
            unknown="=N",
        ),
        Question(
            "XPRS",
            "PR",
            "Is administrator, maintainer or system privilege required?",
            "",
            yes="=H",
            no="=L",
            unknown="=L",
        ),
        Question(
            "XUI",
            "UI",
            "Must a victim (clinician or patient) take an action for it to succeed?",
            "Opening a file, accepting a pairing request, following a link.",
            yes="=R",
            no="=N",
            unknown="=N",
        ),
        Question(
            "XS",
            "S",
            "Can it affect a component under a different authority (gateway → device, device → "
            "patient-connected subsystem)?",
            "",
            yes="=C",
            no="=U",
            unknown="=C",
        ),
        Question(
            "XC",
            "C",
            "Can the attacker read protected information (PHI/PII, diagnostic data, keys or "
            "passwords)?",
            "",
            yes="XCPM",
            no="=N",
            unknown="XCPM",
        ),
        Question(
            "XCPM",
            "C",
            "Are records of 500 or more patients, or system secrets (keys, passwords), exposed?",
            "500 patients is the breach-notification scale the rubric uses.",
            yes="=H",
            no="=L",
            unknown="=H",
        ),
        Question(
            "XI",
            "I",
            "Can the attacker alter data or commands that drive therapy, diagnosis or monitoring?",
            "",
            yes="=H",
            no="XIL",
            unknown="=H",
        ),
        Question(
            "XIL",
            "I",
            "Can the attacker alter other data or configuration?",
            "",
            yes="=L",
            no="=N",
            unknown="=L",
        ),
        Question(
            "XA",
            "A",
            "Can the attacker stop or delay therapy delivery, diagnosis, monitoring or alarms?",
            "",
            yes="=H",
            no="XAL",
            unknown="=H",
        ),
        Question(
            "XAL",
            "A",
            "Can the attacker degrade other functions (clinical workflow, logging)?",
            "",
            yes="=L",
            no="=N",
            unknown="=L",
        ),
    )
}
START = {
    "AV": "XAVN",
    "AC": "XACL",
    "PR": "XPRL",
    "UI": "XUI",
    "S": "XS",
    "C": "XC",
    "I": "XI",
    "A": "XA",
}
METRIC_ORDER = ("AV", "AC", "PR", "UI", "S", "C", "I", "A")


class RubricError(ValueError):
    """Answers that do not fit the rubric (unknown question id or answer)."""


def _walk(metric: str, answers: Mapping[str, str]) -> str | Question:
    """Follow one metric's decision flow: its value, or the next unanswered question."""
    current = START[metric]
    while True:
        question = QUESTIONS[current]
        answer = answers.get(current)
        if answer is None:
            return question
        if answer not in ANSWERS:
            raise RubricError(f"{current}: answer must be yes, no or unknown, not {answer!r}")
        step = question.follow(answer)
        if step.startswith("="):
            return step[1:]
        current = step


def validate(answers: Mapping[str, str]) -> None:
    """Refuse unknown question ids and answers other than yes, no and unknown."""
    for qid, answer in answers.items():
        if qid not in QUESTIONS:
            raise RubricError(f"unknown rubric question '{qid}'")
        if answer not in ANSWERS:
            raise RubricError(f"{qid}: answer must be yes, no or unknown, not {answer!r}")


def next_question(answers: Mapping[str, str]) -> Question | None:
    """The first unanswered question on the path of the answers, ``None`` when complete."""
    validate(answers)
    for metric in METRIC_ORDER:
        step = _walk(metric, answers)
        if isinstance(step, Question):
            return step
    return None


def values(answers: Mapping[str, str]) -> dict[str, str]:
    """Metric values decided by complete answers."""
    validate(answers)
    out: dict[str, str] = {}
    for metric in METRIC_ORDER:
        step = _walk(metric, answers)
        if isinstance(step, Question):
            raise RubricError(f"rubric incomplete: question {step.id} ({metric}) not answered")
        out[metric] = step
    return out


def vector_v3_1(answers: Mapping[str, str]) -> str:
    """The CVSS 3.1 base vector the rubric's answers decide; incomplete answers raise."""
    v = values(answers)
    return "CVSS:3.1/" + "/".join(f"{m}:{v[m]}" for m in METRIC_ORDER)


def vector_v4_0(answers: Mapping[str, str]) -> str:
    """Our extension: the same judgement in CVSS 4.0 (the 3.1 vector, translated by the one
    derivation: in the 3.1 vector's severity band where the metrics 3.1 leaves open allow)."""
    return v4_from_v3(vector_v3_1(answers))[0]
