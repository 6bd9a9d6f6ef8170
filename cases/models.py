from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases import choices
from renaten.textlimits import NOTE_TEXT, SUMMARY_TEXT, bounded_text

nct_validator = RegexValidator(
    r"^NCT\d{8}$", _("Identifiant d'essai invalide : format attendu NCT suivi de 8 chiffres.")
)
ins_validator = RegexValidator(
    r"^[12]\d{12}(\d{2})?$", _("INS invalide : 13 chiffres (et 2 chiffres de clé) attendus.")
)


def not_in_future(value) -> None:
    """Dates of the record are facts already observed: none may lie in the future."""
    if value and value > timezone.localdate():
        raise ValidationError(_("La date ne peut pas être dans le futur."), code="future_date")


def _check_codes(value, allowed, label) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("%(label)s : une liste est attendue.") % {"label": label})
    unknown = [str(code) for code in value if code not in allowed]
    if unknown:
        raise ValidationError(
            _("%(label)s : code(s) inconnu(s) %(codes)s.")
            % {"label": label, "codes": ", ".join(unknown)},
            code="unknown_code",
        )


def validate_planned_procedures(value) -> None:
    _check_codes(value, choices.PlannedProcedure.values, _("Gestes envisagés"))


def validate_contraindications(value) -> None:
    _check_codes(value, choices.Treatment.values, _("Contre-indications"))


def ins_key_is_valid(ins: str) -> bool:
    """The 2-digit key of a 15-digit INS (NIR) is 97 − (the 13 digits modulo 97)."""
    # ASCII digits only: "²" passes str.isdigit() but not int().
    digits = ins.isascii() and ins.isdecimal()
    if len(ins) != 15 or not digits:
        return len(ins) == 13 and digits
    return 97 - int(ins[:13]) % 97 == int(ins[13:])


# The identity fields: entered in the form, compared on edit, carried by a transfer file.
PATIENT_FIELDS = ("family_name", "given_names", "birth_date", "sex", "ipp", "ins", "ins_status")


class Patient(models.Model):
    """A (fictional in demo and tests) patient of one centre."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("Femme")
        MALE = "M", _("Homme")
        UNDETERMINED = "I", _("Indéterminé")

    class InsStatus(models.TextChoices):
        PROVISIONAL = "provisional", _("Provisoire")
        RETRIEVED = "retrieved", _("Récupérée")
        VALIDATED = "validated", _("Validée")
        QUALIFIED = "qualified", _("Qualifiée")

    centre = models.ForeignKey(
        "accounts.Centre",
        on_delete=models.PROTECT,
        related_name="patients",
        verbose_name=_("centre"),
    )
    family_name = models.CharField(_("nom de naissance"), max_length=100)
    given_names = models.CharField(_("prénoms"), max_length=150)
    birth_date = models.DateField(_("date de naissance"), validators=[not_in_future])
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex)
    ipp = models.CharField(_("IPP"), max_length=32, help_text=_("Identifiant patient hospitalier"))
    ins = models.CharField(
        _("INS (matricule)"), max_length=15, blank=True, validators=[ins_validator]
    )
    ins_status = models.CharField(
        _("statut de l'identité"), max_length=20, choices=InsStatus, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        constraints = [
            models.UniqueConstraint(fields=["centre", "ipp"], name="unique_ipp_per_centre")
        ]
        indexes = [models.Index(fields=["family_name"])]

    def __str__(self) -> str:
        return f"{self.family_name.upper()} {self.given_names}"

    @property
    def ins_printable(self) -> str:
        """The INS is shown and printed only when the identity is qualified."""
        return self.ins if self.ins and self.ins_status == self.InsStatus.QUALIFIED else ""

    def is_same_person(self, family_name, birth_date) -> bool:
        """Same birth name (any case) and birth date: who may share this patient's IPP."""
        return (
            self.family_name.casefold() == str(family_name).casefold()
            and self.birth_date == birth_date
        )

    def clean(self) -> None:
        errors = {}
        if self.ins and not self.ins_status:
            errors["ins_status"] = _("Précisez le statut de l'identité associée à l'INS.")
        if self.ins_status == self.InsStatus.QUALIFIED and not self.ins:
            errors["ins"] = _("Une identité qualifiée suppose un INS renseigné.")
        if self.ins and ins_validator.regex.match(self.ins) and not ins_key_is_valid(self.ins):
            errors["ins"] = _("INS invalide : la clé de contrôle ne correspond pas.")
        if errors:
            raise ValidationError(errors)


class Case(models.Model):
    """One presentation of a patient to a board, with the tumour facts the engine reads."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        READY = "ready", _("Prêt")
        REGISTERED = "registered", _("Inscrit en séance")
        DISCUSSED = "discussed", _("Discuté")

    class Reason(models.TextChoices):
        NEW_DIAGNOSIS = "new_diagnosis", _("Nouveau diagnostic")
        RECURRENCE = "recurrence", _("Récidive")
        PROGRESSION = "progression", _("Progression")
        POST_OPERATIVE = "post_operative", _("Post-opératoire")
        OTHER = "other", _("Autre")

    class TStage(models.TextChoices):
        TX = "Tx", "Tx"
        T0 = "T0", "T0"
        TIS = "Tis", "Tis"
        T1MI = "T1mi", "T1mi"
        T1A = "T1a", "T1a"
        T1B = "T1b", "T1b"
        T1C = "T1c", "T1c"
        T2A = "T2a", "T2a"
        T2B = "T2b", "T2b"
        T3 = "T3", "T3"
        T4 = "T4", "T4"

    class NStage(models.TextChoices):
        NX = "Nx", "Nx"
        N0 = "N0", "N0"
        N1 = "N1", "N1"
        N2 = "N2", "N2"
        N3 = "N3", "N3"

    class MStage(models.TextChoices):
        M0 = "M0", "M0"
        M1A = "M1a", "M1a"
        M1B = "M1b", "M1b"
        M1C = "M1c", "M1c"

    # Administrative
    centre = models.ForeignKey(
        "accounts.Centre", on_delete=models.PROTECT, related_name="cases", verbose_name=_("centre")
    )
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, related_name="cases", verbose_name=_("patient")
    )
    board = models.ForeignKey(
        "boards.Board",
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("RCP de recours"),
    )
    referring_physician = models.CharField(_("médecin référent"), max_length=150)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    # Optimistic locking: a save must carry the version it was edited from.
    version = models.PositiveIntegerField(default=1)

    reason = models.CharField(_("motif de présentation"), max_length=20, choices=Reason)
    discovery_circumstances = bounded_text(_("circonstances de découverte"), NOTE_TEXT, blank=True)
    who_performance_status = models.PositiveSmallIntegerField(
        _("état général (OMS)"), null=True, blank=True, validators=[MaxValueValidator(4)]
    )
    comorbidities = bounded_text(_("comorbidités"), NOTE_TEXT, blank=True)
    clinical_summary = bounded_text(_("résumé clinique"), SUMMARY_TEXT, blank=True)
    question = bounded_text(_("question posée à la RCP"), NOTE_TEXT, blank=True)
    clinical_trial_nct = models.CharField(
        _("essai clinique envisagé (NCT)"), max_length=11, blank=True, validators=[nct_validator]
    )

    # Pathology
    histology = models.CharField(
        _("histologie"), max_length=20, choices=choices.Histology, blank=True
    )
    histology_source = models.CharField(
        _("origine de l'histologie"), max_length=20, choices=choices.HistologySource, blank=True
    )
    ki67_percent = models.DecimalField(
        _("Ki-67 (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    mitoses_per_2mm2 = models.DecimalField(
        _("mitoses / 2 mm²"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    necrosis = models.BooleanField(_("nécrose"), null=True, blank=True)

    # Staging (TNM 8th edition) and extent
    tnm_t = models.CharField(_("T"), max_length=4, choices=TStage, blank=True)
    tnm_n = models.CharField(_("N"), max_length=2, choices=NStage, blank=True)
    tnm_m = models.CharField(_("M"), max_length=3, choices=MStage, blank=True)
    disease_extent = models.CharField(
        _("extension"), max_length=30, choices=choices.DiseaseExtent, blank=True
    )

    # Surgery of the primary
    surgery_done = models.BooleanField(_("primitif opéré"), null=True, blank=True)
    surgery_date = models.DateField(
        _("date de la chirurgie"), null=True, blank=True, validators=[not_in_future]
    )
    surgery_type = models.CharField(
        _("type de chirurgie"), max_length=20, choices=choices.SurgeryType, blank=True
    )
    resection_status = models.CharField(
        _("qualité d'exérèse"), max_length=2, choices=choices.ResectionStatus, blank=True
    )
    nodal_status = models.CharField(
        _("statut ganglionnaire (pN)"), max_length=2, choices=choices.NodalStatus, blank=True
    )
    surgical_contraindication = models.BooleanField(
        _("contre-indication chirurgicale"), null=True, blank=True
    )
    disproportionate_resection = models.BooleanField(
        _("exérèse parenchymateuse disproportionnée"), null=True, blank=True
    )
    primary_resectable = models.BooleanField(_("primitif résécable"), null=True, blank=True)
    primary_symptomatic = models.BooleanField(
        _("primitif symptomatique (hémoptysie, toux, infections)"), null=True, blank=True
    )

    # Metastatic disease (sites are MetastaticSite rows)
    liver_resectable = models.BooleanField(
        _("métastases hépatiques résécables"), null=True, blank=True
    )
    liver_predominant = models.BooleanField(
        _("atteinte hépatique prédominante"), null=True, blank=True
    )
    other_lesions_outside_liver_and_primary = models.BooleanField(
        _("autres lésions hors foie et primitif"), null=True, blank=True
    )
    portal_vein_thrombosis = models.BooleanField(_("thrombose portale"), null=True, blank=True)
    biliodigestive_anastomosis = models.BooleanField(
        _("anastomose bilio-digestive"), null=True, blank=True
    )
    bone_metastases_threatening = models.BooleanField(
        _("métastases osseuses menaçantes ou symptomatiques"), null=True, blank=True
    )
    widely_disseminated = models.BooleanField(_("très largement disséminée"), null=True, blank=True)
    tumour_burden = models.CharField(
        _("masse tumorale"), max_length=10, choices=choices.TumourBurden, blank=True
    )
    symptomatic = models.BooleanField(_("symptomatique"), null=True, blank=True)

    # Progression slope, judged on two successive cross-sectional imagings
    progression = models.CharField(
        _("pente évolutive"), max_length=10, choices=choices.Progression, blank=True
    )
    progression_imaging_1_date = models.DateField(
        _("imagerie de référence"), null=True, blank=True, validators=[not_in_future]
    )
    progression_imaging_2_date = models.DateField(
        _("imagerie de comparaison"), null=True, blank=True, validators=[not_in_future]
    )

    # Functional imaging
    sstr_imaging = models.CharField(
        _("imagerie des récepteurs de la somatostatine"),
        max_length=10,
        choices=choices.Imaging,
        blank=True,
    )
    sstr_imaging_date = models.DateField(
        _("date de l'IRS"), null=True, blank=True, validators=[not_in_future]
    )
    fdg_pet = models.CharField(_("TEP au FDG"), max_length=10, choices=choices.Imaging, blank=True)
    fdg_pet_date = models.DateField(
        _("date de la TEP FDG"), null=True, blank=True, validators=[not_in_future]
    )

    # Secretory syndromes
    carcinoid_syndrome = models.CharField(
        _("syndrome carcinoïde"), max_length=20, choices=choices.CarcinoidSyndrome, blank=True
    )
    carcinoid_crisis = models.BooleanField(
        _("syndrome menaçant / crise carcinoïde"), null=True, blank=True
    )
    refractory_diarrhoea = models.BooleanField(
        _("diarrhée réfractaire aux ASM"), null=True, blank=True
    )
    cushing_syndrome = models.BooleanField(_("syndrome de Cushing"), null=True, blank=True)

    # Intentions and contraindications (lists of contract codes)
    planned_procedures = models.JSONField(
        _("gestes envisagés"), default=list, blank=True, validators=[validate_planned_procedures]
    )
    contraindications = models.JSONField(
        _("contre-indications"), default=list, blank=True, validators=[validate_contraindications]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["centre", "-updated_at"])]

    def __str__(self) -> str:
        return f"Dossier n° {self.pk}"

    @property
    def is_metastatic_stage(self) -> bool:
        return self.tnm_m.startswith("M1")

    def clean(self) -> None:
        """Cross-field coherence; each message lands next to the field it concerns."""
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        extent = self.disease_extent
        if self.tnm_m and extent:
            if self.is_metastatic_stage and extent != choices.DiseaseExtent.METASTATIC:
                add("tnm_m", _("M1 suppose une maladie métastatique : corrigez M ou l'extension."))
            if self.tnm_m == self.MStage.M0 and extent == choices.DiseaseExtent.METASTATIC:
                add("tnm_m", _("Maladie métastatique : M ne peut pas être M0."))
        if self.surgery_done is False:
            for name in ("surgery_date", "surgery_type", "resection_status"):
                if getattr(self, name):
                    add(name, _("Incompatible avec « primitif opéré : non »."))
        first, second = self.progression_imaging_1_date, self.progression_imaging_2_date
        if first and second and second <= first:
            add(
                "progression_imaging_2_date",
                _("L'imagerie de comparaison doit être postérieure à l'imagerie de référence."),
            )
        for field in ("sstr_imaging", "fdg_pet"):
            if getattr(self, f"{field}_date") and getattr(self, field) in ("", "not_done"):
                add(f"{field}_date", _("Une date n'a de sens que pour un examen réalisé."))
        if self.patient_id and self.centre_id and self.patient.centre_id != self.centre_id:
            add(NON_FIELD_ERRORS, _("Le patient appartient à un autre centre."))
        if errors:
            raise ValidationError(errors)


class MetastaticSite(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="metastatic_sites")
    site = models.CharField(_("site"), max_length=20, choices=choices.MetastaticSite)
    details = models.CharField(_("précisions"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site métastatique")
        verbose_name_plural = _("sites métastatiques")
        constraints = [
            models.UniqueConstraint(fields=["case", "site"], name="unique_site_per_case")
        ]
        ordering = ["site"]

    def __str__(self) -> str:
        return self.get_site_display()


class TreatmentLine(models.Model):
    class BestResponse(models.TextChoices):
        COMPLETE = "complete_response", _("Réponse complète")
        PARTIAL = "partial_response", _("Réponse partielle")
        STABLE = "stable", _("Stabilité")
        PROGRESSION = "progression", _("Progression")
        NOT_EVALUATED = "not_evaluated", _("Non évaluée")

    class ReasonStopped(models.TextChoices):
        PROGRESSION = "progression", _("Progression")
        INTOLERANCE = "intolerance", _("Intolérance / toxicité")
        COMPLETED = "completed", _("Traitement terminé")
        PATIENT_CHOICE = "patient_choice", _("Choix du patient")
        OTHER = "other", _("Autre")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="treatment_lines")
    treatment = models.CharField(_("traitement"), max_length=40, choices=choices.Treatment)
    start_date = models.DateField(_("début"), validators=[not_in_future])
    end_date = models.DateField(_("fin"), null=True, blank=True, validators=[not_in_future])
    best_response = models.CharField(
        _("meilleure réponse"),
        max_length=20,
        choices=BestResponse,
        default=BestResponse.NOT_EVALUATED,
    )
    reason_stopped = models.CharField(
        _("motif d'arrêt"), max_length=20, choices=ReasonStopped, blank=True
    )
    comment = models.CharField(_("commentaire"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ligne de traitement")
        verbose_name_plural = _("lignes de traitement")
        ordering = ["start_date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_treatment_display()} ({self.start_date:%d/%m/%Y})"

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("La date de fin doit être postérieure à la date de début.")
        if self.reason_stopped and not self.end_date:
            errors["end_date"] = _("Un motif d'arrêt suppose une date de fin.")
        if errors:
            raise ValidationError(errors)

    @property
    def outcome(self) -> str | None:
        """The contract's outcome of this line; None when nothing can be said."""
        if self.reason_stopped in (self.ReasonStopped.PROGRESSION, self.ReasonStopped.INTOLERANCE):
            return self.reason_stopped
        if self.end_date is None and not self.reason_stopped:
            return choices.Outcome.ONGOING
        return {
            self.BestResponse.COMPLETE: choices.Outcome.RESPONSE,
            self.BestResponse.PARTIAL: choices.Outcome.RESPONSE,
            self.BestResponse.STABLE: choices.Outcome.STABLE,
            self.BestResponse.PROGRESSION: choices.Outcome.PROGRESSION,
        }.get(self.best_response)
