"""French labels for the values of the guideline contract (guidelines/referentiel/CONTRACT.md).

The engine validates the values; these classes only label them for the UI. A test checks that
both speak the same vocabulary.
"""

from django.db import models


class Histology(models.TextChoices):
    TYPICAL = "typical", "Carcinoïde typique (CT)"
    ATYPICAL = "atypical", "Carcinoïde atypique (CA)"
    UNKNOWN = "unknown", "Indéterminé"


class HistologySource(models.TextChoices):
    BIOPSY = "biopsy", "Biopsie"
    SURGICAL_SPECIMEN = "surgical_specimen", "Pièce opératoire"


class DiseaseExtent(models.TextChoices):
    LOCALIZED = "localized", "Localisée"
    LOCALLY_ADVANCED_INOPERABLE = "locally_advanced_inoperable", "Localement avancée inopérable"
    METASTATIC = "metastatic", "Métastatique"


class SurgeryType(models.TextChoices):
    WEDGE = "wedge", "Résection atypique (wedge)"
    SEGMENTECTOMY = "segmentectomy", "Segmentectomie"
    LOBECTOMY = "lobectomy", "Lobectomie"
    BILOBECTOMY = "bilobectomy", "Bilobectomie"
    PNEUMONECTOMY = "pneumonectomy", "Pneumonectomie"
    SLEEVE_RESECTION = "sleeve_resection", "Résection-anastomose (sleeve)"


class ResectionStatus(models.TextChoices):
    R0 = "R0", "R0"
    R1 = "R1", "R1"
    R2 = "R2", "R2"


class NodalStatus(models.TextChoices):
    N0 = "N0", "N0"
    N_PLUS = "N+", "N+"
    NX = "Nx", "Nx"


class MetastaticSite(models.TextChoices):
    LIVER = "liver", "Foie"
    BONE = "bone", "Os"
    LUNG = "lung", "Poumon"
    BRAIN = "brain", "Cerveau"
    LYMPH_NODES = "lymph_nodes", "Ganglions"
    SKIN = "skin", "Peau"
    OVARY = "ovary", "Ovaire"
    THYROID = "thyroid", "Thyroïde"
    PERITONEUM = "peritoneum", "Péritoine"
    ADRENAL = "adrenal", "Surrénale"
    OTHER = "other", "Autre"


class TumourBurden(models.TextChoices):
    LOW = "low", "Faible masse tumorale"
    HIGH = "high", "Forte masse tumorale"


class Progression(models.TextChoices):
    STABLE = "stable", "Stable"
    SLOW = "slow", "Lentement progressive"
    RAPID = "rapid", "Rapidement progressive"
    UNKNOWN = "unknown", "Pente inconnue"


class Imaging(models.TextChoices):
    POSITIVE = "positive", "Positive (fixante)"
    NEGATIVE = "negative", "Négative"
    NOT_DONE = "not_done", "Non réalisée"


class CarcinoidSyndrome(models.TextChoices):
    NONE = "none", "Absent"
    CONTROLLED = "controlled", "Contrôlé"
    UNCONTROLLED = "uncontrolled", "Non contrôlé"
    REFRACTORY = "refractory", "Réfractaire (échappement aux ASM)"


class PlannedProcedure(models.TextChoices):
    LIVER_SURGERY = "liver_surgery", "Chirurgie hépatique"
    LIVER_EMBOLIZATION = "liver_embolization", "(Chimio-)embolisation hépatique"
    INVASIVE_DIAGNOSTIC = "invasive_diagnostic", "Geste diagnostique invasif"
    PRRT = "prrt", "RIV (Lutathera®)"
    PRIMARY_SURGERY = "primary_surgery", "Chirurgie du primitif"


class Treatment(models.TextChoices):
    """Option codes of the contract that can appear in a treatment history."""

    SURGERY_ANATOMICAL_RESECTION = (
        "surgery_anatomical_resection",
        "Résection anatomique avec curage",
    )
    LOBECTOMY_MEDIASTINAL_DISSECTION = (
        "lobectomy_mediastinal_dissection",
        "Lobectomie avec curage médiastinal",
    )
    INTERVENTIONAL_BRONCHOSCOPY = "interventional_bronchoscopy", "Endoscopie interventionnelle"
    ADJUVANT_TREATMENT = "adjuvant_treatment", "Traitement adjuvant"
    SSA_SYNDROME_CONTROL = "ssa_syndrome_control", "ASM (contrôle du syndrome)"
    PASIREOTIDE = "pasireotide", "Pasiréotide"
    TELOTRISTAT = "telotristat", "Télotristat étiprate (Xermelo®)"
    CUSHING_SPECIFIC_TREATMENT = "cushing_specific_treatment", "Traitement spécifique du Cushing"
    WATCHFUL_WAITING = "watchful_waiting", "Surveillance attentive"
    SSA_ANTITUMOUR = "ssa_antitumour", "ASM à visée antitumorale"
    EVEROLIMUS = "everolimus", "Évérolimus (Afinitor®)"
    ANTIANGIOGENIC = "antiangiogenic", "Antiangiogénique"
    SUNITINIB = "sunitinib", "Sunitinib"
    SURUFATINIB = "surufatinib", "Surufatinib"
    CHEMO_TEMOZOLOMIDE = "chemo_temozolomide", "Chimiothérapie à base de témozolomide"
    CHEMO_OXALIPLATIN = "chemo_oxaliplatin", "Chimiothérapie à base d'oxaliplatine"
    CISPLATIN_ETOPOSIDE = "cisplatin_etoposide", "Cisplatine-étoposide"
    STREPTOZOTOCIN = "streptozotocin", "Streptozotocine"
    PRRT_LUTATHERA = "prrt_lutathera", "RIV Lutathera® (177Lu-DOTATATE)"
    INTERFERON_ALPHA = "interferon_alpha", "Interféron alpha"
    IMMUNE_CHECKPOINT_INHIBITOR = "immune_checkpoint_inhibitor", "Inhibiteur de point de contrôle"
    CLINICAL_TRIAL = "clinical_trial", "Essai clinique"
    LIVER_SURGERY = "liver_surgery", "Chirurgie hépatique"
    COMBINED_PRIMARY_LIVER_SURGERY = (
        "combined_primary_liver_surgery",
        "Chirurgie du primitif et du foie",
    )
    LIVER_EMBOLIZATION = "liver_embolization", "(Chimio-)embolisation hépatique"
    LIVER_THERMOABLATION = "liver_thermoablation", "Thermoablation hépatique"
    CYTOREDUCTIVE_SURGERY = "cytoreductive_surgery", "Chirurgie de cytoréduction"
    BONE_LOCAL_TREATMENT = "bone_local_treatment", "Traitement local osseux"
    PRIMARY_RESECTION = "primary_resection", "Résection du primitif"


class Outcome(models.TextChoices):
    ONGOING = "ongoing", "En cours"
    RESPONSE = "response", "Réponse"
    STABLE = "stable", "Stabilité"
    PROGRESSION = "progression", "Progression (échec)"
    INTOLERANCE = "intolerance", "Intolérance"
