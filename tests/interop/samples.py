"""Fictional exchange documents for the four demo decisions and a PPS (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from interop import codes
from interop.documents import (
    Address,
    BoardMember,
    EncounterIds,
    FrcpDocument,
    Identifier,
    Organisation,
    PatientIdentity,
    PlannedCare,
    PpsDocument,
    Professional,
    ProposedTreatment,
    TumourDiagnosis,
)

ORG = "1.2.250.1.999.1"
WHEN = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)

CENTRE = Organisation(
    name="Hôpital fictif de Lyon",
    identifier=Identifier(codes.FINESS_OID, "1690000001"),
    address=Address("1 rue de l'Exemple", "69000", "Lyon"),
)


def doctor(family, given, specialty, pk):
    return Professional(
        family=family,
        given=given,
        identifier=Identifier(f"{ORG}.3", str(pk)),
        specialty=codes.specialty(specialty),
        organisation=CENTRE,
        title="DR",
    )


COORDINATOR = replace(
    doctor("Martin", "Claire", "medical_oncology", 1), role="Médecin coordonnateur de la RCP"
)
MEMBERS = (
    BoardMember(COORDINATOR, True),
    BoardMember(doctor("Bernard", "Paul", "thoracic_surgery", 2), True),
    BoardMember(doctor("Petit", "Anne", "nuclear_medicine", 3), True),
    BoardMember(doctor("Moreau", "Luc", "pathology", 4), False),
)
PATIENT = PatientIdentity(
    family="Fictif",
    given="Jeanne Marie",
    sex="F",
    birth_date=date(1960, 5, 4),
    ipp=Identifier(f"{ORG}.2.1", "IPP-0001"),
    ins=Identifier("1.2.250.1.213.1.4.10", "260052A123456"),
    ins_qualified=False,
)
TYPICAL = TumourDiagnosis(
    topography=codes.topography("C34.1"),
    morphology=codes.MORPHOLOGY["typical"],
    morphology_text="Carcinoïde typique (CT)",
    t="T1b",
    n="N0",
    m="M0",
    diagnosis_date=date(2026, 9, 1),
)
ATYPICAL_M1 = replace(
    TYPICAL,
    topography=codes.topography("C34.9"),
    morphology=codes.MORPHOLOGY["atypical"],
    morphology_text="Carcinoïde atypique (CA)",
    t="T2a",
    n="N1",
    m="M1b",
)


def frcp(**changes) -> FrcpDocument:
    base = FrcpDocument(
        document_id=Identifier(f"{ORG}.10.1.1"),
        set_id=Identifier(f"{ORG}.10.1"),
        version=1,
        created_at=WHEN,
        title="Fiche RCP — RCP RENATEN fictive",
        patient=PATIENT,
        author=COORDINATOR,
        authored_at=WHEN,
        legal_authenticator=COORDINATOR,
        authenticated_at=WHEN,
        custodian=CENTRE,
        facility=CENTRE,
        encounter_ids=EncounterIds(
            network=Identifier(codes.RRC_ROOT, "9999"),
            manager=Identifier(codes.RCP_MANAGER_ROOT, "999901"),
            board=Identifier(codes.RCP_ROOT, "99990001"),
            session=Identifier(f"{ORG}.5", "12"),
            local_board=Identifier(f"{ORG}.4", "3"),
        ),
        board_name="RCP RENATEN fictive",
        session_start=WHEN,
        members=MEMBERS,
        requester=doctor("Durand", "Marc", "pulmonology", 9),
        reason="Nouveau diagnostic",
        phase="initial",
        case_status="discussed",
        question="Quelle prise en charge après exérèse ?",
        summary="Patiente fictive, nodule lobaire supérieur droit.",
        diagnosis=TYPICAL,
        quorum="reached",
        dossier_complete=True,
        proposals=(
            ProposedTreatment(
                type=codes.SURGERY, label="Lobectomie avec curage médiastinal", detail="R-1.2"
            ),
        ),
        proposal_text="Lobectomie avec curage médiastinal, conforme au référentiel.",
        guideline_name="Référentiel RENATEN carcinoïdes bronchiques (fictif)",
        guideline_date=date(2024, 1, 1),
        guideline_concordant=True,
    )
    return replace(base, **changes)


CONCORDANT = frcp()
HORS_REFERENTIEL = frcp(
    proposals=(
        ProposedTreatment(
            type=codes.OTHER_TREATMENT,
            label="Radiothérapie stéréotaxique du primitif",
            detail="hors référentiel — à discuter en RCP",
        ),
    ),
    proposal_text="Hors référentiel : radiothérapie stéréotaxique, chirurgie récusée.",
    guideline_concordant=False,
    framework_comment="Le référentiel ne prévoit pas cette situation.",
)
CPC_LUTATHERA = frcp(
    diagnosis=ATYPICAL_M1,
    phase="relapse",
    proposals=(
        ProposedTreatment(
            type=codes.treatment_type("prrt_lutathera"),
            label="RIV Lutathera® (177Lu-DOTATATE)",
            detail="Cadre de prescription compassionnelle (CPC)",
        ),
        ProposedTreatment(
            type=codes.treatment_type("everolimus"),
            label="Évérolimus (Afinitor®)",
            intention=2,
        ),
    ),
    proposal_text="RIV Lutathera® dans le cadre d'un CPC ; à défaut évérolimus.",
    framework_comment="Lutathera® : CPC, protocole de suivi.",
)
NO_QUORUM = frcp(
    quorum="not_reached",
    proposals=(),
    proposal_text="Quorum non atteint : dossier représenté à la prochaine séance.",
    guideline_concordant=None,
    members=MEMBERS[:1] + MEMBERS[3:],
)
DECISIONS = {
    "concordant": CONCORDANT,
    "hors_referentiel": HORS_REFERENTIEL,
    "cpc_lutathera": CPC_LUTATHERA,
    "no_quorum": NO_QUORUM,
}

PPS = PpsDocument(
    document_id=Identifier(f"{ORG}.11.1.1"),
    set_id=Identifier(f"{ORG}.11.1"),
    version=1,
    created_at=WHEN,
    title="Programme personnalisé de soins",
    patient=replace(
        PATIENT, ins_qualified=True, ins=Identifier("1.2.250.1.213.1.4.10", "260052012345629")
    ),
    author=COORDINATOR,
    authored_at=WHEN,
    legal_authenticator=COORDINATOR,
    authenticated_at=WHEN,
    custodian=CENTRE,
    facility=CENTRE,
    board_date=date(2026, 11, 20),
    diagnosis=TYPICAL,
    phase="initial",
    care=(
        PlannedCare(
            kind="treatment",
            type=codes.pps_treatment_type("lobectomy_mediastinal_dissection"),
            label="Lobectomie avec curage médiastinal",
            start=date(2026, 12, 10),
            performer="Chirurgie thoracique",
        ),
        PlannedCare(
            kind="follow_up",
            type=codes.FOLLOW_UP_KIND["imaging"],
            label="Scanner thoracique à 6 mois",
            start=date(2027, 6, 1),
        ),
    ),
    contact="Secrétariat de l'équipe référente (numéro fictif)",
)


def case_record(review=True):
    from decimal import Decimal

    from interop.fhir import (
        BoardReviewData,
        CaseRecord,
        ImagingResult,
        ProposalData,
        TreatmentLineData,
    )

    return CaseRecord(
        case_id=7,
        patient=PATIENT,
        diagnosis=ATYPICAL_M1,
        local_system=f"urn:oid:{ORG}.20",
        ki67_percent=Decimal("4.5"),
        mitoses_per_2mm2=Decimal("3"),
        imaging=(
            ImagingResult(
                "sstr_imaging",
                "Imagerie des récepteurs de la somatostatine",
                "positive",
                "Positive (fixante)",
                date(2026, 10, 1),
            ),
        ),
        treatment_lines=(
            TreatmentLineData(
                "lobectomy_mediastinal_dissection",
                "Lobectomie avec curage médiastinal",
                date(2024, 3, 1),
                date(2024, 3, 1),
            ),
            TreatmentLineData("ssa_antitumour", "ASM à visée antitumorale", date(2025, 1, 10)),
        ),
        review=BoardReviewData(
            board_name="RCP RENATEN fictive",
            held_at=WHEN,
            quorum_reached=True,
            outcome_label="Proposition thérapeutique",
            proposals=(
                ProposalData("prrt_lutathera", "RIV Lutathera® (177Lu-DOTATATE)", "CPC"),
                ProposalData("everolimus", "Évérolimus (Afinitor®)", "AMM"),
            ),
            proposal_text="RIV Lutathera® dans le cadre d'un CPC.",
            concordance_label="Conforme au référentiel",
            validated=True,
            fiche_version=1,
        )
        if review
        else None,
    )
