"""German and English names of the same place or people: "Deutschland" is "Germany", "Köln" is "Cologne".

A translated sentence may name a place differently from its source without inventing it. The
check of a translation's names (``summarize.translation_check``) accepts a name when the source
sentence has its counterpart here. German forms are stems: "deutsch" covers "deutschen" and
"Deutschland"; English forms are whole words. The list covers countries, regions, cities,
waters and nationalities that German and English news name differently; names spelled alike
(Berlin, Kursk) or nearly alike (Russland/Russia) need no entry.
"""

from __future__ import annotations

import re

# (German stem, English words): lower-case.
EXONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("deutsch", ("germany", "german", "germans")),
    ("österreich", ("austria", "austrian", "austrians")),
    ("schweiz", ("switzerland", "swiss")),
    ("frankreich", ("france",)),
    ("französ", ("french",)),
    ("spanien", ("spain",)),
    ("spanisch", ("spanish",)),
    ("italien", ("italy", "italian", "italians")),
    ("griechen", ("greece", "greek", "greeks")),
    ("griechisch", ("greek",)),
    ("türkei", ("turkey",)),
    ("türk", ("turkish", "turks")),
    ("polen", ("poland", "poles")),
    ("polnisch", ("polish",)),
    ("niederland", ("netherlands", "dutch")),
    ("niederländ", ("dutch",)),
    ("holland", ("netherlands", "dutch")),
    ("belgi", ("belgium", "belgian")),
    ("dänemark", ("denmark",)),
    ("dänisch", ("danish",)),
    ("schwed", ("sweden", "swedish")),
    ("norweg", ("norway", "norwegian")),
    ("finnland", ("finland",)),
    ("finnisch", ("finnish",)),
    ("tschech", ("czech", "czechia")),
    ("ungarn", ("hungary", "hungarian")),
    ("rumän", ("romania", "romanian")),
    ("bulgar", ("bulgaria", "bulgarian")),
    ("kroat", ("croatia", "croatian")),
    ("großbritannien", ("britain", "uk")),
    ("britisch", ("british",)),
    ("england", ("england", "english")),
    ("englisch", ("english",)),
    ("schottland", ("scotland",)),
    ("schottisch", ("scottish",)),
    ("irland", ("ireland",)),
    ("irisch", ("irish",)),
    ("usa", ("us", "usa", "united", "states", "america", "american")),
    ("us", ("us", "american")),
    ("amerika", ("america", "american", "americans")),
    ("weißrussland", ("belarus",)),
    ("belarus", ("belarus", "belarusian")),
    ("china", ("china", "chinese")),
    ("chinesisch", ("chinese",)),
    ("japan", ("japan", "japanese")),
    ("indien", ("india",)),
    ("indisch", ("indian",)),
    ("ägypt", ("egypt", "egyptian")),
    ("syrien", ("syria", "syrian")),
    ("syrisch", ("syrian",)),
    ("irak", ("iraq", "iraqi")),
    ("saudi", ("saudi", "arabia")),
    ("mexiko", ("mexico", "mexican")),
    ("brasilien", ("brazil", "brazilian")),
    ("südafrika", ("south", "africa", "african")),
    ("afrika", ("africa", "african")),
    ("europa", ("europe", "european")),
    ("europäisch", ("european",)),
    ("asien", ("asia", "asian")),
    ("nordkorea", ("north", "korea", "korean")),
    ("südkorea", ("south", "korea", "korean")),
    ("bayern", ("bavaria", "bavarian")),
    ("bayerisch", ("bavarian",)),
    ("sachsen", ("saxony",)),
    ("niedersachsen", ("lower", "saxony")),
    ("hessen", ("hesse",)),
    ("thüringen", ("thuringia",)),
    ("nordrhein-westfalen", ("north", "rhine-westphalia", "westphalia")),
    ("rheinland-pfalz", ("rhineland-palatinate", "rhineland")),
    ("münchen", ("munich",)),
    ("münchner", ("munich",)),
    ("köln", ("cologne",)),
    ("kölner", ("cologne",)),
    ("nürnberg", ("nuremberg",)),
    ("hannover", ("hanover",)),
    ("braunschweig", ("brunswick",)),
    ("wien", ("vienna",)),
    ("zürich", ("zurich",)),
    ("genf", ("geneva",)),
    ("prag", ("prague",)),
    ("warschau", ("warsaw",)),
    ("moskau", ("moscow",)),
    ("kiew", ("kyiv", "kiev")),
    ("brüssel", ("brussels",)),
    ("rom", ("rome",)),
    ("mailand", ("milan",)),
    ("venedig", ("venice",)),
    ("neapel", ("naples",)),
    ("lissabon", ("lisbon",)),
    ("athen", ("athens",)),
    ("peking", ("beijing",)),
    ("bodensee", ("lake", "constance")),
    ("rhein", ("rhine",)),
    ("donau", ("danube",)),
    ("ostsee", ("baltic", "sea")),
    ("nordsee", ("north", "sea")),
    ("mittelmeer", ("mediterranean", "sea")),
    ("alpen", ("alps", "alpine")),
    ("bundesregierung", ("federal", "government")),
    ("bundes", ("federal",)),
    ("kanzler", ("chancellor",)),
    ("präsident", ("president",)),
    ("minister", ("minister", "prime")),
    ("bürgermeister", ("mayor",)),
    ("polizei", ("police",)),
    ("papst", ("pope",)),
    ("könig", ("king", "queen")),
    ("prinz", ("prince", "princess")),
    ("vereinte", ("united", "nations")),
    ("uno", ("un", "united", "nations")),
    ("nato", ("nato",)),
    ("eu", ("eu", "european", "union")),
)


def counterparts(word: str, source: str) -> bool:
    """Whether ``word`` (in either language) names something that ``source`` (in the other) names too.

    An English ``word`` needs a source word that contains the German stem ("Germany": "deutschen");
    a German ``word`` that starts with a stem needs one of its English words in ``source``.
    """
    lowered = word.lower()
    source_words = {w.lower() for w in re.findall(r"[^\W\d_][^\W_]*(?:-[^\W\d_][^\W_]*)*", source)}
    for german, english in EXONYMS:
        if lowered in english and any(german in w for w in source_words):
            return True
        if lowered.startswith(german) and source_words.intersection(english):
            return True
    return False
