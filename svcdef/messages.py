"""The built-in error messages of submission validation, in German, French, Italian and English.

Field constraints (`required`, `max_length`, formats, check digits, …) have
no message in the spec; citizens see these instead. Every target uses the
same texts: the reference interpreter formats them here, the generators copy
the table into the generated validators and the translation bundles. A
message's placeholders are `{name}` parameters listed in `PARAMETERS`.

A service in another language (Romansh, say) gets the messages of its first
language that has them, else English; `message_language` says which.
"""

from __future__ import annotations

LANGUAGES = ("de", "fr", "it", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "required": {
        "de": "Bitte füllen Sie dieses Feld aus.",
        "fr": "Veuillez remplir ce champ.",
        "it": "Compilare questo campo.",
        "en": "Please fill in this field.",
    },
    "hidden": {
        "de": "Dieses Feld ist ausgeblendet und darf keinen Wert haben.",
        "fr": "Ce champ est masqué et ne doit pas avoir de valeur.",
        "it": "Questo campo è nascosto e non deve avere un valore.",
        "en": "This field is hidden and must not have a value.",
    },
    "unknown": {
        "de": "Dieses Feld ist im Formular nicht vorgesehen.",
        "fr": "Ce champ n'existe pas dans le formulaire.",
        "it": "Questo campo non è previsto nel modulo.",
        "en": "This field is not part of the form.",
    },
    "type.string": {
        "de": "Bitte geben Sie einen Text ein.",
        "fr": "Veuillez saisir un texte.",
        "it": "Inserire un testo.",
        "en": "Please enter text.",
    },
    "type.integer": {
        "de": "Bitte geben Sie eine ganze Zahl ein.",
        "fr": "Veuillez saisir un nombre entier.",
        "it": "Inserire un numero intero.",
        "en": "Please enter a whole number.",
    },
    "type.decimal": {
        "de": 'Bitte geben Sie eine Zahl als Text ein, z. B. "12.50".',
        "fr": 'Veuillez saisir un nombre sous forme de texte, p. ex. "12.50".',
        "it": 'Inserire un numero come testo, p. es. "12.50".',
        "en": 'Please enter a number as text, e.g. "12.50".',
    },
    "type.boolean": {
        "de": "Bitte wählen Sie Ja oder Nein.",
        "fr": "Veuillez choisir oui ou non.",
        "it": "Scegliere sì o no.",
        "en": "Please choose yes or no.",
    },
    "type.object": {
        "de": "Diese Angaben fehlen oder haben die falsche Form.",
        "fr": "Ces informations manquent ou n'ont pas la bonne forme.",
        "it": "Questi dati mancano o non hanno la forma corretta.",
        "en": "These details are missing or have the wrong form.",
    },
    "type.array": {
        "de": "Hier wird eine Liste erwartet.",
        "fr": "Une liste est attendue ici.",
        "it": "Qui è attesa una lista.",
        "en": "A list is expected here.",
    },
    "format.decimal": {
        "de": "Bitte geben Sie eine Zahl mit höchstens {scale} Nachkommastellen ein.",
        "fr": "Veuillez saisir un nombre avec au plus {scale} décimales.",
        "it": "Inserire un numero con al massimo {scale} decimali.",
        "en": "Please enter a number with at most {scale} digits after the point.",
    },
    "format.date": {
        "de": "Bitte geben Sie ein gültiges Datum ein (JJJJ-MM-TT).",
        "fr": "Veuillez saisir une date valide (AAAA-MM-JJ).",
        "it": "Inserire una data valida (AAAA-MM-GG).",
        "en": "Please enter a valid date (YYYY-MM-DD).",
    },
    "format.datetime": {
        "de": "Bitte geben Sie Datum und Uhrzeit ein (JJJJ-MM-TTThh:mm).",
        "fr": "Veuillez saisir la date et l'heure (AAAA-MM-JJThh:mm).",
        "it": "Inserire data e ora (AAAA-MM-GGThh:mm).",
        "en": "Please enter a date and time (YYYY-MM-DDThh:mm).",
    },
    "format.time": {
        "de": "Bitte geben Sie eine Uhrzeit ein (hh:mm).",
        "fr": "Veuillez saisir une heure (hh:mm).",
        "it": "Inserire un'ora (hh:mm).",
        "en": "Please enter a time (hh:mm).",
    },
    "format.email": {
        "de": "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
        "fr": "Veuillez saisir une adresse e-mail valide.",
        "it": "Inserire un indirizzo e-mail valido.",
        "en": "Please enter a valid e-mail address.",
    },
    "format.phone": {
        "de": "Bitte geben Sie die Telefonnummer im internationalen Format ein, z. B. +41 44 123 45 67.",
        "fr": "Veuillez saisir le numéro au format international, p. ex. +41 44 123 45 67.",
        "it": "Inserire il numero in formato internazionale, p. es. +41 44 123 45 67.",
        "en": "Please enter the phone number in international format, e.g. +41 44 123 45 67.",
    },
    "format.iban": {
        "de": "Bitte geben Sie eine IBAN ein, z. B. CH93 0076 2011 6238 5295 7.",
        "fr": "Veuillez saisir un IBAN, p. ex. CH93 0076 2011 6238 5295 7.",
        "it": "Inserire un IBAN, p. es. CH93 0076 2011 6238 5295 7.",
        "en": "Please enter an IBAN, e.g. CH93 0076 2011 6238 5295 7.",
    },
    "format.postal_code": {
        "de": "Bitte geben Sie eine gültige Postleitzahl ein.",
        "fr": "Veuillez saisir un numéro postal valide.",
        "it": "Inserire un numero postale valido.",
        "en": "Please enter a valid postcode.",
    },
    "format.ahv_number": {
        "de": "Bitte geben Sie die AHV-Nummer in der Form 756.1234.5678.97 ein.",
        "fr": "Veuillez saisir le numéro AVS sous la forme 756.1234.5678.97.",
        "it": "Inserire il numero AVS nella forma 756.1234.5678.97.",
        "en": "Please enter the AHV number as 756.1234.5678.97.",
    },
    "format.uid": {
        "de": "Bitte geben Sie die UID in der Form CHE-123.456.789 ein.",
        "fr": "Veuillez saisir l'IDE sous la forme CHE-123.456.789.",
        "it": "Inserire l'IDI nella forma CHE-123.456.789.",
        "en": "Please enter the UID as CHE-123.456.789.",
    },
    "checksum": {
        "de": "Die Prüfziffer stimmt nicht. Bitte prüfen Sie Ihre Eingabe.",
        "fr": "Le chiffre de contrôle ne correspond pas. Veuillez vérifier votre saisie.",
        "it": "La cifra di controllo non corrisponde. Verificare i dati inseriti.",
        "en": "The check digit does not match. Please check your entry.",
    },
    "countries": {
        "de": "Konten aus diesem Land sind nicht möglich (erlaubt: {countries}).",
        "fr": "Les comptes de ce pays ne sont pas acceptés (admis : {countries}).",
        "it": "I conti di questo paese non sono ammessi (ammessi: {countries}).",
        "en": "Accounts from this country are not accepted (allowed: {countries}).",
    },
    "min_length": {
        "de": "Bitte geben Sie mindestens {min_length} Zeichen ein.",
        "fr": "Veuillez saisir au moins {min_length} caractères.",
        "it": "Inserire almeno {min_length} caratteri.",
        "en": "Please enter at least {min_length} characters.",
    },
    "max_length": {
        "de": "Bitte geben Sie höchstens {max_length} Zeichen ein.",
        "fr": "Veuillez saisir au plus {max_length} caractères.",
        "it": "Inserire al massimo {max_length} caratteri.",
        "en": "Please enter at most {max_length} characters.",
    },
    "pattern": {
        "de": "Die Eingabe hat nicht die erwartete Form.",
        "fr": "La saisie n'a pas la forme attendue.",
        "it": "Il valore non ha la forma prevista.",
        "en": "The entry does not have the expected form.",
    },
    "min": {
        "de": "Der Wert muss mindestens {min} sein.",
        "fr": "La valeur doit être au moins {min}.",
        "it": "Il valore deve essere almeno {min}.",
        "en": "The value must be at least {min}.",
    },
    "max": {
        "de": "Der Wert darf höchstens {max} sein.",
        "fr": "La valeur doit être au plus {max}.",
        "it": "Il valore deve essere al massimo {max}.",
        "en": "The value must be at most {max}.",
    },
    "option": {
        "de": "Bitte wählen Sie eine der angebotenen Möglichkeiten.",
        "fr": "Veuillez choisir l'une des options proposées.",
        "it": "Scegliere una delle opzioni proposte.",
        "en": "Please choose one of the options offered.",
    },
    "unique": {
        "de": "Diese Auswahl kommt mehrfach vor.",
        "fr": "Ce choix figure plusieurs fois.",
        "it": "Questa scelta compare più volte.",
        "en": "This choice appears more than once.",
    },
    "min_items": {
        "de": "Bitte geben Sie mindestens {min_items} Einträge an.",
        "fr": "Veuillez indiquer au moins {min_items} entrées.",
        "it": "Indicare almeno {min_items} voci.",
        "en": "Please give at least {min_items} entries.",
    },
    "max_items": {
        "de": "Bitte geben Sie höchstens {max_items} Einträge an.",
        "fr": "Veuillez indiquer au plus {max_items} entrées.",
        "it": "Indicare al massimo {max_items} voci.",
        "en": "Please give at most {max_items} entries.",
    },
    "media_types": {
        "de": "Dieser Dateityp ist nicht erlaubt (erlaubt: {media_types}).",
        "fr": "Ce type de fichier n'est pas accepté (admis : {media_types}).",
        "it": "Questo tipo di file non è ammesso (ammessi: {media_types}).",
        "en": "This file type is not accepted (allowed: {media_types}).",
    },
    "max_size": {
        "de": "Die Datei ist zu gross (höchstens {max_size} Bytes).",
        "fr": "Le fichier est trop volumineux (au plus {max_size} octets).",
        "it": "Il file è troppo grande (al massimo {max_size} byte).",
        "en": "The file is too large (at most {max_size} bytes).",
    },
}
"""Message templates by key, then language."""

PARAMETERS: dict[str, tuple[str, ...]] = {
    "format.decimal": ("scale",),
    "countries": ("countries",),
    "min_length": ("min_length",),
    "max_length": ("max_length",),
    "min": ("min",),
    "max": ("max",),
    "min_items": ("min_items",),
    "max_items": ("max_items",),
    "media_types": ("media_types",),
    "max_size": ("max_size",),
}
"""The placeholders of each template that has any."""


def message_language(lang: str, languages: tuple[str, ...]) -> str:
    """The language of the built-in messages for `lang`: it, else the service's first one we have, else English."""
    for candidate in (lang, *languages):
        if candidate in LANGUAGES:
            return candidate
    return "en"


def message(key: str, lang: str, **parameters: object) -> str:
    """The message `key` in `lang` (one of `LANGUAGES`), with its placeholders filled in."""
    template = MESSAGES[key][lang]
    for name, value in parameters.items():
        template = template.replace("{" + name + "}", str(value))
    return template
