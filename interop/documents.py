"""Flat, validated inputs of the exchange documents (CDA FRCP and PPS).

The builders in `interop.cda` read only these: no model, no query, no settings. The adapters
(`interop.adapters`) fill them from the app's records. Construction checks what the volets
require, so a document that cannot be conformant is refused before any XML is written.
Pure module: no Django import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from interop import codes
from interop.codes import Code

OID_RE = re.compile(r"^[0-2](\.(0|[1-9]\d*))+$")
# Free text is bounded: the fiche's own fields are, and an export never carries a novel.
MAX_TEXT = 4000
MAX_LABEL = 300


class DocumentError(ValueError):
    """The data cannot make a conformant document; the message says which field."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise DocumentError(message)


def _oid(value: str, what: str) -> None:
    _require(bool(OID_RE.match(value or "")), f"{what}: OID invalide ({value!r}).")


def _text(value: str, what: str, *, limit: int = MAX_TEXT, required: bool = False) -> None:
    _require(isinstance(value, str), f"{what}: texte attendu.")
    _require(len(value) <= limit, f"{what}: {limit} caractères au plus.")
    if required:
        _require(bool(value.strip()), f"{what}: obligatoire.")


def _aware(value: datetime, what: str) -> None:
    _require(
        isinstance(value, datetime) and value.utcoffset() is not None,
        f"{what}: date et heure avec fuseau attendues.",
    )


@dataclass(frozen=True)
class Identifier:
    root: str
    extension: str = ""

    def __post_init__(self):
        _oid(self.root, "identifiant")
        _text(self.extension, "extension d'identifiant", limit=64)


@dataclass(frozen=True)
class Address:
    street: str = ""
    postal_code: str = ""
    city: str = ""

    def __post_init__(self):
        for name in ("street", "postal_code", "city"):
            _text(getattr(self, name), f"adresse ({name})", limit=200)

    @property
    def is_empty(self) -> bool:
        return not (self.street or self.postal_code or self.city)


@dataclass(frozen=True)
class Organisation:
    name: str
    identifier: Identifier
    address: Address = field(default_factory=Address)
    phone: str = ""

    def __post_init__(self):
        _text(self.name, "nom de l'organisation", limit=200, required=True)


@dataclass(frozen=True)
class Professional:
    """A physician as the header shows them. `identifier` is local when no RPPS is known."""

    family: str
    given: str
    identifier: Identifier | None
    specialty: Code | None = None
    organisation: Organisation | None = None
    role: str = ""  # free-text function ("Médecin coordonnateur de la RCP")
    title: str = ""  # "DR" for a physician known by first and last name; "" when the stored
    # name already says it ("Dr Martin") or for other professions

    def __post_init__(self):
        _text(self.family, "nom du professionnel", limit=150, required=True)
        _text(self.given, "prénom du professionnel", limit=150)
        _text(self.role, "fonction du professionnel", limit=150)
        _text(self.title, "titre du professionnel", limit=10)

    @property
    def display_name(self) -> str:
        return f"{self.given} {self.family}".strip()


@dataclass(frozen=True)
class BoardMember:
    professional: Professional
    in_quorum: bool


@dataclass(frozen=True)
class PatientIdentity:
    """The patient: INS only when the identity is qualified, else the centre's IPP only."""

    family: str
    given: str
    sex: str  # "F", "M" or "I" (undetermined)
    birth_date: date
    ipp: Identifier
    ins: Identifier | None = None
    ins_qualified: bool = False

    def __post_init__(self):
        _text(self.family, "nom de naissance", limit=100, required=True)
        _text(self.given, "prénoms", limit=150, required=True)
        _require(self.sex in ("F", "M", "I"), "sexe : F, M ou I.")
        _require(isinstance(self.birth_date, date), "date de naissance obligatoire.")
        _require(bool(self.ipp.extension), "IPP obligatoire.")

    @property
    def identifiers(self) -> list[Identifier]:
        """INS first when qualified (the DMP reads it), then the local IPP."""
        if self.ins is not None and self.ins_qualified and self.ins.extension:
            return [self.ins, self.ipp]
        return [self.ipp]


@dataclass(frozen=True)
class TumourDiagnosis:
    topography: Code  # ICD-10 C34.x (JDV_Tumeur_CISIS)
    morphology: Code | None  # ICD-O-3 8240/3 or 8249/3; None when histology is undetermined
    morphology_text: str  # what the fiche says ("Carcinoïde typique (CT)", "Indéterminé")
    t: str = ""
    n: str = ""
    m: str = ""
    tnm_edition: str = "8"
    diagnosis_date: date | None = None
    comment: str = ""

    def __post_init__(self):
        _require(self.topography.code in codes.TOPOGRAPHY, "topographie : CIM-10 C34.x attendue.")
        _text(self.morphology_text, "histologie", limit=MAX_LABEL, required=True)
        _text(self.comment, "commentaire sur la tumeur")
        for name in ("t", "n", "m"):
            _text(getattr(self, name), f"TNM ({name})", limit=8)


@dataclass(frozen=True)
class ProposedTreatment:
    """One line of the board's proposal: a value-set type and the precise treatment in text."""

    type: Code  # JDV_TypeTraitement_FRCP_CISIS
    label: str  # the precise treatment ("RIV Lutathera® (177Lu-DOTATATE)")
    detail: str = ""  # regulatory frame and rule ("CPC — référentiel §4.3")
    intention: int = 1  # 1 first intention, 2 alternative …
    sequence: int = 1

    def __post_init__(self):
        _text(self.label, "traitement proposé", limit=MAX_LABEL, required=True)
        _text(self.detail, "précision sur le traitement", limit=MAX_TEXT)
        _require(self.intention >= 1 and self.sequence >= 1, "numéros d'intention ≥ 1.")


QUORUM_STATES = tuple(codes.QUORUM)
CASE_STATES = tuple(codes.CASE_STATUS)
PHASES = (*codes.CANCER_PHASE, "")  # "": the phase is not known (the entry says so)


@dataclass(frozen=True)
class EncounterIds:
    """The RCP's identifiers in the encompassing encounter: the volet wants at least three."""

    network: Identifier  # regional cancer network (RRC)
    manager: Identifier  # RCP manager (3C)
    board: Identifier  # the RCP in the national directory
    session: Identifier | None = None
    local_board: Identifier | None = None


@dataclass(frozen=True)
class FrcpDocument:
    """The fiche RCP (avis) of one case discussed at one session, one version of it."""

    document_id: Identifier
    set_id: Identifier
    version: int
    created_at: datetime
    title: str
    patient: PatientIdentity
    author: Professional
    authored_at: datetime
    legal_authenticator: Professional  # the coordinator who validated the fiche
    authenticated_at: datetime
    custodian: Organisation
    facility: Organisation  # where the RCP is organised
    encounter_ids: EncounterIds
    board_name: str
    session_start: datetime
    members: tuple[BoardMember, ...]
    requester: Professional | None
    reason: str  # motif de présentation
    phase: str  # "initial" | "relapse"
    case_status: str  # "discussed" | "registered"
    question: str
    summary: str
    diagnosis: TumourDiagnosis
    quorum: str  # "reached" | "not_reached" | "unknown"
    dossier_complete: bool
    proposals: tuple[ProposedTreatment, ...]
    proposal_text: str  # the board's opinion as written on the fiche
    guideline_name: str
    guideline_date: date | None
    guideline_concordant: bool | None  # None: no proposal (e.g. no quorum, to be re-presented)
    framework_comment: str = ""  # hors référentiel / CPC justification
    trial_proposed: bool = False
    trial_id: str = ""
    status: str = "done"  # JDV_StatutDoc: "done" once validated, "in_progress" for a draft
    comment: str = ""

    def __post_init__(self):
        _require(isinstance(self.version, int) and self.version >= 1, "version ≥ 1.")
        for name in ("created_at", "authored_at", "authenticated_at", "session_start"):
            _aware(getattr(self, name), name)
        _text(self.title, "titre", limit=MAX_LABEL, required=True)
        _text(self.board_name, "nom de la RCP", limit=200, required=True)
        _require(self.phase in PHASES, f"phase : {', '.join(PHASES)}.")
        _require(self.case_status in CASE_STATES, f"statut du cas : {', '.join(CASE_STATES)}.")
        _require(self.quorum in QUORUM_STATES, f"quorum : {', '.join(QUORUM_STATES)}.")
        _require(self.status in codes.DOCUMENT_STATUS, "statut du document inconnu.")
        for name in ("reason", "question", "summary", "proposal_text", "framework_comment"):
            _text(getattr(self, name), name)
        _text(self.guideline_name, "référentiel", limit=MAX_LABEL)
        _text(self.trial_id, "essai", limit=64)
        _text(self.comment, "commentaire")
        _require(
            self.quorum == "reached" or not self.proposals,
            "sans quorum, la RCP ne formule pas de proposition : le dossier est représenté.",
        )


@dataclass(frozen=True)
class PlannedCare:
    """One line of the PPS calendar: a treatment or a follow-up, with its planned dates."""

    kind: str  # "treatment" | "follow_up"
    type: Code  # JDV_TypeTraitementPPS_CISIS or JDV_TypeDeSuivi_CISIS
    label: str
    start: date | None = None
    end: date | None = None
    performer: str = ""  # who carries it out (free text: service, physician)
    comment: str = ""

    def __post_init__(self):
        _require(self.kind in ("treatment", "follow_up"), "type de soin : treatment ou follow_up.")
        _text(self.label, "soin prévu", limit=MAX_LABEL, required=True)
        _text(self.performer, "réalisé par", limit=200)
        _text(self.comment, "commentaire du soin")
        if self.start and self.end:
            _require(self.end >= self.start, "la fin précède le début.")


@dataclass(frozen=True)
class PpsDocument:
    """The PPS handed to the patient after the board's decision, one version of it."""

    document_id: Identifier
    set_id: Identifier
    version: int
    created_at: datetime
    title: str
    patient: PatientIdentity
    author: Professional
    authored_at: datetime
    legal_authenticator: Professional
    authenticated_at: datetime
    custodian: Organisation
    facility: Organisation
    board_date: date
    diagnosis: TumourDiagnosis
    phase: str
    care: tuple[PlannedCare, ...]
    contact: str  # whom to call (side effects, questions)
    supportive_care: str = ""
    patient_information: str = ""
    handed_on: date | None = None
    comment: str = ""
    status: str = "done"  # JDV_StatutDoc: "done" once issued, "in_progress" for a draft

    def __post_init__(self):
        _require(isinstance(self.version, int) and self.version >= 1, "version ≥ 1.")
        _require(self.status in codes.DOCUMENT_STATUS, "statut du document inconnu.")
        for name in ("created_at", "authored_at", "authenticated_at"):
            _aware(getattr(self, name), name)
        _text(self.title, "titre", limit=MAX_LABEL, required=True)
        _require(self.phase in PHASES, f"phase : {', '.join(PHASES)}.")
        _require(bool(self.care), "le PPS comporte au moins un soin ou un suivi.")
        _text(self.contact, "contact", required=True)
        _text(self.supportive_care, "soins de support")
        _text(self.patient_information, "information pour le patient")
        _text(self.comment, "commentaire")
