"""From the app's records to the exchange inputs (`interop.documents`, `interop.fhir`).

The only module of the app that reads models for the exports; the builders stay pure.
Identifiers come from the INTEROP_* settings (placeholders documented in renaten/settings.py).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from cases import choices
from cases.models import Case, Patient, TreatmentLine
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
from interop.fhir import (
    BoardReviewData,
    CaseRecord,
    ImagingResult,
    ProposalData,
    TreatmentLineData,
)


def org_oid(*suffix) -> str:
    return ".".join([settings.INTEROP_ORG_OID, *(str(s) for s in suffix)])


def local_code_system() -> str:
    """The app's own codes (contract option codes, Ki-67, imaging keys) in FHIR."""
    return f"urn:oid:{org_oid(20)}"


def centre_ipp_root(centre) -> str:
    mapping = settings.INTEROP_CENTRE_IPP_OIDS
    return mapping.get(centre.finess) or mapping.get(str(centre.pk)) or org_oid(2, centre.pk)


def centre_organisation(centre) -> Organisation:
    """A centre with its FINESS (ANS: root 1.2.250.1.71.4.2.2, extension "1" + FINESS)."""
    if centre.finess:
        identifier = Identifier(codes.FINESS_OID, f"1{centre.finess}")
    else:
        identifier = Identifier(org_oid(6), str(centre.pk))
    return Organisation(
        name=centre.name, identifier=identifier, address=Address(city=centre.city or "")
    )


def patient_identity(patient: Patient) -> PatientIdentity:
    """INS only with a qualified identity (kept even if not, but never exported as such)."""
    ins = Identifier(settings.INTEROP_INS_OID, patient.ins) if patient.ins else None
    return PatientIdentity(
        family=patient.family_name,
        given=patient.given_names,
        sex=patient.sex,
        birth_date=patient.birth_date,
        ipp=Identifier(centre_ipp_root(patient.centre), patient.ipp),
        ins=ins,
        ins_qualified=patient.ins_status == Patient.InsStatus.QUALIFIED,
    )


def tumour_diagnosis(case: Case) -> TumourDiagnosis:
    """ICD-10 C34.9: the case form does not record the lobe, so the site stays unspecified."""
    morphology = codes.MORPHOLOGY.get(case.histology)
    label = case.get_histology_display() if case.histology else "Histologie non renseignée"
    return TumourDiagnosis(
        topography=codes.topography(codes.TOPOGRAPHY_UNSPECIFIED),
        morphology=morphology,
        morphology_text=label,
        t=case.tnm_t,
        n=case.tnm_n,
        m=case.tnm_m,
    )


IMAGING_FIELDS = ("sstr_imaging", "fdg_pet")


def _treatment_line(line: TreatmentLine) -> TreatmentLineData:
    outcome = line.get_best_response_display()
    if line.reason_stopped:
        outcome = f"{outcome} ; arrêt : {line.get_reason_stopped_display()}"
    return TreatmentLineData(
        code=line.treatment,
        label=line.get_treatment_display(),
        start=line.start_date,
        end=line.end_date,
        outcome=outcome,
    )


def case_record(case: Case, review=None) -> CaseRecord:
    imaging = tuple(
        ImagingResult(
            key=name,
            label=str(Case._meta.get_field(name).verbose_name),
            result=getattr(case, name),
            result_label=dict(choices.Imaging.choices)[getattr(case, name)],
            on=getattr(case, f"{name}_date"),
        )
        for name in IMAGING_FIELDS
        if getattr(case, name) in (choices.Imaging.POSITIVE, choices.Imaging.NEGATIVE)
    )
    return CaseRecord(
        case_id=case.pk,
        patient=patient_identity(case.patient),
        diagnosis=tumour_diagnosis(case),
        local_system=local_code_system(),
        ki67_percent=case.ki67_percent,
        mitoses_per_2mm2=case.mitoses_per_2mm2,
        imaging=imaging,
        treatment_lines=tuple(_treatment_line(line) for line in case.treatment_lines.all()),
        review=review,
    )


# -- the fiche RCP and the PPS (decisions.documents.FicheData / PpsData) ----------------------

PHASE_BY_REASON = {
    # JDV_PhaseCancer has two values: initial phase, relapse. A progression is no longer the
    # initial phase; "other" says nothing, so the phase is left unknown.
    "new_diagnosis": "initial",
    "post_operative": "initial",
    "recurrence": "relapse",
    "progression": "relapse",
}


def _split_name(name: str) -> tuple[str, str]:
    """Names are stored whole ("Dr Claire Martin"): all of it goes in the family part."""
    return (name.strip() or "Non renseigné"), ""


def user_professional(user, fallback_name: str = "", role: str = "", organisation=None):
    """A user of the app as a professional: the local account id (no RPPS in the app)."""

    if user is None:
        family, given = _split_name(fallback_name)
        return Professional(family=family, given=given, identifier=None, role=role,
                            organisation=organisation)  # fmt: skip
    family = user.last_name or user.get_username()
    return Professional(
        family=family,
        given=user.first_name,
        identifier=Identifier(org_oid(3), str(user.pk)),
        specialty=None,
        organisation=organisation,
        role=role,
        title="DR",
    )


def _participant(entry, organisation):

    family, given = _split_name(entry.name)
    professional = Professional(
        family=family,
        given=given,
        identifier=None,
        specialty=codes.specialty(entry.specialty),
        organisation=organisation,
    )
    return BoardMember(professional, in_quorum=bool(entry.is_physician))


def _proposals(fiche) -> tuple:

    found = []
    for rank, option in enumerate(fiche.options, start=1):
        detail = " — ".join(
            part
            for part in (
                option.regulatory_label,
                option.level_label,
                f"règles {', '.join(option.rules)}" if option.rules else "",
            )
            if part
        )
        found.append(
            ProposedTreatment(
                type=codes.treatment_type(option.code),
                label=option.label[:300],
                detail=detail,
                intention=rank,
            )
        )
    if fiche.free_proposal.strip():
        found.append(
            ProposedTreatment(
                type=codes.OTHER_TREATMENT,
                label=fiche.free_proposal.strip()[:300],
                detail="Proposition libre de la RCP",
                intention=len(found) + 1,
            )
        )
    return tuple(found)


def _encounter_ids(fiche):

    return EncounterIds(
        network=Identifier(codes.RRC_ROOT, settings.INTEROP_RRC_ID),
        manager=Identifier(codes.RCP_MANAGER_ROOT, settings.INTEROP_RCP_MANAGER_ID),
        board=Identifier(codes.RCP_ROOT, settings.INTEROP_RCP_ID),
        session=Identifier(org_oid(5), str(fiche.session_id)),
    )


def _local(value):
    return timezone.localtime(value) if value is not None else None


def frcp_document(fiche, case: Case, *, validator=None):
    """The FRCP of a fiche (FicheData). Without quorum the board makes no proposal: the
    options noted stay in the narrative, the case is to be presented again."""

    centre = centre_organisation(case.centre)
    validated_at = _local(fiche.validated_at or fiche.recorded_at)
    coordinator = user_professional(
        validator, fiche.validated_by, "Médecin coordonnateur de la RCP", centre
    )
    quorum = "reached" if fiche.quorum_reached else "not_reached"
    proposals = _proposals(fiche) if fiche.outcome == "proposal" and fiche.quorum_reached else ()
    opinion = [fiche.outcome_label]
    if fiche.options or fiche.free_proposal:
        opinion.append(
            " ; ".join(
                [o.label for o in fiche.options]
                + ([fiche.free_proposal] if fiche.free_proposal else [])
            )
        )
    if fiche.to_represent:
        opinion.append("Dossier à représenter à une prochaine séance.")
    if fiche.deferral_reason_label:
        opinion.append(f"Motif du report : {fiche.deferral_reason_label}. {fiche.deferral_details}")
    concordant = {"in": True, "out": False}.get(fiche.concordance)
    set_root = org_oid(10, fiche.session_id, fiche.case_id)
    requester = None
    if fiche.referring_physician.strip():
        family, given = _split_name(fiche.referring_physician)
        requester = Professional(family=family, given=given, identifier=None)
    return FrcpDocument(
        document_id=Identifier(f"{set_root}.{fiche.version}"),
        set_id=Identifier(set_root),
        version=fiche.version,
        created_at=validated_at,
        title=f"Fiche RCP — {fiche.board_name}"[:300],
        patient=patient_identity(case.patient),
        author=coordinator,
        authored_at=validated_at,
        legal_authenticator=coordinator,
        authenticated_at=validated_at,
        custodian=centre,
        facility=centre,
        encounter_ids=_encounter_ids(fiche),
        board_name=fiche.board_name,
        session_start=_local(fiche.session_starts_at),
        members=tuple(_participant(p, None) for p in fiche.participants),
        requester=requester,
        reason=fiche.reason_label,
        phase=PHASE_BY_REASON.get(fiche.reason, ""),
        case_status="registered" if fiche.outcome == "not_discussed" else "discussed",
        question=fiche.question,
        summary=fiche.clinical_summary,
        diagnosis=tumour_diagnosis(case),
        quorum=quorum,
        dossier_complete=fiche.outcome != "deferred",
        proposals=proposals,
        proposal_text="\n".join(part for part in opinion if part)[:4000],
        guideline_name=f"{settings.INTEROP_GUIDELINE_NAME} ({fiche.referentiel})"[:300]
        if fiche.referentiel
        else settings.INTEROP_GUIDELINE_NAME,
        guideline_date=None,
        guideline_concordant=concordant if proposals else None,
        framework_comment=fiche.justification[:4000],
        trial_proposed=fiche.trial_proposed,
        trial_id=fiche.trial_nct,
        status="done" if fiche.is_validated else "in_progress",
        comment=(
            f"Version {fiche.version} corrigeant la version {fiche.supersedes_version} : "
            f"{fiche.correction_reason}"
            if fiche.supersedes_version
            else ""
        )[:4000],
    )


def pps_document(pps, case: Case, *, issuer=None):
    """The PPS (PpsData): the board's proposed treatments, then the calendar as follow-up."""

    centre = centre_organisation(case.centre)
    issued_at = _local(pps.issued_at) or _local(pps.session_starts_at)
    author = user_professional(issuer, pps.issued_by or pps.referent_physician, "", centre)
    care = []
    labels = list(pps.proposal)
    for index, code in enumerate(pps.option_codes):
        label = labels[index] if index < len(labels) else code
        care.append(
            PlannedCare(
                kind="treatment",
                type=codes.pps_treatment_type(code),
                label=label[:300],
                performer=pps.referent_physician[:200],
            )
        )
    if not care and pps.treatment_plan.strip():
        care.append(
            PlannedCare(
                kind="treatment",
                type=codes.OTHER_TREATMENT,
                label=pps.treatment_plan.strip()[:300],
                performer=pps.referent_physician[:200],
            )
        )
    for line in pps.calendar:
        care.append(
            PlannedCare(
                kind="follow_up",
                type=codes.FOLLOW_UP_KIND["other"],
                label=line.label[:300],
                start=line.date,
            )
        )
    set_root = org_oid(11, pps.case_id, pps.decision_id)
    contact = " — ".join(p for p in (pps.referent_physician, pps.secretariat_contact) if p)
    return PpsDocument(
        document_id=Identifier(f"{set_root}.{pps.version}"),
        set_id=Identifier(set_root),
        version=pps.version,
        created_at=issued_at,
        title="Programme personnalisé de soins"
        + ("" if pps.status == "issued" else " (projet, non émis)"),
        patient=patient_identity(case.patient),
        author=author,
        authored_at=issued_at,
        legal_authenticator=author,
        authenticated_at=issued_at,
        custodian=centre,
        facility=centre,
        board_date=_local(pps.session_starts_at).date(),
        diagnosis=tumour_diagnosis(case),
        phase=PHASE_BY_REASON.get(case.reason, ""),
        care=tuple(care),
        contact=contact[:4000] or "Équipe référente",
        supportive_care=pps.supportive_care[:4000],
        patient_information=pps.patient_text[:4000],
        handed_on=issued_at.date() if pps.issued_at else None,
        comment=pps.treatment_plan[:4000],
        status="done" if pps.status == "issued" else "in_progress",
    )


def review_data(fiche):
    """The fiche as the FHIR bundle's board review and proposal."""

    proposals = tuple(ProposalData(o.code, o.label, o.regulatory_label) for o in fiche.options) + (
        (ProposalData("", fiche.free_proposal[:300]),) if fiche.free_proposal.strip() else ()
    )
    return BoardReviewData(
        board_name=fiche.board_name,
        held_at=_local(fiche.session_starts_at),
        quorum_reached=fiche.quorum_reached,
        outcome_label=fiche.outcome_label,
        proposals=proposals if fiche.outcome == "proposal" else (),
        proposal_text=fiche.free_proposal or "; ".join(o.label for o in fiche.options),
        concordance_label=fiche.concordance_label,
        validated=fiche.is_validated,
        fiche_version=fiche.version,
    )
