"""Segmentation of German business text: sentences, headings, list items, lines — and what must not split."""

from __future__ import annotations

import itertools

import pytest

from analyzer.segment import segment_offsets


def segments(text: str) -> list[str]:
    return [text[s:e] for s, e in segment_offsets(text)]


CASES = [
    # --- abbreviations do not end sentences
    ("Wir bieten z. B. Beratung vor Ort an.", ["Wir bieten z. B. Beratung vor Ort an."]),
    ("Wir bieten z.B. Beratung vor Ort an.", ["Wir bieten z.B. Beratung vor Ort an."]),
    (
        "Das gilt u. a. für Neukunden. Bestandskunden profitieren auch.",
        ["Das gilt u. a. für Neukunden.", "Bestandskunden profitieren auch."],
    ),
    ("Wir helfen bzw. beraten Sie gern.", ["Wir helfen bzw. beraten Sie gern."]),
    ("Die Anlage hat ca. 40 Jahre gehalten.", ["Die Anlage hat ca. 40 Jahre gehalten."]),
    (
        "Bitte nennen Sie Ihre Kunden-Nr. Sie finden sie auf der Rechnung.",
        ["Bitte nennen Sie Ihre Kunden-Nr.", "Sie finden sie auf der Rechnung."],
    ),
    ("Vertrag Nr. 12345 wurde verlängert.", ["Vertrag Nr. 12345 wurde verlängert."]),
    (
        "Müller GmbH & Co. KG ist Ihr Partner. Wir freuen uns.",
        ["Müller GmbH & Co. KG ist Ihr Partner.", "Wir freuen uns."],
    ),
    ("Ihr Ansprechpartner ist Dr. Meier aus Kassel.", ["Ihr Ansprechpartner ist Dr. Meier aus Kassel."]),
    ("Sie finden uns in der Lindenstr. 4 in Fulda.", ["Sie finden uns in der Lindenstr. 4 in Fulda."]),
    ("Rufen Sie an unter Tel. 030 23125000.", ["Rufen Sie an unter Tel. 030 23125000."]),
    ("Geöffnet Mo. bis Fr. von 8 bis 18 Uhr.", ["Geöffnet Mo. bis Fr. von 8 bis 18 Uhr."]),
    ("Der Preis ist inkl. MwSt. angegeben.", ["Der Preis ist inkl. MwSt. angegeben."]),
    ("Wir helfen ggf. auch am Wochenende.", ["Wir helfen ggf. auch am Wochenende."]),
    ("Das Angebot gilt für mind. 12 Monate.", ["Das Angebot gilt für mind. 12 Monate."]),
    ("Wir sind rd. 300 Beschäftigte.", ["Wir sind rd. 300 Beschäftigte."]),
    ("Die Gebühr beträgt jährl. 12 Euro.", ["Die Gebühr beträgt jährl. 12 Euro."]),
    ("Fragen Sie Hr. Schulz oder Fr. Wagner.", ["Fragen Sie Hr. Schulz oder Fr. Wagner."]),
    ("Seit dem 19. Jh. sind wir in Familienhand.", ["Seit dem 19. Jh. sind wir in Familienhand."]),
    ("Weitere Infos s. Anhang.", ["Weitere Infos s. Anhang."]),
    ("Das heißt d. h. mehr Zeit für Sie.", ["Das heißt d. h. mehr Zeit für Sie."]),
    ("Wir beraten Prof. Dr. Weber und sein Team.", ["Wir beraten Prof. Dr. Weber und sein Team."]),
    ("Es gilt die Preisliste vgl. Anlage 2.", ["Es gilt die Preisliste vgl. Anlage 2."]),
    ("Versand, Montage usw. übernehmen wir.", ["Versand, Montage usw. übernehmen wir."]),
    (
        "Wir liefern Möbel, Lampen etc. Alles kommt pünktlich.",
        ["Wir liefern Möbel, Lampen etc. Alles kommt pünktlich."],
    ),
    # --- initials
    ("Ihre Beraterin A. Schneider ruft zurück.", ["Ihre Beraterin A. Schneider ruft zurück."]),
    # --- dates and ordinals
    ("Am 3. Oktober ist geschlossen.", ["Am 3. Oktober ist geschlossen."]),
    ("Ab dem 1. Januar 2027 gilt der neue Tarif.", ["Ab dem 1. Januar 2027 gilt der neue Tarif."]),
    ("Der Vertrag läuft bis 31.12. 2026 weiter.", ["Der Vertrag läuft bis 31.12. 2026 weiter."]),
    (
        "Wir sind am 24.12.2026 geschlossen. Ab dem 27.12. sind wir wieder da.",
        ["Wir sind am 24.12.2026 geschlossen.", "Ab dem 27.12. sind wir wieder da."],
    ),
    ("Im 3. Quartal wuchs der Umsatz.", ["Im 3. Quartal wuchs der Umsatz."]),
    ("Unser Büro ist im 2. Stock.", ["Unser Büro ist im 2. Stock."]),
    (
        "Das Werk wurde 1998 gegründet. Heute arbeiten dort 80 Menschen.",
        ["Das Werk wurde 1998 gegründet.", "Heute arbeiten dort 80 Menschen."],
    ),
    ("Der Umsatz stieg um 4,5 %. Das Ergebnis sank.", ["Der Umsatz stieg um 4,5 %.", "Das Ergebnis sank."]),
    ("Wir haben 1.200 Kunden. 300 davon sind neu.", ["Wir haben 1.200 Kunden.", "300 davon sind neu."]),
    # --- URLs and e-mail addresses
    (
        "Mehr unter www.stadtwerke-auenfeld.example/service. Wir freuen uns.",
        ["Mehr unter www.stadtwerke-auenfeld.example/service.", "Wir freuen uns."],
    ),
    (
        "Schreiben Sie an service@auenfeld.example oder rufen Sie an.",
        ["Schreiben Sie an service@auenfeld.example oder rufen Sie an."],
    ),
    (
        "Besuchen Sie https://www.beispiel.example/kontakt.html für Details.",
        ["Besuchen Sie https://www.beispiel.example/kontakt.html für Details."],
    ),
    # --- ordinary sentence ends
    ("Wir sind für Sie da! Rufen Sie an.", ["Wir sind für Sie da!", "Rufen Sie an."]),
    ("Noch Fragen? Wir helfen gern.", ["Noch Fragen?", "Wir helfen gern."]),
    ("Er sagte: „Wir melden uns.“ Dann rief er an.", ["Er sagte: „Wir melden uns.“", "Dann rief er an."]),
    ("Das ist gut (sehr gut). Danke.", ["Das ist gut (sehr gut).", "Danke."]),
    ("Warten Sie … Wir sind gleich da.", ["Warten Sie …", "Wir sind gleich da."]),
    ("Kein Split vor kleinem Wort. also weiter.", ["Kein Split vor kleinem Wort. also weiter."]),
    # --- headings, list items, lines without final punctuation
    ("Unser Service\nWir sind rund um die Uhr erreichbar.", ["Unser Service", "Wir sind rund um die Uhr erreichbar."]),
    (
        "Ihre Aufgaben\n• Beratung unserer Kunden\n• Bearbeitung von Reklamationen",
        ["Ihre Aufgaben", "• Beratung unserer Kunden", "• Bearbeitung von Reklamationen"],
    ),
    ("- Kundenanfragen beantworten\n- Angebote erstellen", ["- Kundenanfragen beantworten", "- Angebote erstellen"]),
    ("1. Wir hören zu\n2. Wir handeln", ["1. Wir hören zu", "2. Wir handeln"]),
    ("a) Beratung\nb) Verkauf", ["a) Beratung", "b) Verkauf"]),
    ("Startseite › Service › Kontakt\nKontakt", ["Startseite › Service › Kontakt", "Kontakt"]),
    ("Mo–Fr | 8–18 Uhr\nSa | 9–13 Uhr", ["Mo–Fr | 8–18 Uhr", "Sa | 9–13 Uhr"]),
    ("Impressum | Datenschutz | AGB", ["Impressum | Datenschutz | AGB"]),
    ("Kundenberater (m/w/d)\nIhre Aufgaben", ["Kundenberater (m/w/d)", "Ihre Aufgaben"]),
    ("Jetzt bewerben\n\n\nMehr erfahren", ["Jetzt bewerben", "Mehr erfahren"]),
    ("   Eingerückter Text   \n", ["Eingerückter Text"]),
    ("Menschlich. Kompetent. Nah.", ["Menschlich.", "Kompetent.", "Nah."]),
    ("Kontakt:\nTelefon 030 23125000", ["Kontakt:", "Telefon 030 23125000"]),
    # --- wrapped lines and hyphenation (PDF extraction)
    ("Unsere Kunden-\nberatung ist kostenlos.", ["Unsere Kunden-\nberatung ist kostenlos."]),
    (
        "Wir beantworten Ihre Fragen schnell und\nzuverlässig, auch am Wochenende.",
        ["Wir beantworten Ihre Fragen schnell und\nzuverlässig, auch am Wochenende."],
    ),
    ("Service\nund Beratung", ["Service", "und Beratung"]),  # short heading: not a wrapped sentence
    (
        "Im Jahr 2025 haben wir unsere Service-\nprozesse überarbeitet. Das hat sich gelohnt.",
        ["Im Jahr 2025 haben wir unsere Service-\nprozesse überarbeitet.", "Das hat sich gelohnt."],
    ),
    (
        "Bindestrich vor Großbuchstaben Kunden-\nService bleibt getrennt.",
        ["Bindestrich vor Großbuchstaben Kunden-", "Service bleibt getrennt."],
    ),
    # --- empty and odd input
    ("", []),
    ("\n\n  \n", []),
    ("Ohne Punkt am Ende", ["Ohne Punkt am Ende"]),
    ("Windows-Zeilen\r\nzweite Zeile", ["Windows-Zeilen", "zweite Zeile"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_segmentation(text, expected):
    assert segments(text) == expected


def test_there_are_at_least_sixty_tricky_cases():
    assert len(CASES) >= 60


def test_line_rules_only_keeps_sentences_together():
    text = "Kontakt\nWir sind da. Rufen Sie an."
    assert [text[s:e] for s, e in segment_offsets(text, split_sentences=False)] == [
        "Kontakt",
        "Wir sind da. Rufen Sie an.",
    ]


def test_offsets_cover_the_text_in_order():
    text = "Kopf\nSatz eins. Satz zwei!\n• Punkt"
    spans = segment_offsets(text)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert all(text[s:e].strip() == text[s:e] for s, e in spans)


def test_segmenter_component_sets_sentence_starts(nlp):
    doc = nlp("Ihre Aufgaben\n• Beratung z. B. am Telefon\n• Reklamationen bearbeiten")
    assert [s.text.strip() for s in doc.sents] == [
        "Ihre Aufgaben",
        "• Beratung z. B. am Telefon",
        "• Reklamationen bearbeiten",
    ]


def test_hyphenated_line_breaks_are_joined_in_segment_text(nlp):
    from analyzer.classifier import clean_segment, join_lines

    assert join_lines("Unsere Kunden-\nberatung ist kostenlos.") == "Unsere Kundenberatung ist kostenlos."
    assert join_lines("schnell und\nzuverlässig") == "schnell und zuverlässig"
    assert join_lines("Kunden-\nService") == "Kunden- Service"  # a capital after the break: a real hyphen
    assert clean_segment("• Unsere Service-\n  zeiten") == "Unsere Servicezeiten"
    import analyzer

    frame = analyzer.profile("Unsere Kunden-\nberatung ist kostenlos.\nKontakt", nlp=nlp).to_frame()
    assert frame["text"].tolist() == ["Unsere Kundenberatung ist kostenlos.", "Kontakt"]
