"""Stable codes of the guideline contract (CONTRACT.md) and their French labels.

Every value here is part of the public JSON contract: names may be added, never renamed.
"""

from __future__ import annotations

from enum import StrEnum


class Histology(StrEnum):
    TYPICAL = "typical"
    ATYPICAL = "atypical"
    UNKNOWN = "unknown"


class HistologySource(StrEnum):
    BIOPSY = "biopsy"
    SURGICAL_SPECIMEN = "surgical_specimen"


class DiseaseExtent(StrEnum):
    LOCALIZED = "localized"
    LOCALLY_ADVANCED_INOPERABLE = "locally_advanced_inoperable"
    METASTATIC = "metastatic"


class SurgeryType(StrEnum):
    WEDGE = "wedge"
    SEGMENTECTOMY = "segmentectomy"
    LOBECTOMY = "lobectomy"
    BILOBECTOMY = "bilobectomy"
    PNEUMONECTOMY = "pneumonectomy"
    SLEEVE_RESECTION = "sleeve_resection"


class ResectionStatus(StrEnum):
    R0 = "R0"
    R1 = "R1"
    R2 = "R2"


class NodalStatus(StrEnum):
    N0 = "N0"
    N_PLUS = "N+"
    NX = "Nx"


class MetastaticSite(StrEnum):
    LIVER = "liver"
    BONE = "bone"
    LUNG = "lung"
    BRAIN = "brain"
    LYMPH_NODES = "lymph_nodes"
    SKIN = "skin"
    OVARY = "ovary"
    THYROID = "thyroid"
    PERITONEUM = "peritoneum"
    ADRENAL = "adrenal"
    OTHER = "other"


class TumourBurden(StrEnum):
    LOW = "low"
    HIGH = "high"


class Progression(StrEnum):
    """The slope on two successive cross-sectional imagings.

    The text distinguishes "lentement progressive" (§5.2), "clairement progressive" (§5.3,
    summary 2: everolimus) and "rapidement évolutive" (§5.4: chemotherapy); `clear` is progressive
    without being rapid (added in engine 2.0.0).
    """

    STABLE = "stable"
    SLOW = "slow"
    CLEAR = "clear"
    RAPID = "rapid"
    UNKNOWN = "unknown"


class ImagingResult(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    NOT_DONE = "not_done"


class CarcinoidSyndrome(StrEnum):
    NONE = "none"
    CONTROLLED = "controlled"
    UNCONTROLLED = "uncontrolled"
    REFRACTORY = "refractory"


class MgmtStatus(StrEnum):
    """MGMT promoter methylation (§5.4: temozolomide's efficacy "serait corrélée" to it)."""

    METHYLATED = "methylated"
    UNMETHYLATED = "unmethylated"


class PlannedProcedure(StrEnum):
    LIVER_SURGERY = "liver_surgery"
    LIVER_EMBOLIZATION = "liver_embolization"
    INVASIVE_DIAGNOSTIC = "invasive_diagnostic"
    PRRT = "prrt"
    PRIMARY_SURGERY = "primary_surgery"


class TreatmentOutcome(StrEnum):
    ONGOING = "ongoing"
    RESPONSE = "response"
    STABLE = "stable"
    PROGRESSION = "progression"
    INTOLERANCE = "intolerance"
    # A syndrome-control line whose syndrome escaped while the tumour did not progress (2.0.0):
    # a refractory syndrome, not an antitumour failure.
    SYNDROME_ESCAPE = "syndrome_escape"


class OptionCode(StrEnum):
    """Declaration order is the fixed tie-break order of the output."""

    SURGERY_ANATOMICAL_RESECTION = "surgery_anatomical_resection"
    LOBECTOMY_MEDIASTINAL_DISSECTION = "lobectomy_mediastinal_dissection"
    INTERVENTIONAL_BRONCHOSCOPY = "interventional_bronchoscopy"
    ADJUVANT_TREATMENT = "adjuvant_treatment"
    SSA_SYNDROME_CONTROL = "ssa_syndrome_control"
    PASIREOTIDE = "pasireotide"
    TELOTRISTAT = "telotristat"
    CUSHING_SPECIFIC_TREATMENT = "cushing_specific_treatment"
    WATCHFUL_WAITING = "watchful_waiting"
    SSA_ANTITUMOUR = "ssa_antitumour"
    EVEROLIMUS = "everolimus"
    ANTIANGIOGENIC = "antiangiogenic"
    SUNITINIB = "sunitinib"
    SURUFATINIB = "surufatinib"
    CHEMO_TEMOZOLOMIDE = "chemo_temozolomide"
    CHEMO_OXALIPLATIN = "chemo_oxaliplatin"
    CISPLATIN_ETOPOSIDE = "cisplatin_etoposide"
    STREPTOZOTOCIN = "streptozotocin"
    PRRT_LUTATHERA = "prrt_lutathera"
    INTERFERON_ALPHA = "interferon_alpha"
    IMMUNE_CHECKPOINT_INHIBITOR = "immune_checkpoint_inhibitor"
    CLINICAL_TRIAL = "clinical_trial"
    LIVER_SURGERY = "liver_surgery"
    COMBINED_PRIMARY_LIVER_SURGERY = "combined_primary_liver_surgery"
    LIVER_EMBOLIZATION = "liver_embolization"
    LIVER_THERMOABLATION = "liver_thermoablation"
    CYTOREDUCTIVE_SURGERY = "cytoreductive_surgery"
    BONE_LOCAL_TREATMENT = "bone_local_treatment"
    PRIMARY_RESECTION = "primary_resection"


class AlertCode(StrEnum):
    """Declaration order is the tie-break order of alerts of equal severity."""

    RCP_RENATEN_REQUIRED = "rcp_renaten_required"
    RCP_RENATEN_DESIRABLE = "rcp_renaten_desirable"
    CONSIDER_CLINICAL_TRIAL = "consider_clinical_trial"
    CONTROL_SYNDROME_FIRST = "control_syndrome_first"
    SSTR_PET_BEFORE_LOCOREGIONAL = "sstr_pet_before_locoregional"
    LIVER_MRI_DIFFUSION_BEFORE_SURGERY = "liver_mri_diffusion_before_surgery"
    BELOW_MINIMAL_RESECTION = "below_minimal_resection"
    NO_PET_FOR_FOLLOW_UP = "no_pet_for_follow_up"
    BRONCHOSCOPY_AFTER_SLEEVE_RESECTION = "bronchoscopy_after_sleeve_resection"
    STOP_SSA_BEFORE_PRRT = "stop_ssa_before_prrt"
    CPC_PATIENT_INFORMATION = "cpc_patient_information"
    OXALIPLATIN_MAX_8_CYCLES = "oxaliplatin_max_8_cycles"
    OUT_OF_REFERENTIEL = "out_of_referentiel"
    PROLIFERATION_INDEX_UNKNOWN = "proliferation_index_unknown"
    REVIEW_PATHOLOGY = "review_pathology"


class Level(StrEnum):
    """Declaration order is the contract's output order."""

    RECOMMENDED = "recommended"
    OPTION = "option"
    DISCUSS = "discuss"
    LAST_RESORT = "last_resort"
    # 2.0.0: the text gives the option no indication (no AMM, no data, not available) without
    # recommending against it; "not_recommended" is kept for the text's own "pas recommandé".
    NOT_PROPOSED = "not_proposed"
    NOT_RECOMMENDED = "not_recommended"
    CONTRAINDICATED = "contraindicated"


class Regulatory(StrEnum):
    AMM = "amm"
    OFF_LABEL = "off_label"
    COMPASSIONATE_CPC = "compassionate_cpc"
    AMM_NOT_REIMBURSED = "amm_not_reimbursed"
    NOT_AVAILABLE_FR = "not_available_fr"
    NO_AMM = "no_amm"
    NOT_APPLICABLE = "not_applicable"


class Eligibility(StrEnum):
    """Three-valued eligibility (2.0.0): `pending` = only unknown facts stand in the way."""

    ELIGIBLE = "eligible"
    PENDING = "pending"
    INELIGIBLE = "ineligible"


class RegulatoryBasis(StrEnum):
    """Whether the text states an option's regulatory status or the engine deduces it."""

    STATED = "stated"
    DEDUCED = "deduced"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    BLOCKING = "blocking"


class FollowUpCode(StrEnum):
    OPTIONAL_LOW_IRRADIATION = "follow_up_optional_low_irradiation"
    CT_4M_THEN_YEARLY = "follow_up_ct_4m_then_yearly"


LEVEL_RANK: dict[Level, int] = {level: rank for rank, level in enumerate(Level)}
OPTION_RANK: dict[OptionCode, int] = {code: rank for rank, code in enumerate(OptionCode)}
ALERT_RANK: dict[AlertCode, int] = {code: rank for rank, code in enumerate(AlertCode)}
SEVERITY_RANK: dict[Severity, int] = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}

# Levels under which an option can be put forward at all; the last two never make it eligible.
ACTIONABLE_LEVELS = frozenset(
    {Level.RECOMMENDED, Level.OPTION, Level.DISCUSS, Level.LAST_RESORT},
)

OPTION_LABELS: dict[OptionCode, str] = {
    OptionCode.SURGERY_ANATOMICAL_RESECTION: "Chirurgie : résection anatomique avec curage "
    "ganglionnaire",
    OptionCode.LOBECTOMY_MEDIASTINAL_DISSECTION: "Lobectomie avec curage ganglionnaire médiastinal",
    OptionCode.INTERVENTIONAL_BRONCHOSCOPY: "Endoscopie bronchique interventionnelle",
    OptionCode.ADJUVANT_TREATMENT: "Traitement complémentaire post-opératoire",
    OptionCode.SSA_SYNDROME_CONTROL: "Analogues de la somatostatine (ASM) : contrôle du syndrome "
    "carcinoïde",
    OptionCode.PASIREOTIDE: "Pasiréotide",
    OptionCode.TELOTRISTAT: "Télotristat étiprate (Xermelo®)",
    OptionCode.CUSHING_SPECIFIC_TREATMENT: "Traitement dédié du syndrome de Cushing (avis "
    "spécialisé)",
    OptionCode.WATCHFUL_WAITING: "Surveillance attentive",
    OptionCode.SSA_ANTITUMOUR: "Analogues de la somatostatine à visée antitumorale (doses élevées)",
    OptionCode.EVEROLIMUS: "Évérolimus (Afinitor®)",
    OptionCode.ANTIANGIOGENIC: "Antiangiogénique",
    OptionCode.SUNITINIB: "Sunitinib",
    OptionCode.SURUFATINIB: "Surufatinib",
    OptionCode.CHEMO_TEMOZOLOMIDE: "Chimiothérapie à base de témozolomide (CAPTEM ; dacarbazine "
    "± 5FU)",
    OptionCode.CHEMO_OXALIPLATIN: "Chimiothérapie à base d'oxaliplatine (GEMOX, FOLFOX)",
    OptionCode.CISPLATIN_ETOPOSIDE: "Cisplatine-étoposide",
    OptionCode.STREPTOZOTOCIN: "Streptozotocine",
    OptionCode.PRRT_LUTATHERA: "Radiothérapie interne vectorisée (RIV) par Lutathera® "
    "(177Lu-DOTATATE)",
    OptionCode.INTERFERON_ALPHA: "Interféron alpha",
    OptionCode.IMMUNE_CHECKPOINT_INHIBITOR: "Inhibiteur de points de contrôle de l'immunité",
    OptionCode.CLINICAL_TRIAL: "Inclusion dans un essai thérapeutique",
    OptionCode.LIVER_SURGERY: "Chirurgie des métastases hépatiques",
    OptionCode.COMBINED_PRIMARY_LIVER_SURGERY: "Chirurgie sur les deux sites : tumeur primitive et "
    "métastases hépatiques",
    OptionCode.LIVER_EMBOLIZATION: "Embolisation ou chimio-embolisation hépatique",
    OptionCode.LIVER_THERMOABLATION: "Thermoablation des métastases hépatiques",
    OptionCode.CYTOREDUCTIVE_SURGERY: "Chirurgie de cytoréduction",
    OptionCode.BONE_LOCAL_TREATMENT: "Traitement local des métastases osseuses",
    OptionCode.PRIMARY_RESECTION: "Résection de la tumeur bronchique primitive",
}

ALERT_LABELS: dict[AlertCode, str] = {
    AlertCode.RCP_RENATEN_REQUIRED: "Discussion en RCP de recours RENATEN requise",
    AlertCode.RCP_RENATEN_DESIRABLE: "Présentation en RCP RENATEN souhaitable",
    AlertCode.CONSIDER_CLINICAL_TRIAL: "Évoquer l'inclusion dans un essai thérapeutique",
    AlertCode.CONTROL_SYNDROME_FIRST: "Contrôler d'abord le syndrome carcinoïde",
    AlertCode.SSTR_PET_BEFORE_LOCOREGIONAL: "TEP 68Ga-DOTATOC préalable à tout traitement "
    "locorégional",
    AlertCode.LIVER_MRI_DIFFUSION_BEFORE_SURGERY: "IRM hépatique avec séquences de diffusion avant "
    "chirurgie",
    AlertCode.BELOW_MINIMAL_RESECTION: "Exérèse inférieure à l'exérèse minimale recommandée",
    AlertCode.NO_PET_FOR_FOLLOW_UP: "Pas d'imagerie TEP pour la surveillance",
    AlertCode.BRONCHOSCOPY_AFTER_SLEEVE_RESECTION: "Endoscopie bronchique après "
    "résection-anastomose",
    AlertCode.STOP_SSA_BEFORE_PRRT: "Arrêt des ASM avant la RIV",
    AlertCode.CPC_PATIENT_INFORMATION: "Information du patient (cadre de prescription "
    "compassionnelle)",
    AlertCode.OXALIPLATIN_MAX_8_CYCLES: "Oxaliplatine : 8 cycles maximum",
    AlertCode.OUT_OF_REFERENTIEL: "Hors référentiel — à discuter en RCP",
    AlertCode.PROLIFERATION_INDEX_UNKNOWN: "Index de prolifération (Ki-67) non renseigné",
    AlertCode.REVIEW_PATHOLOGY: "Histologie à relire (données hors de la définition du carcinoïde)",
}

FOLLOW_UP_LABELS: dict[FollowUpCode, str] = {
    FollowUpCode.OPTIONAL_LOW_IRRADIATION: "CT N0 : surveillance non systématique ; si décidée, "
    "examens non ou peu irradiants",
    FollowUpCode.CT_4M_THEN_YEARLY: "CT N+ et CA : TDM thoraco-abdominale à 4 mois puis annuelle",
}

LEVEL_LABELS: dict[Level, str] = {
    Level.RECOMMENDED: "Recommandé",
    Level.OPTION: "Option",
    Level.DISCUSS: "À discuter en RCP",
    Level.LAST_RESORT: "En dernier recours",
    Level.NOT_PROPOSED: "Non proposé par le texte",
    Level.NOT_RECOMMENDED: "Non recommandé",
    Level.CONTRAINDICATED: "Contre-indiqué",
}

REGULATORY_LABELS: dict[Regulatory, str] = {
    Regulatory.AMM: "AMM",
    Regulatory.OFF_LABEL: "Hors AMM",
    Regulatory.COMPASSIONATE_CPC: "Cadre de prescription compassionnelle (CPC)",
    Regulatory.AMM_NOT_REIMBURSED: "AMM, non remboursé en France",
    Regulatory.NOT_AVAILABLE_FR: "Non disponible en France",
    Regulatory.NO_AMM: "Pas d'AMM",
    Regulatory.NOT_APPLICABLE: "Sans objet",
}

SEVERITY_LABELS: dict[Severity, str] = {
    Severity.INFO: "Information",
    Severity.WARNING: "Attention",
    Severity.BLOCKING: "Bloquant",
}

ELIGIBILITY_LABELS: dict[Eligibility, str] = {
    Eligibility.ELIGIBLE: "Éligible",
    Eligibility.PENDING: "À compléter",
    Eligibility.INELIGIBLE: "Exclu",
}

REGULATORY_BASIS_LABELS: dict[RegulatoryBasis, str] = {
    RegulatoryBasis.STATED: "énoncé par le texte",
    RegulatoryBasis.DEDUCED: "déduit du texte par le moteur",
}

# French labels of the fact values (the case form's choices, the findings' texts, the PDF).
# Short names of the options, as a treatment line or a contraindication reads them.
TREATMENT_LABELS: dict[OptionCode, str] = {
    OptionCode.SURGERY_ANATOMICAL_RESECTION: "Résection anatomique avec curage",
    OptionCode.LOBECTOMY_MEDIASTINAL_DISSECTION: "Lobectomie avec curage médiastinal",
    OptionCode.INTERVENTIONAL_BRONCHOSCOPY: "Endoscopie interventionnelle",
    OptionCode.ADJUVANT_TREATMENT: "Traitement adjuvant",
    OptionCode.SSA_SYNDROME_CONTROL: "ASM (contrôle du syndrome)",
    OptionCode.PASIREOTIDE: "Pasiréotide",
    OptionCode.TELOTRISTAT: "Télotristat étiprate (Xermelo®)",
    OptionCode.CUSHING_SPECIFIC_TREATMENT: "Traitement spécifique du Cushing",
    OptionCode.WATCHFUL_WAITING: "Surveillance attentive",
    OptionCode.SSA_ANTITUMOUR: "ASM à visée antitumorale",
    OptionCode.EVEROLIMUS: "Évérolimus (Afinitor®)",
    OptionCode.ANTIANGIOGENIC: "Antiangiogénique",
    OptionCode.SUNITINIB: "Sunitinib",
    OptionCode.SURUFATINIB: "Surufatinib",
    OptionCode.CHEMO_TEMOZOLOMIDE: "Chimiothérapie à base de témozolomide",
    OptionCode.CHEMO_OXALIPLATIN: "Chimiothérapie à base d'oxaliplatine",
    OptionCode.CISPLATIN_ETOPOSIDE: "Cisplatine-étoposide",
    OptionCode.STREPTOZOTOCIN: "Streptozotocine",
    OptionCode.PRRT_LUTATHERA: "RIV Lutathera® (177Lu-DOTATATE)",
    OptionCode.INTERFERON_ALPHA: "Interféron alpha",
    OptionCode.IMMUNE_CHECKPOINT_INHIBITOR: "Inhibiteur de point de contrôle",
    OptionCode.CLINICAL_TRIAL: "Essai clinique",
    OptionCode.LIVER_SURGERY: "Chirurgie hépatique",
    OptionCode.COMBINED_PRIMARY_LIVER_SURGERY: "Chirurgie du primitif et du foie",
    OptionCode.LIVER_EMBOLIZATION: "(Chimio-)embolisation hépatique",
    OptionCode.LIVER_THERMOABLATION: "Thermoablation hépatique",
    OptionCode.CYTOREDUCTIVE_SURGERY: "Chirurgie de cytoréduction",
    OptionCode.BONE_LOCAL_TREATMENT: "Traitement local osseux",
    OptionCode.PRIMARY_RESECTION: "Résection du primitif",
}

VALUE_LABELS: dict[type[StrEnum], dict] = {
    Histology: {
        Histology.TYPICAL: "Carcinoïde typique (CT)",
        Histology.ATYPICAL: "Carcinoïde atypique (CA)",
        Histology.UNKNOWN: "Indéterminé",
    },
    HistologySource: {
        HistologySource.BIOPSY: "Biopsie",
        HistologySource.SURGICAL_SPECIMEN: "Pièce opératoire",
    },
    DiseaseExtent: {
        DiseaseExtent.LOCALIZED: "Localisée",
        DiseaseExtent.LOCALLY_ADVANCED_INOPERABLE: "Localement avancée inopérable",
        DiseaseExtent.METASTATIC: "Métastatique",
    },
    SurgeryType: {
        SurgeryType.WEDGE: "Résection atypique (wedge)",
        SurgeryType.SEGMENTECTOMY: "Segmentectomie",
        SurgeryType.LOBECTOMY: "Lobectomie",
        SurgeryType.BILOBECTOMY: "Bilobectomie",
        SurgeryType.PNEUMONECTOMY: "Pneumonectomie",
        SurgeryType.SLEEVE_RESECTION: "Résection-anastomose (sleeve)",
    },
    ResectionStatus: {m: m.value for m in ResectionStatus},
    NodalStatus: {m: m.value for m in NodalStatus},
    MetastaticSite: {
        MetastaticSite.LIVER: "Foie",
        MetastaticSite.BONE: "Os",
        MetastaticSite.LUNG: "Poumon",
        MetastaticSite.BRAIN: "Cerveau",
        MetastaticSite.LYMPH_NODES: "Ganglions",
        MetastaticSite.SKIN: "Peau",
        MetastaticSite.OVARY: "Ovaire",
        MetastaticSite.THYROID: "Thyroïde",
        MetastaticSite.PERITONEUM: "Péritoine",
        MetastaticSite.ADRENAL: "Surrénale",
        MetastaticSite.OTHER: "Autre",
    },
    TumourBurden: {
        TumourBurden.LOW: "Faible masse tumorale",
        TumourBurden.HIGH: "Forte masse tumorale",
    },
    Progression: {
        Progression.STABLE: "Stable",
        Progression.SLOW: "Lentement progressive",
        Progression.CLEAR: "Clairement progressive (non rapide)",
        Progression.RAPID: "Rapidement progressive",
        Progression.UNKNOWN: "Pente inconnue",
    },
    ImagingResult: {
        ImagingResult.POSITIVE: "Positive (fixante)",
        ImagingResult.NEGATIVE: "Négative",
        ImagingResult.NOT_DONE: "Non réalisée",
    },
    CarcinoidSyndrome: {
        CarcinoidSyndrome.NONE: "Absent",
        CarcinoidSyndrome.CONTROLLED: "Contrôlé",
        CarcinoidSyndrome.UNCONTROLLED: "Non contrôlé",
        CarcinoidSyndrome.REFRACTORY: "Réfractaire (échappement aux ASM)",
    },
    MgmtStatus: {
        MgmtStatus.METHYLATED: "Promoteur MGMT méthylé",
        MgmtStatus.UNMETHYLATED: "Promoteur MGMT non méthylé",
    },
    PlannedProcedure: {
        PlannedProcedure.LIVER_SURGERY: "Chirurgie hépatique",
        PlannedProcedure.LIVER_EMBOLIZATION: "(Chimio-)embolisation hépatique",
        PlannedProcedure.INVASIVE_DIAGNOSTIC: "Geste diagnostique invasif",
        PlannedProcedure.PRRT: "RIV (Lutathera®)",
        PlannedProcedure.PRIMARY_SURGERY: "Chirurgie du primitif",
    },
    TreatmentOutcome: {
        TreatmentOutcome.ONGOING: "En cours",
        TreatmentOutcome.RESPONSE: "Réponse",
        TreatmentOutcome.STABLE: "Stabilité",
        TreatmentOutcome.PROGRESSION: "Progression (échec)",
        TreatmentOutcome.INTOLERANCE: "Intolérance",
        TreatmentOutcome.SYNDROME_ESCAPE: "Échappement du syndrome (tumeur non progressive)",
    },
    OptionCode: TREATMENT_LABELS,
    Level: LEVEL_LABELS,
    Regulatory: REGULATORY_LABELS,
    Severity: SEVERITY_LABELS,
    Eligibility: ELIGIBILITY_LABELS,
    RegulatoryBasis: REGULATORY_BASIS_LABELS,
    AlertCode: ALERT_LABELS,
    FollowUpCode: FOLLOW_UP_LABELS,
}

# One flat table for the UI: every option, alert and follow-up code (levels, regulatory
# statuses and severities have their own tables above).
LABELS: dict[str, str] = {
    **{code.value: label for code, label in OPTION_LABELS.items()},
    **{code.value: label for code, label in ALERT_LABELS.items()},
    **{code.value: label for code, label in FOLLOW_UP_LABELS.items()},
}
