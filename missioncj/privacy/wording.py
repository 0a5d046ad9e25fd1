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
