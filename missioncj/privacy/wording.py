"""Fixed texts of the privacy record: the 42 CFR 2.32 redisclosure statements (regulatory text,
never paraphrased) and the statements a consent form must carry, in English and Spanish.

The regulatory statements follow the 2024 final rule (89 FR 12472). Check them against the
current eCFR before go-live (docs/privacy.md); `MISSIONCJ_REDISCLOSURE_NOTICE` picks statement
1 (`long`) or 2 (`short`)."""

from __future__ import annotations

from missioncj.config import config

NOTICE_LONG = (
    "This record which has been disclosed to you is protected by Federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or "
    "testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, except "
    "as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR "
    "2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or "
    "disclosure of this record unless at least one of the following applies: (i) Further use "
    "or disclosure is expressly permitted by the written consent of the individual whose "
    "information is being disclosed in this record or as otherwise permitted by 42 CFR part 2. "
    "(ii) You are a covered entity or business associate and have received the record for "
    "treatment, payment, or health care operations, or (iii) You have received the record from "
    "a covered entity or business associate as permitted by 45 CFR part 164, subparts A and E. "
    "A general authorization for the release of medical or other information is NOT "
    "sufficient to meet the required elements of written consent to further use or redisclose "
    "the record (see 42 CFR 2.31)."
)
NOTICE_SHORT = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."

# A phrase present in both statements: tests look for it on every page of a packet.
NOTICE_MARK = "42 CFR part 2"


def notice_text() -> str:
    return NOTICE_LONG if config.redisclosure_notice == "long" else NOTICE_SHORT


def notice_kind() -> str:
    return config.redisclosure_notice


# What a consent form must say besides its particulars (42 CFR 2.31(a), 2.35), by language.
FORM_STATEMENTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Consent for the release of confidential substance use disorder information",
        "intro": (
            "I authorize the disclosure described below. My records are protected by federal "
            "confidentiality rules (42 CFR part 2) and cannot be disclosed without my written "
            "consent unless the regulations say otherwise."
        ),
        "revoke_any_time": (
            "I may revoke this consent at any time, in writing, by giving or sending a signed "
            "note to the program. Revoking it does not undo anything the program already did "
            "relying on it."
        ),
        "revoke_cj": (
            "Because this consent is a condition of my court case (42 CFR 2.35), I cannot "
            "revoke it before the date or event stated below, and no later than the final "
            "disposition of the case it will become revocable. After that I may revoke it in "
            "writing. Revoking it does not undo anything already done relying on it."
        ),
        "cj_use": (
            "The people receiving this information may use it and pass it on only to carry out "
            "their official duties in the court case this consent is about."
        ),
        "tpo_redisclosure": (
            "If a recipient is a HIPAA covered entity or business associate, the information "
            "may be used and disclosed again as HIPAA allows, except in proceedings against "
            "me. Information disclosed under this consent may then no longer be protected by "
            "42 CFR part 2."
        ),
        "refusal": (
            "I do not have to sign this consent. Refusing to sign will not affect my treatment "
            "in this program, payment, enrollment or eligibility for benefits, except where "
            "the court requires this consent as a condition of my case."
        ),
        "counseling_alone": (
            "This consent is only for SUD counseling notes. It cannot be combined with any "
            "other consent."
        ),
        "signature": "Signature of the participant or person authorized to sign",
        "date": "Date signed",
    },
    "es": {
        "title": (
            "Consentimiento para divulgar información confidencial sobre el trastorno por "
            "consumo de sustancias"
        ),
        "intro": (
            "Autorizo la divulgación descrita abajo. Mis expedientes están protegidos por las "
            "normas federales de confidencialidad (42 CFR parte 2) y no se pueden divulgar sin "
            "mi consentimiento por escrito, salvo lo que permitan esas normas."
        ),
        "revoke_any_time": (
            "Puedo revocar este consentimiento en cualquier momento, por escrito, entregando o "
            "enviando una nota firmada al programa. La revocación no deshace lo que el programa "
            "ya haya hecho basándose en él."
        ),
        "revoke_cj": (
            "Como este consentimiento es una condición de mi caso judicial (42 CFR 2.35), no "
            "puedo revocarlo antes de la fecha o el hecho indicado abajo, y a más tardar con la "
            "resolución final del caso podré revocarlo. Después podré revocarlo por escrito. "
            "La revocación no deshace lo ya hecho basándose en él."
        ),
        "cj_use": (
            "Las personas que reciben esta información solo pueden usarla y volver a "
            "divulgarla para cumplir sus funciones oficiales en el caso judicial al que se "
            "refiere este consentimiento."
        ),
        "tpo_redisclosure": (
            "Si quien recibe la información es una entidad cubierta por HIPAA o su socio "
            "comercial, puede volver a usarla y divulgarla según lo permita HIPAA, excepto en "
            "procedimientos en mi contra. La información divulgada con este consentimiento "
            "puede dejar de estar protegida por 42 CFR parte 2."
        ),
        "refusal": (
            "No estoy obligado a firmar este consentimiento. Negarme a firmarlo no afectará mi "
            "tratamiento en este programa, el pago, la inscripción ni mi elegibilidad para "
            "beneficios, excepto cuando el tribunal exija este consentimiento como condición "
            "de mi caso."
        ),
        "counseling_alone": (
            "Este consentimiento es solo para las notas de consejería sobre el trastorno por "
            "consumo de sustancias. No se puede combinar con ningún otro consentimiento."
        ),
        "signature": "Firma del participante o de la persona autorizada para firmar",
        "date": "Fecha de la firma",
    },
}

# The default "right to revoke and how" of a consent, by kind and language.
REVOCATION_TERMS = {
    ("criminal_justice", "en"): FORM_STATEMENTS["en"]["revoke_cj"],
    ("criminal_justice", "es"): FORM_STATEMENTS["es"]["revoke_cj"],
}


def revocation_terms(kind: str, language: str) -> str:
    return REVOCATION_TERMS.get((kind, language), FORM_STATEMENTS[language]["revoke_any_time"])


# --- the printable consent form: titles, plain descriptions and headings, by language ---------

KIND_TITLES: dict[str, dict[str, str]] = {
    "en": {
        "criminal_justice": "Consent to disclose to the court team (42 CFR 2.35)",
        "tpo": "Consent for treatment, payment and health care operations",
        "single": "Consent for one specific disclosure",
        "counseling_notes": "Consent to disclose SUD counseling notes",
    },
    "es": {
        "criminal_justice": "Consentimiento para divulgar al equipo del tribunal (42 CFR 2.35)",
        "tpo": "Consentimiento para tratamiento, pago y operaciones de atención médica",
        "single": "Consentimiento para una divulgación específica",
        "counseling_notes": (
            "Consentimiento para divulgar notas de consejería sobre el trastorno por consumo de "
            "sustancias"
        ),
    },
}

CATEGORY_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "en": {
        "attendance": "Whether I came to appointments, groups and meetings with staff.",
        "drug_tests": "Results of my drug and alcohol tests, and missed tests.",
        "phase": "My phase in the program and whether I follow its rules.",
        "responses": "Incentives, sanctions and service changes the court decided.",
        "assessments": "Scores of screening questionnaires (for example depression or alcohol).",
        "plan": "Progress on the goals of my treatment plan.",
        "diagnoses": "My mental health and substance use diagnoses.",
        "clinical_notes": "Notes staff write about my treatment.",
        "counseling_notes": (
            "Notes a counselor keeps about our counseling sessions, kept apart from my record."
        ),
    },
    "es": {
        "attendance": "Si asistí a citas, grupos y reuniones con el personal.",
        "drug_tests": "Resultados de mis pruebas de drogas y alcohol, y pruebas no realizadas.",
        "phase": "Mi fase en el programa y si cumplo sus reglas.",
        "responses": "Incentivos, sanciones y cambios de servicios que decidió el tribunal.",
        "assessments": (
            "Puntuaciones de cuestionarios de evaluación (por ejemplo, depresión o alcohol)."
        ),
        "plan": "Avances en las metas de mi plan de tratamiento.",
        "diagnoses": "Mis diagnósticos de salud mental y de consumo de sustancias.",
        "clinical_notes": "Notas que el personal escribe sobre mi tratamiento.",
        "counseling_notes": (
            "Notas que un consejero guarda sobre nuestras sesiones de consejería, separadas de "
            "mi expediente."
        ),
    },
}

PURPOSE_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "court_monitoring": "To monitor my progress in the court case named on this form.",
        "tpo": "For treatment, payment and health care operations.",
        "patient_request": "At my request.",
        "other": "",
    },
    "es": {
        "court_monitoring": "Para supervisar mi progreso en el caso judicial indicado.",
        "tpo": "Para tratamiento, pago y operaciones de atención médica.",
        "patient_request": "A petición mía.",
        "other": "",
    },
}

EXPIRY_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "case_disposition": "the final disposition of the court case",
        "end_of_treatment": "the end of my treatment in this program",
        "none": "none (this consent does not expire)",
    },
    "es": {
        "case_disposition": "la resolución final del caso judicial",
        "end_of_treatment": "el fin de mi tratamiento en este programa",
        "none": "ninguna (este consentimiento no vence)",
    },
}

# Headings of the §2.31 elements on the printed form.
FORM_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "patient": "Name of the participant (patient)",
        "discloser": "Who may disclose the information",
        "information": "The information that may be disclosed",
        "recipients": "Who may receive it",
        "purpose": "Why (purpose of the disclosure)",
        "case": "Court case",
        "revoke": "My right to revoke this consent, and how",
        "expiry": "This consent ends on",
        "expiry_or": "or when this event happens first",
        "revocable_from": "I may revoke it from",
        "signer_authority": "If signed by someone else: their authority to sign",
        "printed_name": "Printed name",
        "refused": "The participant refused to sign this consent.",
        "blank": "(write in)",
        "program_copy": "Copy for the participant's record",
    },
    "es": {
        "patient": "Nombre del participante (paciente)",
        "discloser": "Quién puede divulgar la información",
        "information": "La información que se puede divulgar",
        "recipients": "Quién puede recibirla",
        "purpose": "Para qué (propósito de la divulgación)",
        "case": "Caso judicial",
        "revoke": "Mi derecho a revocar este consentimiento y cómo hacerlo",
        "expiry": "Este consentimiento termina el",
        "expiry_or": "o cuando ocurra primero este hecho",
        "revocable_from": "Puedo revocarlo a partir del",
        "signer_authority": "Si firma otra persona: su autoridad para firmar",
        "printed_name": "Nombre en letra de molde",
        "refused": "El participante se negó a firmar este consentimiento.",
        "blank": "(escriba aquí)",
        "program_copy": "Copia para el expediente del participante",
    },
}


def form_statements(kind: str, language: str) -> list[str]:
    """The fixed statements a consent of this kind carries, in order (42 CFR 2.31, 2.35)."""
    words = FORM_STATEMENTS[language]
    keys = ["intro", "revoke_cj" if kind == "criminal_justice" else "revoke_any_time"]
    if kind == "criminal_justice":
        keys.append("cj_use")
    if kind == "tpo":
        keys += ["tpo_redisclosure", "refusal"]
    if kind == "counseling_notes":
        keys.append("counseling_alone")
    return [words[k] for k in keys]
