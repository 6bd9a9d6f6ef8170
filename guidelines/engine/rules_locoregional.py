"""Rules R1–R6: locoregional treatment of metastases or of the primary (§5.8, summary 3–4)."""

from __future__ import annotations

from collections.abc import Sequence

from .clinical import (
    liver_because,
    liver_involved,
    liver_unmet,
    progression_known,
    syndrome_because,
    syndrome_uncontrolled,
)
from .codes import (
    CarcinoidSyndrome,
    DiseaseExtent,
    Level,
    MetastaticSite,
    OptionCode,
    Progression,
)
from .context import RuleContext
from .facts import CaseFacts
from .model import Finding, RuleBook, annotate, contraindicate, require, support
from .text import Item, eq, need

LOCOREGIONAL_RULES = RuleBook()

METASTATIC = (DiseaseExtent.METASTATIC,)
MRI_NOTE = "IRM hépatique avec séquences de diffusion indispensable avant toute chirurgie."


def _flag(
    name: str,
    value: bool | None,
    wanted: bool,
    requirement: str,
    because: list[Item],
    unmet: list[Item],
) -> None:
    """Adds `name=value` to because if it has the wanted value, else an unmet item."""
    if value is wanted:
        because.append(eq(name, value))
    else:
        unmet.append(need(name, wanted, value, requirement))


def _especially(f: CaseFacts) -> list[Item]:
    """The text's "en particulier si symptomatique ou avec syndrome sécrétoire non contrôlé"."""
    out = [eq("symptomatic", True)] if f.symptomatic is True else []
    if syndrome_uncontrolled(f) is True:
        out += syndrome_because(f)
    return out


@LOCOREGIONAL_RULES.rule(
    id="R1",
    section="synthèse — prise en charge 3",
    source="synthèse, point 3 ; §5.8 ¶3",
    title="Foie et primitif résécables, sans autre lésion : chirurgie sur les deux sites",
    excerpt="En cas de maladie métastatique hépatique résécable sur les deux sites, sans "
    "autre lésion détectable, une attitude chirurgicale sur les deux sites après une période "
    "d’observation de la pente évolutive sera discutée.",
    reads=(
        "surgery_done",
        "liver_predominant",
        "metastatic_sites",
        "liver_resectable",
        "primary_resectable",
        "other_lesions_outside_liver_and_primary",
        "progression",
    ),
    settings=METASTATIC,
    outcome="Chirurgie combinée primitif + foie à discuter, après observation de la pente "
    "évolutive.",
    options=(OptionCode.COMBINED_PRIMARY_LIVER_SURGERY,),
    interpretation="L'observation de la pente est exigée : une pente inconnue laisse "
    "l'option non retenue.",
)
def r1_both_sites(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    if f.surgery_done is True or liver_involved(f) is False:
        return ()  # primary already resected, or no liver disease: not the R1 situation
    because: list[Item] = []
    unmet: list[Item] = []
    _flag(
        "liver_resectable",
        f.liver_resectable,
        True,
        "métastases hépatiques résécables requises",
        because,
        unmet,
    )
    _flag(
        "primary_resectable",
        f.primary_resectable,
        True,
        "tumeur primitive résécable requise",
        because,
        unmet,
    )
    _flag(
        "other_lesions_outside_liver_and_primary",
        f.other_lesions_outside_liver_and_primary,
        False,
        "absence d'autre lésion détectable requise",
        because,
        unmet,
    )
    also: tuple[str, ...] = ()
    if progression_known(f):
        because.append(eq("progression", f.progression))
    else:
        also = ("P6",)
        unmet.append(
            need(
                "progression",
                None,
                f.progression,
                "pente évolutive observée requise avant la chirurgie "
                "(deux imageries en coupe successives)",
            )
        )
    notes = (
        "Après une période d'observation de la pente évolutive.",
        "Chirurgie à visée de résection complète, discutée collégialement, associée à "
        "l'éradication de la tumeur primitive (avis d'expert).",
        MRI_NOTE,
    )
    return (
        support(
            OptionCode.COMBINED_PRIMARY_LIVER_SURGERY, Level.DISCUSS, unmet, because, notes, also
        ),
    )


@LOCOREGIONAL_RULES.rule(
    id="R2",
    section="synthèse — prise en charge 4",
    source="synthèse, point 4 ; §5.8 ¶4",
    title="Maladie hépatique prédominante : chirurgie si possible, sinon radiologie "
    "interventionnelle",
    excerpt="En cas de maladie hépatique prédominante en particulier si symptomatique ou "
    "avec syndrome sécrétoire non contrôlé, une attitude chirurgicale vis-à-vis des "
    "métastases hépatiques, si la situation locorégionale s’y prête, sera discutée. En cas "
    "d’impossibilité de résection chirurgicale, il faudra discuter les traitements "
    "radiologiques interventionnels hépatiques (embolisations ou thermoablation).",
    reads=(
        "liver_predominant",
        "metastatic_sites",
        "liver_resectable",
        "symptomatic",
        "carcinoid_syndrome",
        "carcinoid_crisis",
    ),
    settings=METASTATIC,
    outcome="Chirurgie hépatique (prédominante, résécable) ; sinon embolisation / "
    "chimio-embolisation ou thermoablation, à discuter.",
    options=(
        OptionCode.LIVER_SURGERY,
        OptionCode.LIVER_EMBOLIZATION,
        OptionCode.LIVER_THERMOABLATION,
    ),
    interpretation="L'embolisation suit le §5.8 (atteinte hépatique diffuse ou non "
    "résécable, prédominante ou non) ; la thermoablation suit la synthèse (maladie "
    "hépatique prédominante).",
)
def r2_liver(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    liver = liver_involved(f)
    if liver is False:
        return ()
    return (_liver_surgery(f), _embolization(f, liver), _thermoablation(f))


def _liver_surgery(f: CaseFacts) -> Finding:
    because: list[Item] = []
    unmet: list[Item] = []
    _flag(
        "liver_predominant",
        f.liver_predominant,
        True,
        "maladie hépatique prédominante requise",
        because,
        unmet,
    )
    _flag(
        "liver_resectable",
        f.liver_resectable,
        True,
        "métastases hépatiques résécables requises (situation locorégionale s'y prêtant)",
        because,
        unmet,
    )
    notes = ("Chirurgie à visée de résection complète, discutée collégialement.", MRI_NOTE)
    return support(OptionCode.LIVER_SURGERY, Level.DISCUSS, unmet, because + _especially(f), notes)


def _embolization(f: CaseFacts, liver: bool | None) -> Finding:
    # §5.8: diffuse liver disease or not amenable to complete resection (predominance is the
    # summary's wording; §5.8 does not require it).
    because = liver_because(f) if liver else []
    unmet = [] if liver else liver_unmet(f)
    _flag(
        "liver_resectable",
        f.liver_resectable,
        False,
        "atteinte hépatique diffuse ou inaccessible à une résection complète requise",
        because,
        unmet,
    )
    notes = (
        "Une ou plusieurs embolisations ou chimio-embolisations ; technique optimale "
        "(microsphères, chimio-embolisation, radioembolisation) à discuter au cas par cas.",
        "Présence de radiologues interventionnels experts indispensable en RCP.",
    )
    return support(
        OptionCode.LIVER_EMBOLIZATION, Level.DISCUSS, unmet, because + _especially(f), notes
    )


def _thermoablation(f: CaseFacts) -> Finding:
    because: list[Item] = []
    unmet: list[Item] = []
    _flag(
        "liver_predominant",
        f.liver_predominant,
        True,
        "maladie hépatique prédominante requise",
        because,
        unmet,
    )
    _flag(
        "liver_resectable",
        f.liver_resectable,
        False,
        "impossibilité de résection chirurgicale requise",
        because,
        unmet,
    )
    return support(
        OptionCode.LIVER_THERMOABLATION,
        Level.DISCUSS,
        unmet,
        because + _especially(f),
        ("Traitement radiologique interventionnel hépatique.",),
    )


@LOCOREGIONAL_RULES.rule(
    id="R3",
    section="5.8",
    source="§5.8 ¶4",
    title="Embolisation contre-indiquée : thrombose portale, anastomose bilio-digestive",
    excerpt="En cas d’atteinte hépatique diffuse ou inaccessible à un geste de résection "
    "complète, ce qui représente la majorité des situations, une ou plusieurs embolisations "
    "ou chimio-embolisations pourront être réalisées en rappelant que ce geste est "
    "contre-indiqué en cas de thrombose portale ou d’anastomose bilio-digestive.",
    reads=("portal_vein_thrombosis", "biliodigestive_anastomosis"),
    settings=METASTATIC,
    outcome="Embolisation contre-indiquée si thrombose portale ou anastomose "
    "bilio-digestive ; non retenue tant que ces deux faits sont inconnus.",
    options=(OptionCode.LIVER_EMBOLIZATION,),
)
def r3_embolization_contraindications(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    flags = (
        ("portal_vein_thrombosis", f.portal_vein_thrombosis),
        ("biliodigestive_anastomosis", f.biliodigestive_anastomosis),
    )
    present = [(n, v) for n, v in flags if v is True]
    if present:
        return (
            contraindicate(
                OptionCode.LIVER_EMBOLIZATION,
                [
                    need(n, False, v, "contre-indication de l'embolisation (§5.8)")
                    for n, v in present
                ],
                [eq(n, v) for n, v in present],
            ),
        )
    unknown = [n for n, v in flags if v is None]
    if unknown:
        # Absent is unknown: the contraindication must be ruled out before the option stands.
        return (
            require(
                OptionCode.LIVER_EMBOLIZATION,
                [
                    need(n, False, None, "contre-indication de l'embolisation à écarter")
                    for n in unknown
                ],
            ),
        )
    return (annotate(OptionCode.LIVER_EMBOLIZATION, [eq(n, v) for n, v in flags]),)


@LOCOREGIONAL_RULES.rule(
    id="R4",
    section="5.8",
    source="§5.8 ¶5",
    title="Chirurgie de cytoréduction, en particulier si syndrome non maîtrisé",
    excerpt="Dans ce contexte, des chirurgies de cytoréduction ont également pu être "
    "réalisées, en particulier en cas de syndrome sécrétoire non maîtrisé, avec une "
    "efficacité indiscutable. La radiofréquence est fréquemment combinée avec la chirurgie "
    "dans un objectif d'épargne parenchymateuse hépatique.",
    reads=(
        "liver_predominant",
        "metastatic_sites",
        "liver_resectable",
        "symptomatic",
        "carcinoid_syndrome",
        "carcinoid_crisis",
    ),
    settings=METASTATIC,
    outcome="Chirurgie de cytoréduction à discuter si atteinte hépatique non résécable en "
    "totalité et syndrome sécrétoire non maîtrisé.",
    options=(OptionCode.CYTOREDUCTIVE_SURGERY,),
    interpretation="« Dans ce contexte » renvoie à l'atteinte hépatique diffuse ou non "
    "résécable en totalité. Le texte ne cite qu'une indication, le syndrome sécrétoire non "
    "maîtrisé : elle est exigée (lecture du moteur, 2.0.0) ; le texte est muet sur une "
    "cytoréduction sans syndrome.",
)
def r4_cytoreduction(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    liver = liver_involved(f)
    if liver is False:
        return ()
    because = liver_because(f) if liver else []
    unmet = [] if liver else liver_unmet(f)
    # "Dans ce contexte": the liver disease is diffuse or not amenable to complete resection.
    _flag(
        "liver_resectable",
        f.liver_resectable,
        False,
        "atteinte hépatique non résécable en totalité requise",
        because,
        unmet,
    )
    # Class 5 (engine 2.0.0): the text names one indication, "en particulier en cas de syndrome
    # sécrétoire non maîtrisé"; outside it the text gives no other, so it is required here.
    if syndrome_uncontrolled(f) is True:
        because += _especially(f)
    else:
        unmet.append(
            need(
                "carcinoid_syndrome",
                (CarcinoidSyndrome.UNCONTROLLED, CarcinoidSyndrome.REFRACTORY),
                f.carcinoid_syndrome,
                "syndrome sécrétoire non maîtrisé requis",
            )
        )
    notes = (
        "Indication en particulier en cas de syndrome sécrétoire non maîtrisé.",
        "Radiofréquence fréquemment combinée à la chirurgie (épargne parenchymateuse hépatique).",
    )
    return (support(OptionCode.CYTOREDUCTIVE_SURGERY, Level.DISCUSS, unmet, because, notes),)


@LOCOREGIONAL_RULES.rule(
    id="R5",
    section="5.8",
    source="§5.8 ¶6",
    title="Métastases osseuses menaçantes ou symptomatiques : traitement local",
    excerpt="Enfin, des traitements locorégionaux tels que l’utilisation de la "
    "radiofréquence, de la cryothérapie, de la radiothérapie, ou de la chirurgie, peuvent "
    "également être utilisés en cas de métastases osseuses menaçantes ou symptomatiques "
    "(voir le chapitre consacré aux métastases osseuses dans le référentiel AURA).",
    reads=("metastatic_sites", "bone_metastases_threatening"),
    settings=METASTATIC,
    outcome="Traitement local osseux (option) si métastases osseuses menaçantes ou symptomatiques.",
    options=(OptionCode.BONE_LOCAL_TREATMENT,),
)
def r5_bone(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    bone_known = MetastaticSite.BONE in (f.metastatic_sites or ())
    if f.bone_metastases_threatening is None and not bone_known:
        return ()
    because = [eq("metastatic_sites", MetastaticSite.BONE)] if bone_known else []
    unmet: list[Item] = []
    _flag(
        "bone_metastases_threatening",
        f.bone_metastases_threatening,
        True,
        "métastases osseuses menaçantes ou symptomatiques requises",
        because,
        unmet,
    )
    notes = (
        "Radiofréquence, cryothérapie, radiothérapie ou chirurgie ; voir le chapitre "
        "« métastases osseuses » du référentiel AURA.",
    )
    return (support(OptionCode.BONE_LOCAL_TREATMENT, Level.OPTION, unmet, because, notes),)


@LOCOREGIONAL_RULES.rule(
    id="R6",
    section="5.8",
    source="§5.8 ¶7",
    title="Résection du primitif malgré les métastases : au cas par cas, maladie contrôlée",
    excerpt="Par ailleurs, la chirurgie de résection de la tumeur bronchique primitive, même "
    "en cas de tumeur carcinoïde métastatique, peut être envisagée au cas par cas en RCP "
    "RENATEN, et réalisée dans des centres experts, en cas de contrôle de la maladie "
    "métastatique, surtout en cas de symptômes liés à la tumeur primitive (hémoptysie, toux, "
    "infections…).",
    reads=("surgery_done", "progression", "primary_resectable", "primary_symptomatic"),
    settings=METASTATIC,
    outcome="Résection du primitif à discuter si maladie métastatique contrôlée (pente "
    "stable) et primitif résécable, surtout s'il est symptomatique.",
    options=(OptionCode.PRIMARY_RESECTION,),
    interpretation="« Contrôle de la maladie métastatique » = pente stable ; la "
    "résécabilité du primitif est exigée.",
)
def r6_primary(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    if f.surgery_done is True:
        return ()
    because: list[Item] = []
    unmet: list[Item] = []
    also: tuple[str, ...] = ()
    # Judgement: "contrôle de la maladie métastatique" is read as a stable slope.
    if f.progression is Progression.STABLE:
        because.append(eq("progression", f.progression))
    else:
        also = () if progression_known(f) else ("P6",)
        unmet.append(
            need(
                "progression",
                Progression.STABLE,
                f.progression,
                "pente stable requise (maladie métastatique contrôlée)",
            )
        )
    _flag(
        "primary_resectable",
        f.primary_resectable,
        True,
        "tumeur primitive résécable requise",
        because,
        unmet,
    )
    if f.primary_symptomatic is True:
        because.append(eq("primary_symptomatic", True))
    notes = (
        "Au cas par cas en RCP RENATEN, dans un centre expert ; surtout en cas de symptômes "
        "liés à la tumeur primitive (hémoptysie, toux, infections).",
    )
    return (support(OptionCode.PRIMARY_RESECTION, Level.DISCUSS, unmet, because, notes, also),)
