"""Codes and identifiers of the exchange documents, each with where it comes from.

CI-SIS values are those of the ANS value sets (JDV) of the CI-SIS conformance kit
(`jeuxDeValeurs/`, release 2022.01 volets FRCP and PPS); other codes from the terminology named.
Pure module: no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    system: str
    display: str
    system_name: str = ""


# Code systems (OIDs)
LOINC = "2.16.840.1.113883.6.1"
SNOMED = "2.16.840.1.113883.6.96"
ICD10 = "2.16.840.1.113883.6.3"
ICDO3 = "2.16.840.1.113883.6.43.1"
NCIT = "2.16.840.1.113883.3.26.1.1"
TA_ASIP = "1.2.250.1.213.1.1.4.322"
TNM_UICC = "2.16.840.1.113883.15.6"
RPPS_SPECIALTY = "1.2.250.1.213.1.1.4.5"  # TRE_G15 profession/specialty (JDV_J01)
GENDER = "2.16.840.1.113883.5.1"
CONFIDENTIALITY = "2.16.840.1.113883.5.25"
FINESS_OID = "1.2.250.1.71.4.2.2"  # extension "1" + FINESS
# National identifiers of the RCP organisation (ANRCP directory), as in ANS's FRCP example.
RRC_ROOT = "1.2.250.1.161.1.20.1.1"
RCP_MANAGER_ROOT = "1.2.250.1.161.1.20.2.1"
RCP_ROOT = "1.2.250.1.161.1.20.3.1"
RCP_SESSION_ROOT = "1.2.250.1.213.1.1.9"

# Document types (LOINC) and templates (CI-SIS)
FRCP_TYPE = Code("34794-8", LOINC, "CR de réunion de concertation pluridisciplinaire", "LOINC")
FRCP_TEMPLATE = ("1.2.250.1.213.1.1.1.8", "2022.01")
PPS_TEMPLATE = ("1.2.250.1.213.1.1.1.26", "2022.01")
PPS_TYPE = Code("18776-5", LOINC, "Plan personnalisé de soins", "LOINC")

# JDV_StatutQuorum_CISIS
QUORUM = {
    "reached": Code("ORG-126", TA_ASIP, "Quorum atteint", "TA_ASIP"),
    "not_reached": Code("ORG-133", TA_ASIP, "Quorum non atteint", "TA_ASIP"),
    "unknown": Code("GEN-010", TA_ASIP, "Ne sait pas", "TA_ASIP"),
}
# JDV_StatutCasPresente_CISIS
CASE_STATUS = {
    "registered": Code("ORG-128", TA_ASIP, "Cas enregistré", "TA_ASIP"),
    "discussed": Code("ORG-134", TA_ASIP, "Cas discuté", "TA_ASIP"),
}
# JDV_PhaseCancer_CISIS
CANCER_PHASE = {
    "initial": Code("MED-268", TA_ASIP, "Phase initiale du cancer", "TA_ASIP"),
    "relapse": Code("MED-244", TA_ASIP, "Rechute du cancer", "TA_ASIP"),
}
# JDV_NatureDiscussion_CISIS, JDV_RCP_Appareil_CISIS, JDV_RCP_Organe_CISIS
ORGAN_BOARD = Code("ORG-117", TA_ASIP, "RCP Appareil - Organes", "TA_ASIP")
RESPIRATORY_SYSTEM = Code(
    "312419003", SNOMED, "appareil respiratoire et/ou cavité thoracique", "SNOMED CT"
)
LUNG_ORGAN = Code("MED-255", TA_ASIP, "Trachée, Bronches, Poumon", "TA_ASIP")
# JDV_StatutDoc_CISIS
DOCUMENT_STATUS = {
    "in_progress": Code("385651009", SNOMED, "en cours d'exécution", "SNOMED CT"),
    "done": Code("398166005", SNOMED, "réalisé", "SNOMED CT"),
}

# JDV_Tumeur_CISIS (ICD-10 C34.x)
TOPOGRAPHY = {
    "C34.0": "Tumeur maligne de la bronche souche",
    "C34.1": "Tumeur maligne du lobe supérieur, bronches ou poumon",
    "C34.2": "Tumeur maligne du lobe moyen, bronches ou poumon",
    "C34.3": "Tumeur maligne du lobe inférieur, bronches ou poumon",
    "C34.8": "Tumeur maligne à localisations contiguës des bronches et du poumon",
    "C34.9": "Tumeur maligne de bronche ou du poumon, sans précision",
}
TOPOGRAPHY_UNSPECIFIED = "C34.9"


def topography(icd10: str) -> Code:
    return Code(icd10, ICD10, TOPOGRAPHY[icd10], "CIM-10")


# JDV_Morphologie_CISIS (ICD-O-3): typical carcinoid = NET G1 8240/3, atypical = NET G2 8249/3
MORPHOLOGY = {
    "typical": Code("8240/3", ICDO3, "Tumeur carcinoïde , SAI (sauf appendice, M-8240/1)", "CIM-O"),
    "atypical": Code("8249/3", ICDO3, "Tumeur carcinoïde maligne atypique", "CIM-O"),
}

# JDV_TypeTraitement_FRCP_CISIS (1.2.250.1.213.1.1.5.595). No PRRT entry: radioligand therapy
# is a radiopharmaceutical drug, so it goes under "other specific drug treatments" with the
# precise treatment in the text.
SURGERY = Code("387713003", SNOMED, "intervention chirurgicale", "SNOMED CT")
CHEMOTHERAPY = Code("C15632", NCIT, "chimiothérapie", "NCIT")
TARGETED = Code("C93352", NCIT, "thérapie ciblée", "NCIT")
IMMUNOTHERAPY = Code("C15262", NCIT, "immunothérapie", "NCIT")
INTERVENTIONAL_RADIOLOGY = Code("C63334", NCIT, "Radiologie interventionnelle", "NCIT")
INTERVENTIONAL_ENDOSCOPY = Code("C157891", NCIT, "endoscopie interventionnelle", "NCIT")
SURVEILLANCE_ONLY = Code("MED-226", TA_ASIP, "Surveillance seule", "TA_ASIP")
OTHER_TREATMENT = Code("GEN-092.03.01", TA_ASIP, "Autre(s) traitement(s)", "TA_ASIP")
OTHER_DRUG = Code(
    "GEN-092.03.02", TA_ASIP, "Autre(s) traitement(s) médicamenteux spécifique(s)", "TA_ASIP"
)

# The guideline contract's treatment codes (cases.choices.Treatment values) → JDV entry.
TREATMENT_TYPE = {
    "surgery_anatomical_resection": SURGERY,
    "lobectomy_mediastinal_dissection": SURGERY,
    "interventional_bronchoscopy": INTERVENTIONAL_ENDOSCOPY,
    "adjuvant_treatment": OTHER_TREATMENT,
    "ssa_syndrome_control": OTHER_DRUG,
    "pasireotide": OTHER_DRUG,
    "telotristat": OTHER_DRUG,
    "cushing_specific_treatment": OTHER_DRUG,
    "watchful_waiting": SURVEILLANCE_ONLY,
    "ssa_antitumour": OTHER_DRUG,
    "everolimus": TARGETED,
    "antiangiogenic": TARGETED,
    "sunitinib": TARGETED,
    "surufatinib": TARGETED,
    "chemo_temozolomide": CHEMOTHERAPY,
    "chemo_oxaliplatin": CHEMOTHERAPY,
    "cisplatin_etoposide": CHEMOTHERAPY,
    "streptozotocin": CHEMOTHERAPY,
    "prrt_lutathera": OTHER_DRUG,
    "interferon_alpha": OTHER_DRUG,
    "immune_checkpoint_inhibitor": IMMUNOTHERAPY,
    "clinical_trial": OTHER_TREATMENT,
    "liver_surgery": SURGERY,
    "combined_primary_liver_surgery": SURGERY,
    "liver_embolization": INTERVENTIONAL_RADIOLOGY,
    "liver_thermoablation": INTERVENTIONAL_RADIOLOGY,
    "cytoreductive_surgery": SURGERY,
    "bone_local_treatment": OTHER_TREATMENT,
    "primary_resection": SURGERY,
}


def treatment_type(option_code: str) -> Code:
    """The JDV entry for a contract treatment code; unknown codes are "other treatment"."""
    return TREATMENT_TYPE.get(option_code, OTHER_TREATMENT)


# Participants' specialties (boards.specialties.Specialty values) → JDV_J01 (TRE_G15 "SM").
SPECIALTY = {
    "pulmonology": Code("G15_10/SM41", RPPS_SPECIALTY, "Médecin - Pneumologie (SM)"),
    "thoracic_oncology": Code("G15_10/SM41", RPPS_SPECIALTY, "Médecin - Pneumologie (SM)"),
    "medical_oncology": Code(
        "G15_10/SM36", RPPS_SPECIALTY, "Médecin - Oncologie, opt médicale (SM)"
    ),
    "thoracic_surgery": Code(
        "G15_10/SM11", RPPS_SPECIALTY, "Médecin - Chirurgie thoracique et cardio-vasculaire (SM)"
    ),
    "digestive_surgery": Code(
        "G15_10/SM14", RPPS_SPECIALTY, "Médecin - Chirurgie viscérale et digestive (SM)"
    ),
    "gastroenterology": Code(
        "G15_10/SM24", RPPS_SPECIALTY, "Médecin - Gastro-entérologie et hépatologie (SM)"
    ),
    "endocrinology": Code(
        "G15_10/SM16", RPPS_SPECIALTY, "Médecin - Endocrinologie et métabolisme (SM)"
    ),
    "radiology": Code("G15_10/SM44", RPPS_SPECIALTY, "Médecin - Radio-diagnostic (SM)"),
    "interventional_radiology": Code(
        "G15_10/SM44", RPPS_SPECIALTY, "Médecin - Radio-diagnostic (SM)"
    ),
    "nuclear_medicine": Code("G15_10/SM28", RPPS_SPECIALTY, "Médecin - Médecine nucléaire (SM)"),
    "pathology": Code(
        "G15_10/SM01", RPPS_SPECIALTY, "Médecin - Anatomie et Cytologie pathologiques (SM)"
    ),
    "radiotherapy": Code("G15_10/SM45", RPPS_SPECIALTY, "Médecin - Radio-thérapie (SM)"),
}


def specialty(value: str) -> Code | None:
    return SPECIALTY.get(value)


def pps_treatment_type(option_code: str) -> Code:
    """The PPS treatment value set (JDV_TypeTraitementPPS_CISIS) has no "other drug" entry."""
    code = treatment_type(option_code)
    return OTHER_TREATMENT if code == OTHER_DRUG else code


# PPS entries (TA_ASIP): a treatment, a follow-up, and the follow-up kinds (JDV_TypeDeSuivi).
PPS_TREATMENT = Code("MED-568", TA_ASIP, "Traitement", "TA_ASIP")
PPS_FOLLOW_UP = Code("MED-571", TA_ASIP, "Suivi", "TA_ASIP")
FOLLOW_UP_KIND = {
    "imaging": Code("MED-092", TA_ASIP, "Examen d’imagerie médicale", "TA_ASIP"),
    "biology": Code("MED-091", TA_ASIP, "Examen de biologie", "TA_ASIP"),
    "consultation": Code("11429006", SNOMED, "consultation", "SNOMED CT"),
    "other": Code("GEN-092.04.06", TA_ASIP, "Autre type de suivi", "TA_ASIP"),
}
