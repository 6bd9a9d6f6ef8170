from django.db import models


class Specialty(models.TextChoices):
    """Medical specialties of RCP participants and of a board's required quorum."""

    PULMONOLOGY = "pulmonology", "Pneumologie"
    THORACIC_ONCOLOGY = "thoracic_oncology", "Oncologie thoracique"
    MEDICAL_ONCOLOGY = "medical_oncology", "Oncologie médicale"
    THORACIC_SURGERY = "thoracic_surgery", "Chirurgie thoracique"
    DIGESTIVE_SURGERY = "digestive_surgery", "Chirurgie digestive"
    GASTROENTEROLOGY = "gastroenterology", "Gastro-entérologie"
    ENDOCRINOLOGY = "endocrinology", "Endocrinologie"
    RADIOLOGY = "radiology", "Radiologie"
    INTERVENTIONAL_RADIOLOGY = "interventional_radiology", "Radiologie interventionnelle"
    NUCLEAR_MEDICINE = "nuclear_medicine", "Médecine nucléaire"
    PATHOLOGY = "pathology", "Anatomopathologie"
    RADIOTHERAPY = "radiotherapy", "Radiothérapie"
    OTHER = "other", "Autre"
