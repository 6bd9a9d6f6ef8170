"""CDA R2 N3 documents of the CI-SIS cancer volets (FRCP 2022.01, PPS 2022.01), built with lxml.

Every value goes through lxml (text and attributes are escaped by construction); there is no
string template. The shape follows ANS's example documents of the conformance kit: header,
then the sections the volet requires, each with a human-readable narrative block whose
`content/@ID`s the coded entries reference. Pure module: reads only `interop.documents`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from lxml import etree

from interop import codes
from interop.codes import Code
from interop.documents import (
    Address,
    FrcpDocument,
    Identifier,
    Organisation,
    PatientIdentity,
    PpsDocument,
    Professional,
    TumourDiagnosis,
)

HL7 = "urn:hl7-org:v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP = {None: HL7, "xsi": XSI}
XSI_TYPE = f"{{{XSI}}}type"

# Templates of the header (HL7 France, CI-SIS)
HEADER_TEMPLATES = ("2.16.840.1.113883.2.8.2.1", "1.2.250.1.213.1.1.1.1")
SIMPLE_OBS = ("1.3.6.1.4.1.19376.1.5.3.1.4.13", "1.2.250.1.213.1.1.3.48")
COMMENT_ACT = (
    "2.16.840.1.113883.10.20.1.40",
    "1.3.6.1.4.1.19376.1.5.3.1.4.2",
    "1.2.250.1.213.1.1.3.32",
)
COMMENT_CODE = Code("48767-8", codes.LOINC, "Commentaire", "LOINC")
ETABLISSEMENT = Code("ETABLISSEMENT", "1.2.250.1.213.1.1.4.9", "Etablissement de santé")
SEX = {"F": ("F", "Féminin"), "M": ("M", "Masculin"), "I": ("U", "Inconnu")}


def ts(value: date | datetime) -> str:
    """HL7 TS: YYYYMMDD, or YYYYMMDDHHMMSS±ZZZZ for an aware datetime."""
    if isinstance(value, datetime):
        return value.strftime("%Y%m%d%H%M%S%z")
    return value.strftime("%Y%m%d")


def fr_date(value: date | datetime | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "non renseignée"


def yes_no(value: bool | None) -> str:
    return {True: "Oui", False: "Non", None: "Non renseigné"}[value]


class _Doc:
    """Element helpers and the narrative IDs of one document."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def new_id(self, stem: str) -> str:
        self._ids[stem] = self._ids.get(stem, 0) + 1
        return f"{stem}-{self._ids[stem]}"

    @staticmethod
    def el(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
        if parent is None:
            node = etree.Element(f"{{{HL7}}}{tag}", nsmap=NSMAP)
        else:
            node = etree.SubElement(parent, f"{{{HL7}}}{tag}")
        for key, value in attrs.items():
            if value is None or value == "":
                continue
            name = XSI_TYPE if key == "xsi_type" else key.rstrip("_")
            node.set(name, str(value))
        if text is not None:
            node.text = text
        return node

    def code(self, parent, tag: str, value: Code, **attrs) -> etree._Element:
        return self.el(
            parent,
            tag,
            code=value.code,
            displayName=value.display,
            codeSystem=value.system,
            codeSystemName=value.system_name,
            **attrs,
        )

    def ident(self, parent, identifier: Identifier, tag: str = "id") -> etree._Element:
        return self.el(parent, tag, root=identifier.root, extension=identifier.extension)

    def uid(self, parent) -> etree._Element:
        return self.el(parent, "id", root=str(uuid.uuid4()).upper())

    def templates(self, parent, roots) -> None:
        for root in roots:
            self.el(parent, "templateId", root=root)

    def addr(self, parent, address: Address) -> None:
        if address.is_empty:
            self.el(parent, "addr", nullFlavor="UNK")
            return
        node = self.el(parent, "addr")
        if address.street:
            self.el(node, "streetAddressLine", address.street)
        if address.postal_code:
            self.el(node, "postalCode", address.postal_code)
        if address.city:
            self.el(node, "city", address.city)

    def person_name(self, parent, tag: str, person: Professional) -> None:
        node = self.el(self.el(parent, tag), "name")
        if person.given:
            self.el(node, "given", person.given)
        self.el(node, "family", person.family)
        if person.title:
            self.el(node, "suffix", person.title)

    def organisation(self, parent, tag: str, org: Organisation, *, sic: bool = True) -> None:
        node = self.el(parent, tag)
        self.ident(node, org.identifier)
        self.el(node, "name", org.name)
        if org.phone:
            self.el(node, "telecom", value=f"tel:{org.phone}", use="WP")
        self.addr(node, org.address)
        if sic:
            self.code(node, "standardIndustryClassCode", ETABLISSEMENT)

    def professional_entity(self, parent, tag: str, person: Professional, *, org_tag: str):
        """assignedAuthor / assignedEntity / associatedEntity content."""
        node = self.el(parent, tag, classCode="PROV" if tag == "associatedEntity" else None)
        if person.identifier is not None:
            self.ident(node, person.identifier)
        elif tag != "associatedEntity":
            self.el(node, "id", nullFlavor="UNK")
        if person.specialty is not None:
            self.code(node, "code", person.specialty)
        org = person.organisation
        self.addr(node, org.address if org else Address())
        person_tag = "associatedPerson" if tag == "associatedEntity" else "assignedPerson"
        self.person_name(node, person_tag, person)
        if org is not None:
            self.organisation(node, org_tag, org)
        return node

    # -- narrative ------------------------------------------------------------------------

    def table(self, text_node, heading: str, rows) -> None:
        """A narrative table; a cell given as (id, value) becomes <content ID=id>value."""
        table = self.el(text_node, "table", border="1")
        head = self.el(self.el(table, "thead"), "tr")
        self.el(head, "th", heading, colspan=str(max(len(r) for r in rows) if rows else 1))
        body = self.el(table, "tbody")
        for row in rows:
            tr = self.el(body, "tr")
            for cell in row:
                td = self.el(tr, "td")
                if isinstance(cell, tuple):
                    self.lines(self.el(td, "content", ID=cell[0]), cell[1])
                else:
                    self.lines(td, cell)

    def lines(self, node, text: str) -> None:
        """Text with its line breaks as <br/> (a newline alone is only a space in CDA)."""
        parts = text.split("\n")
        node.text = parts[0]
        for part in parts[1:]:
            self.el(node, "br").tail = part

    # -- entries --------------------------------------------------------------------------

    def simple_obs(
        self, parent, code: Code, ref: str, *, value=None, when=None, extra_templates=()
    ) -> etree._Element:
        """FR-Simple-Observation: code, narrative reference, value (Code, bool or None)."""
        obs = self.el(parent, "observation", classCode="OBS", moodCode="EVN")
        self.templates(obs, (*SIMPLE_OBS, *extra_templates))
        self.uid(obs)
        self.code(obs, "code", code)
        self.el(self.el(obs, "text"), "reference", value=f"#{ref}")
        self.el(obs, "statusCode", code="completed")
        if when is None:
            self.el(obs, "effectiveTime", nullFlavor="NA")
        else:
            self.el(obs, "effectiveTime", value=ts(when))
        if isinstance(value, bool):
            self.el(obs, "value", xsi_type="BL", value="true" if value else "false")
        elif isinstance(value, Code):
            self.code(obs, "value", value, xsi_type="CD")
        else:
            self.el(obs, "value", xsi_type="CD", nullFlavor="NA")
        return obs

    def comment(self, parent, ref: str, *, rel: str | None = "SUBJ", inversion=False):
        holder = parent
        if rel is not None:
            holder = self.el(
                parent,
                "entryRelationship",
                typeCode=rel,
                inversionInd="true" if inversion else None,
            )
        act = self.el(holder, "act", classCode="ACT", moodCode="EVN")
        self.templates(act, COMMENT_ACT)
        self.code(act, "code", COMMENT_CODE)
        self.el(self.el(act, "text"), "reference", value=f"#{ref}")
        self.el(act, "statusCode", code="completed")
        return act

    def section(self, body, templates, code: Code, title: str):
        section = self.el(self.el(body, "component"), "section")
        self.templates(section, templates)
        self.uid(section)
        self.code(section, "code", code)
        self.el(section, "title", title)
        text = self.el(section, "text")
        return section, text

    def entry(self, section) -> etree._Element:
        return self.el(section, "entry")


# -- header ---------------------------------------------------------------------------------


def _header(d: _Doc, root, doc, *, template, type_code: Code, title: str) -> None:
    d.el(root, "realmCode", code="FR")
    d.el(root, "typeId", root="2.16.840.1.113883.1.3", extension="POCD_HD000040")
    d.templates(root, HEADER_TEMPLATES)
    d.el(root, "templateId", root=template[0], extension=template[1])
    d.ident(root, doc.document_id)
    d.code(root, "code", type_code)
    d.el(root, "title", title)
    d.el(root, "effectiveTime", value=ts(doc.created_at))
    d.el(
        root,
        "confidentialityCode",
        code="N",
        codeSystem=codes.CONFIDENTIALITY,
        displayName="Normal",
    )
    d.el(root, "languageCode", code="fr-FR")
    d.ident(root, doc.set_id, tag="setId")
    d.el(root, "versionNumber", value=str(doc.version))
    _record_target(d, root, doc.patient)
    author = d.el(root, "author")
    if doc.author.role:
        fc = d.el(author, "functionCode", nullFlavor="NA")
        d.el(fc, "originalText", doc.author.role)
    d.el(author, "time", value=ts(doc.authored_at))
    d.professional_entity(author, "assignedAuthor", doc.author, org_tag="representedOrganization")
    custodian = d.el(d.el(root, "custodian"), "assignedCustodian")
    d.organisation(custodian, "representedCustodianOrganization", doc.custodian, sic=False)
    legal = d.el(root, "legalAuthenticator")
    d.el(legal, "time", value=ts(doc.authenticated_at))
    d.el(legal, "signatureCode", code="S")
    d.professional_entity(
        legal, "assignedEntity", doc.legal_authenticator, org_tag="representedOrganization"
    )


def _record_target(d: _Doc, root, patient: PatientIdentity) -> None:
    role = d.el(d.el(root, "recordTarget"), "patientRole")
    for identifier in patient.identifiers:
        d.ident(role, identifier)
    person = d.el(role, "patient", classCode="PSN")
    name = d.el(person, "name")
    d.el(name, "family", patient.family, qualifier="BR")
    d.el(name, "given", patient.given)
    first = patient.given.split()[0] if patient.given.split() else patient.given
    d.el(name, "given", first, qualifier="BR")
    sex_code, sex_label = SEX[patient.sex]
    d.el(
        person,
        "administrativeGenderCode",
        code=sex_code,
        displayName=sex_label,
        codeSystem=codes.GENDER,
    )
    d.el(person, "birthTime", value=ts(patient.birth_date))


def _participant(d: _Doc, root, type_code: str, function: Code | None, text: str, person):
    part = d.el(root, "participant", typeCode=type_code)
    if function is None:
        fc = d.el(part, "functionCode", nullFlavor="NA")
    else:
        fc = d.code(part, "functionCode", function)
    d.el(fc, "originalText", text)
    d.el(part, "time", nullFlavor="UNK")
    d.professional_entity(part, "associatedEntity", person, org_tag="scopingOrganization")


def _encounter(d: _Doc, root, doc, ids, start) -> None:
    encounter = d.el(d.el(root, "componentOf"), "encompassingEncounter")
    if ids is not None:
        for identifier in (ids.network, ids.manager, ids.board, ids.session, ids.local_board):
            if identifier is not None:
                d.ident(encounter, identifier)
        d.el(
            encounter,
            "code",
            code="VR",
            displayName="Virtuelle (exemple : RCP en l'absence du patient)",
            codeSystem="2.16.840.1.113883.5.4",
        )
    if start is not None:
        d.el(d.el(encounter, "effectiveTime"), "low", value=ts(start))
    else:
        d.el(encounter, "effectiveTime", nullFlavor="UNK")
    facility = d.el(d.el(encounter, "location"), "healthCareFacility")
    d.ident(facility, doc.facility.identifier)
    place = d.el(facility, "location")
    d.el(place, "name", doc.facility.name)
    d.addr(place, doc.facility.address)


# -- shared body parts ----------------------------------------------------------------------

RCP_SERVICE = Code(
    "39",
    "1.2.250.1.213.3.3.13",
    "Réunion de Concertation Pluridisciplinaire (RCP)",
    "TRE_R213-ModePriseEnCharge",
)
DIAGNOSIS_SECTION = (
    "2.16.840.1.113883.10.20.1.11",
    "1.3.6.1.4.1.19376.1.5.3.1.3.6",
    "1.3.6.1.4.1.19376.1.7.3.1.3.14.1",
    "1.2.250.1.213.1.1.2.27",
)
PROBLEM_CONCERN = (
    "2.16.840.1.113883.10.20.1.27",
    "1.3.6.1.4.1.19376.1.5.3.1.4.5.1",
    "1.3.6.1.4.1.19376.1.5.3.1.4.5.2",
    "1.2.250.1.213.1.1.3.39",
    "1.2.250.1.213.1.1.3.39.1",
)
CANCER_DIAGNOSIS_OBS = (
    "2.16.840.1.113883.10.20.1.28",
    "1.3.6.1.4.1.19376.1.5.3.1.4.5",
    "1.2.250.1.213.1.1.3.37",
    "1.3.6.1.4.1.19376.1.7.3.1.4.14.1",
    "1.2.250.1.213.1.1.3.113",
)
TNM_LOINC = {
    "t": Code("21905-5", codes.LOINC, "TNM Clinique T", "LOINC"),
    "n": Code("21906-3", codes.LOINC, "TNM Clinique N", "LOINC"),
    "m": Code("21907-1", codes.LOINC, "TNM Clinique M", "LOINC"),
}


def _diagnosis_section(d: _Doc, body, dx: TumourDiagnosis) -> None:
    section, text = d.section(
        body,
        DIAGNOSIS_SECTION,
        Code("72135-7", codes.LOINC, "Diagnostic du cancer", "LOINC"),
        "TUMEUR",
    )
    ids = {
        k: d.new_id(k)
        for k in ("tumeur", "topographie", "morphologie", "tnm", "commentaire-tumeur")
    }
    tnm_ids = {k: d.new_id(f"tnm-{k}") for k in ("t", "n", "m")}
    rows = [
        ["Date du diagnostic initial", fr_date(dx.diagnosis_date)],
        [
            "Topographie",
            (ids["topographie"], f"{dx.topography.code} [CIM-10] {dx.topography.display}"),
        ],
        [
            "Morphologie",
            (
                ids["morphologie"],
                f"{dx.morphology.code} [CIM-O-3] {dx.morphology_text}"
                if dx.morphology
                else dx.morphology_text,
            ),
        ],
        ["Classification", (ids["tnm"], f"TNM UICC {dx.tnm_edition}e édition")],
        *[
            [f"TNM ({k.upper()})", (tnm_ids[k], getattr(dx, k) or "non renseigné")]
            for k in ("t", "n", "m")
        ],
        ["Commentaire sur la tumeur", (ids["commentaire-tumeur"], dx.comment or "—")],
    ]
    d.table(text, "Tumeur primitive", rows)
    text[0].set("ID", ids["tumeur"])
    act = d.el(d.entry(section), "act", classCode="ACT", moodCode="EVN")
    d.templates(act, PROBLEM_CONCERN)
    d.uid(act)
    d.el(act, "code", nullFlavor="NA")
    d.el(act, "statusCode", code="active")
    when = d.el(act, "effectiveTime")
    if dx.diagnosis_date:
        d.el(when, "low", value=ts(dx.diagnosis_date))
    else:
        d.el(when, "low", nullFlavor="UNK")
    rel = d.el(act, "entryRelationship", typeCode="SUBJ", inversionInd="false")
    obs = d.el(rel, "observation", classCode="OBS", moodCode="EVN", negationInd="false")
    d.templates(obs, CANCER_DIAGNOSIS_OBS)
    d.uid(obs)
    d.code(obs, "code", Code("282291009", codes.SNOMED, "interprétation diagnostique", "SNOMED CT"))
    d.el(d.el(obs, "text"), "reference", value=f"#{ids['tumeur']}")
    d.el(obs, "statusCode", code="completed")
    when = d.el(obs, "effectiveTime")
    if dx.diagnosis_date:
        d.el(when, "low", value=ts(dx.diagnosis_date))
    else:
        d.el(when, "low", nullFlavor="UNK")
    if dx.morphology is not None:
        value = d.code(obs, "value", dx.morphology, xsi_type="CD")
    else:
        value = d.el(obs, "value", xsi_type="CD", nullFlavor="OTH")
    d.el(d.el(value, "originalText"), "reference", value=f"#{ids['morphologie']}")
    site = d.code(obs, "targetSiteCode", dx.topography)
    d.el(d.el(site, "originalText"), "reference", value=f"#{ids['topographie']}")
    rel = d.el(obs, "entryRelationship", typeCode="SUBJ", inversionInd="false")
    tnm = d.el(rel, "observation", classCode="OBS", moodCode="EVN", negationInd="false")
    d.templates(tnm, ("1.3.6.1.4.1.19376.1.7.3.1.4.14.2",))
    d.code(tnm, "code", Code("75620-5", codes.LOINC, "Stade TNM Clinique", "LOINC"))
    d.el(d.el(tnm, "text"), "reference", value=f"#{ids['tnm']}")
    d.el(tnm, "statusCode", code="completed")
    d.el(tnm, "effectiveTime", nullFlavor="UNK")
    tnm_value = d.el(tnm, "value", xsi_type="CD")
    qualifier = d.el(tnm_value, "qualifier")
    d.code(qualifier, "name", Code("21917-0", codes.LOINC, "Version TNM Classification", "LOINC"))
    d.el(
        qualifier,
        "value",
        xsi_type="CD",
        code=dx.tnm_edition,
        displayName=f"TNM_UICC {dx.tnm_edition}ème édition",
        codeSystem=codes.TNM_UICC,
        codeSystemName="TNM_UICC",
    )
    for key, loinc in TNM_LOINC.items():
        category = getattr(dx, key)
        comp = d.el(tnm, "entryRelationship", typeCode="COMP")
        observation = d.simple_obs(comp, loinc, tnm_ids[key])
        value = observation.find(f"{{{HL7}}}value")
        observation.remove(value)
        if category:
            d.el(
                observation,
                "value",
                xsi_type="CD",
                code=category,
                displayName=category,
                codeSystem=codes.TNM_UICC,
                codeSystemName="TNM_UICC",
                codeSystemVersion=dx.tnm_edition,
            )
        else:
            d.el(observation, "value", xsi_type="CD", nullFlavor="UNK")
    d.comment(obs, ids["commentaire-tumeur"], inversion=True)


def _progress_section(d: _Doc, body, phase: str, when: date | datetime) -> None:
    section, text = d.section(
        body,
        ("1.3.6.1.4.1.19376.1.5.3.1.1.13.2.7", "1.2.250.1.213.1.1.2.25"),
        Code("18733-6", codes.LOINC, "Note de progression", "LOINC"),
        "PHASE CLINIQUE DE LA MALADIE",
    )
    ref = d.new_id("phase")
    known = codes.CANCER_PHASE.get(phase)
    d.table(text, "Phase du cancer", [["Phase", (ref, known.display if known else "Non précisée")]])
    d.simple_obs(
        d.entry(section),
        Code("MED-243", codes.TA_ASIP, "Phase du cancer", "TA_ASIP"),
        ref,
        value=known,  # None: nullFlavor, which the value set allows
        when=when,
    )


def _status_section(d: _Doc, body, status: str, when, comment: str, extra=None) -> None:
    section, text = d.section(
        body,
        ("1.2.250.1.213.1.1.2.35",),
        Code("33557-0", codes.LOINC, "Etat d'achèvement", "LOINC"),
        "Statut du document",
    )
    status_ref, comment_ref = d.new_id("statut-document"), d.new_id("commentaire-document")
    rows = [
        ["Statut du document", (status_ref, codes.DOCUMENT_STATUS[status].display)],
        ["Date du statut du document", fr_date(when)],
        ["Commentaire", (comment_ref, comment or "—")],
    ]
    if extra:
        rows.extend(extra)
    d.table(text, "Statut du document", rows)
    obs = d.simple_obs(
        d.entry(section),
        Code("GEN-065", codes.TA_ASIP, "Statut du document", "TA_ASIP"),
        status_ref,
        value=codes.DOCUMENT_STATUS[status],
        when=when,
        extra_templates=("1.2.250.1.213.1.1.3.48.16",),
    )
    d.comment(obs, comment_ref)
    return section


# -- FRCP -----------------------------------------------------------------------------------


def build_frcp(doc: FrcpDocument) -> etree._ElementTree:
    d = _Doc()
    root = d.el(None, "ClinicalDocument")
    _header(d, root, doc, template=codes.FRCP_TEMPLATE, type_code=codes.FRCP_TYPE, title=doc.title)
    coordinator = doc.legal_authenticator
    _participant(d, root, "RESP", None, "Médecin coordonnateur de la RCP", coordinator)
    if doc.requester is not None:
        _participant(d, root, "REFB", None, "Médecin demandeur", doc.requester)
    member_fn = Code("353", "1.2.250.1.213.1.6.1.107", "Membre de l'équipe de soins")
    other_fn = Code("CORRE", "1.2.250.1.213.1.1.4.2.280", "Correspondant")
    for member in doc.members:
        if member.in_quorum:
            _participant(d, root, "PRF", member_fn, "Participant du quorum", member.professional)
        else:
            _participant(d, root, "PRF", other_fn, "Participant hors quorum", member.professional)
    service = d.el(d.el(root, "documentationOf"), "serviceEvent", classCode="ACT")
    code = d.code(service, "code", RCP_SERVICE)
    d.el(code, "originalText", doc.board_name)
    d.el(d.el(service, "effectiveTime"), "low", value=ts(doc.session_start))
    performer = d.el(service, "performer", typeCode="PRF")
    d.professional_entity(
        performer, "assignedEntity", coordinator, org_tag="representedOrganization"
    )
    topo = d.el(d.el(root, "documentationOf"), "serviceEvent", classCode="ACT")
    d.code(topo, "code", doc.diagnosis.topography)
    _encounter(d, root, doc, doc.encounter_ids, doc.session_start)
    body = d.el(d.el(root, "component"), "structuredBody")
    _frcp_reason(d, body, doc)
    _frcp_events(d, body, doc)
    _diagnosis_section(d, body, doc.diagnosis)
    _progress_section(d, body, doc.phase, doc.session_start)
    _frcp_history(d, body, doc)
    _frcp_case_status(d, body, doc)
    _frcp_care_plan(d, body, doc)
    _frcp_framework(d, body, doc)
    _status_section(d, body, doc.status, doc.authenticated_at, doc.comment)
    return etree.ElementTree(root)


def _frcp_reason(d: _Doc, body, doc: FrcpDocument) -> None:
    """Organ RCP of the respiratory system; RENATEN boards are referral (recours) RCPs for a
    rare cancer, adult patients; the motive is a therapeutic proposal."""
    section, text = d.section(
        body,
        (
            "1.3.6.1.4.1.19376.1.5.3.1.3.1",
            "1.3.6.1.4.1.19376.1.5.3.1.3.2",
            "1.2.250.1.213.1.1.2.128",
        ),
        Code("42349-1", codes.LOINC, "Raison de la recommandation", "LOINC"),
        "TYPE DE RCP / MOTIF DE LA RCP",
    )
    ref = {
        k: d.new_id(k)
        for k in (
            "nature",
            "appareil",
            "organe",
            "recours",
            "pediatrique",
            "motif",
            "avis",
            "proposition",
            "motif-recours",
            "pediatrie",
            "statut-cas",
            "raison",
        )
    }
    d.table(
        text,
        "Type de RCP",
        [
            ["Nature de la discussion", (ref["nature"], codes.ORGAN_BOARD.display)],
            ["Appareil", (ref["appareil"], codes.RESPIRATORY_SYSTEM.display)],
            ["Organe", (ref["organe"], codes.LUNG_ORGAN.display)],
            ["RCP de recours", (ref["recours"], "Oui")],
            ["RCP pédiatrique", (ref["pediatrique"], "Non")],
        ],
    )
    d.table(
        text,
        "Motif de la RCP",
        [
            ["Motif de présentation", (ref["raison"], doc.reason or "—")],
            ["Avis diagnostique", (ref["avis"], "Non")],
            ["Proposition thérapeutique (dont surveillance)", (ref["proposition"], "Oui")],
            ["Recours", (ref["motif-recours"], "Oui")],
            ["Pédiatrique", (ref["pediatrie"], "Non")],
            [
                "Statut du cas présenté",
                (ref["statut-cas"], codes.CASE_STATUS[doc.case_status].display),
            ],
        ],
    )
    nature = d.simple_obs(
        d.entry(section),
        Code("GEN-098", codes.TA_ASIP, "Nature de la discussion", "TA_ASIP"),
        ref["nature"],
        value=codes.ORGAN_BOARD,
    )
    organ_type = d.simple_obs(
        d.el(nature, "entryRelationship", typeCode="SUBJ"),
        Code("ORG-118", codes.TA_ASIP, "Appareil concerné", "TA_ASIP"),
        ref["appareil"],
        value=codes.RESPIRATORY_SYSTEM,
    )
    for code, key, value in (
        (Code("ORG-119", codes.TA_ASIP, "Organe", "TA_ASIP"), "organe", codes.LUNG_ORGAN),
        (Code("ORG-184", codes.TA_ASIP, "RCP de recours", "TA_ASIP"), "recours", True),
        (Code("ORG-185", codes.TA_ASIP, "RCP pédiatrique", "TA_ASIP"), "pediatrique", False),
    ):
        d.simple_obs(
            d.el(organ_type, "entryRelationship", typeCode="REFR"), code, ref[key], value=value
        )
    motive = d.simple_obs(
        d.el(nature, "entryRelationship", typeCode="SUBJ"),
        Code("ORG-186", codes.TA_ASIP, "Motif de la RCP", "TA_ASIP"),
        ref["raison"],
    )
    for code, key, value in (
        (Code("MED-235", codes.TA_ASIP, "Avis diagnostique", "TA_ASIP"), "avis", False),
        (
            Code(
                "ORG-114",
                codes.TA_ASIP,
                "Proposition de traitement (dont ajustement et surveillance)",
                "TA_ASIP",
            ),
            "proposition",
            True,
        ),
        (Code("ORG-115", codes.TA_ASIP, "Recours", "TA_ASIP"), "motif-recours", True),
        (Code("ORG-116", codes.TA_ASIP, "Pédiatrie", "TA_ASIP"), "pediatrie", False),
        (
            Code("ORG-127", codes.TA_ASIP, "Statut du cas présenté", "TA_ASIP"),
            "statut-cas",
            codes.CASE_STATUS[doc.case_status],
        ),
    ):
        d.simple_obs(
            d.el(motive, "entryRelationship", typeCode="REFR"), code, ref[key], value=value
        )


def _frcp_events(d: _Doc, body, doc: FrcpDocument) -> None:
    section, text = d.section(
        body,
        (
            "1.3.6.1.4.1.19376.1.5.3.1.1.21.2.9",
            "1.3.6.1.4.1.19376.1.7.3.1.1.13.7",
            "1.2.250.1.213.1.1.2.163",
        ),
        Code("42545-4", codes.LOINC, "Evènements observés", "LOINC"),
        "MODE DE DÉCOUVERTE DU CANCER",
    )
    ref = d.new_id("depistage")
    d.table(text, "Mode de découverte du cancer", [["Patient issu du dépistage", (ref, "Non")]])
    d.simple_obs(
        d.entry(section),
        Code("63921-1", codes.LOINC, "Dépistage du cancer", "LOINC"),
        ref,
        value=False,
    )


def _frcp_history(d: _Doc, body, doc: FrcpDocument) -> None:
    _section, text = d.section(
        body,
        ("1.3.6.1.4.1.19376.1.5.3.1.3.4", "1.2.250.1.213.1.1.2.130"),
        Code("10164-2", codes.LOINC, "Histoire de la maladie", "LOINC"),
        "SYNTHÈSE DU CAS PRÉSENTÉ ET QUESTION POSÉE À LA RCP",
    )
    d.table(text, "Synthèse du cas présenté", [[doc.summary or "—"]])
    d.table(text, "Question posée à la RCP", [[doc.question or "—"]])


def _frcp_case_status(d: _Doc, body, doc: FrcpDocument) -> None:
    section, text = d.section(
        body,
        ("1.2.250.1.213.1.1.2.33",),
        Code("21874-3", codes.LOINC, "Statut du dossier présenté en RCP", "LOINC"),
        "STATUT DU DOSSIER PRÉSENTÉ EN RCP",
    )
    complete, quorum = d.new_id("dossier-complet"), d.new_id("quorum")
    participants = d.new_id("participants")
    members = "; ".join(
        f"{m.professional.display_name}"
        + (f" ({m.professional.specialty.display})" if m.professional.specialty else "")
        + ("" if m.in_quorum else " — hors quorum")
        for m in doc.members
    )
    d.table(
        text,
        "Statut du dossier présenté à la RCP",
        [
            ["Dossier complet", (complete, yes_no(doc.dossier_complete))],
            ["Quorum", (quorum, codes.QUORUM[doc.quorum].display)],
            ["Participants", (participants, members or "—")],
        ],
    )
    organizer = d.el(d.entry(section), "organizer", classCode="CLUSTER", moodCode="EVN")
    d.templates(organizer, ("1.2.250.1.213.1.1.3.7",))
    d.code(organizer, "code", Code("GEN-099", codes.TA_ASIP, "Information RCP", "TA_ASIP"))
    d.el(organizer, "statusCode", code="completed")
    d.simple_obs(
        d.el(organizer, "component"),
        Code("GEN-100", codes.TA_ASIP, "Dossier complet", "TA_ASIP"),
        complete,
        value=doc.dossier_complete,
    )
    d.simple_obs(
        d.el(organizer, "component"),
        Code("ORG-125", codes.TA_ASIP, "Quorum RCP", "TA_ASIP"),
        quorum,
        value=codes.QUORUM[doc.quorum],
    )


def _frcp_care_plan(d: _Doc, body, doc: FrcpDocument) -> None:
    section, text = d.section(
        body,
        (
            "2.16.840.1.113883.10.20.1.10",
            "1.3.6.1.4.1.19376.1.5.3.1.3.36",
            "1.2.250.1.213.1.1.2.158",
        ),
        Code("18776-5", codes.LOINC, "Plan de soins", "LOINC"),
        "PROPOSITION DE LA RCP",
    )
    opinion = d.new_id("avis-rcp")
    rows = []
    refs = []
    for proposal in doc.proposals:
        ref = d.new_id("traitement")
        refs.append(ref)
        rank = (
            "1 (première intention)"
            if proposal.intention == 1
            else f"{proposal.intention} (alternative)"
        )
        rows.append(
            [
                rank,
                str(proposal.sequence),
                proposal.type.display,
                (ref, proposal.label),
                proposal.detail or "—",
            ]
        )
    if rows:
        d.table(text, "Proposition(s) thérapeutique(s)", rows)
    else:
        d.table(
            text,
            "Proposition(s) thérapeutique(s)",
            [["Aucune proposition : le dossier sera représenté à une prochaine séance."]],
        )
    d.table(text, "Avis de la RCP", [[(opinion, doc.proposal_text or "—")]])
    for proposal, ref in zip(doc.proposals, refs, strict=True):
        proc = d.el(
            d.entry(section), "procedure", classCode="PROC", moodCode="INT", negationInd="false"
        )
        d.templates(
            proc,
            (
                "2.16.840.1.113883.10.20.1.25",
                "1.3.6.1.4.1.19376.1.5.3.1.4.19",
                "1.2.250.1.213.1.1.3.62",
            ),
        )
        d.uid(proc)
        code = d.code(proc, "code", proposal.type)
        d.el(d.el(code, "originalText"), "reference", value=f"#{ref}")
        d.el(d.el(proc, "text"), "reference", value=f"#{ref}")
        d.el(proc, "statusCode", code="active")
        d.el(proc, "effectiveTime", nullFlavor="UNK")
        priority = d.el(proc, "priorityCode")
        d.el(priority, "originalText", str(proposal.intention))
    d.comment(d.entry(section), opinion, rel=None)


def _frcp_framework(d: _Doc, body, doc: FrcpDocument) -> None:
    section, text = d.section(
        body,
        ("1.2.250.1.213.1.1.2.175",),
        Code("35510-7", codes.LOINC, "Essais cliniques - Informations générales", "LOINC"),
        "CADRE DE LA PROPOSITION THÉRAPEUTIQUE",
    )
    ref = {
        k: d.new_id(k)
        for k in ("pratique-clinique", "nom-referentiel", "essai", "commentaire-cadre")
    }
    concordance = {
        True: "Oui",
        False: "Non (hors référentiel)",
        None: "Sans objet (aucune proposition)",
    }[doc.guideline_concordant]
    d.table(
        text,
        "Cadre de la proposition thérapeutique",
        [
            ["Proposition conforme au référentiel", (ref["pratique-clinique"], concordance)],
            ["Référentiel utilisé", (ref["nom-referentiel"], doc.guideline_name or "—")],
            [
                "Proposition d'inclusion dans un essai clinique",
                (ref["essai"], f"Oui ({doc.trial_id})" if doc.trial_proposed else "Non"),
            ],
            ["Commentaire sur le cadre", (ref["commentaire-cadre"], doc.framework_comment or "—")],
        ],
    )
    obs = d.simple_obs(
        d.entry(section),
        Code(
            "MED-249", codes.TA_ASIP, "Recommandation/référentiel de pratique clinique", "TA_ASIP"
        ),
        ref["pratique-clinique"],
        when=doc.guideline_date,
    )
    value = obs.find(f"{{{HL7}}}value")
    for key in list(value.attrib):
        del value.attrib[key]
    value.set(XSI_TYPE, "CD")
    d.el(d.el(value, "originalText"), "reference", value=f"#{ref['nom-referentiel']}")
    d.simple_obs(
        d.entry(section),
        Code("MED-250", codes.TA_ASIP, "Proposition d'inclusion dans un essai clinique", "TA_ASIP"),
        ref["essai"],
        value=doc.trial_proposed,
    )
    d.comment(d.entry(section), ref["commentaire-cadre"], rel=None)


# -- PPS ------------------------------------------------------------------------------------


def build_pps(doc: PpsDocument) -> etree._ElementTree:
    d = _Doc()
    root = d.el(None, "ClinicalDocument")
    _header(d, root, doc, template=codes.PPS_TEMPLATE, type_code=codes.PPS_TYPE, title=doc.title)
    service = d.el(d.el(root, "documentationOf"), "serviceEvent", classCode="ACT")
    d.el(d.el(service, "effectiveTime"), "low", value=ts(doc.board_date))
    performer = d.el(service, "performer", typeCode="PRF")
    d.professional_entity(
        performer, "assignedEntity", doc.author, org_tag="representedOrganization"
    )
    _encounter(d, root, doc, None, None)
    body = d.el(d.el(root, "component"), "structuredBody")
    _diagnosis_section(d, body, doc.diagnosis)
    _progress_section(d, body, doc.phase, doc.board_date)
    _pps_programme(d, body, doc)
    _pps_support(d, body, doc)
    _status_section(
        d,
        body,
        doc.status,
        doc.authenticated_at,
        doc.comment,
        extra=[
            ["Date de la RCP", fr_date(doc.board_date)],
            ["Remis au patient le", fr_date(doc.handed_on)],
        ],
    )
    return etree.ElementTree(root)


def _care_procedure(d: _Doc, section, kind_code: Code, care, ref: str) -> None:
    proc = d.el(d.entry(section), "procedure", classCode="PROC", moodCode="INT")
    d.templates(
        proc,
        (
            "1.3.6.1.4.1.19376.1.5.3.1.4.19",
            "2.16.840.1.113883.10.20.1.25",
            "1.2.250.1.213.1.1.3.62",
        ),
    )
    d.uid(proc)
    code = d.code(proc, "code", kind_code)
    qualifier = d.el(code, "qualifier")
    d.code(qualifier, "value", care.type)
    d.el(d.el(proc, "text"), "reference", value=f"#{ref}")
    d.el(proc, "statusCode", code="active")
    when = d.el(proc, "effectiveTime")
    d.el(when, "low", **({"value": ts(care.start)} if care.start else {"nullFlavor": "UNK"}))
    if care.end:
        d.el(when, "high", value=ts(care.end))


def _pps_programme(d: _Doc, body, doc: PpsDocument) -> None:
    section, text = d.section(
        body,
        (
            "2.16.840.1.113883.10.20.1.10",
            "1.3.6.1.4.1.19376.1.5.3.1.3.36",
            "1.2.250.1.213.1.1.2.158",
        ),
        Code("18776-5", codes.LOINC, "Plan de soins", "LOINC"),
        "PROGRAMME THÉRAPEUTIQUE ET DE SUIVI",
    )
    code = section.find(f"{{{HL7}}}code")
    d.code(
        code,
        "translation",
        Code("MED-566", codes.TA_ASIP, "Programme thérapeutique et de suivi", "TA_ASIP"),
    )
    rows, refs = [], []
    for care in doc.care:
        ref = d.new_id("soin")
        refs.append(ref)
        rows.append(
            [
                "Traitement" if care.kind == "treatment" else "Suivi",
                care.type.display,
                (ref, care.label),
                f"{fr_date(care.start)} → {fr_date(care.end)}" if care.end else fr_date(care.start),
                care.performer or "—",
                care.comment or "—",
            ]
        )
    d.table(text, "Calendrier des soins", rows)
    for care, ref in zip(doc.care, refs, strict=True):
        kind = codes.PPS_TREATMENT if care.kind == "treatment" else codes.PPS_FOLLOW_UP
        _care_procedure(d, section, kind, care, ref)


def _pps_support(d: _Doc, body, doc: PpsDocument) -> None:
    _section, text = d.section(
        body,
        ("2.16.840.1.113883.10.12.201", "1.3.6.1.4.1.19376.1.4.1.2.16", "1.2.250.1.213.1.1.2.73"),
        Code("55112-7", codes.LOINC, "Commentaire", "LOINC"),
        "INFORMATIONS POUR LE PATIENT",
    )
    d.table(
        text,
        "Information pour le patient",
        [
            ["Qui contacter", doc.contact],
            ["Soins de support", doc.supportive_care or "—"],
            ["Information pour le patient", doc.patient_information or "—"],
        ],
    )


def to_bytes(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
