"""Small lists of German and English function words. Imports nothing from the package.

Function words (articles, pronouns, prepositions, conjunctions, auxiliaries and modal verbs,
common particles and quantifiers) carry grammar rather than content. Two uses:

- the words of a sentence that are *not* function words are its content words (novelty);
- a function word of one language inside a text of the other is a sure sign of mixing
  (purity), except for the spellings both languages share ("die", "will", "was", "in").

Hand-made lists (lower case), kept short on purpose: they must be exact rather than complete.
"""

from __future__ import annotations

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "de": frozenset(
        """
        der die das den dem des ein eine einer eines einem einen kein keine keiner keines keinem keinen
        ich du er sie es wir ihr mich dich sich uns euch mir dir ihm ihn ihnen
        mein meine meiner meinem meinen meines dein deine deiner deinem deinen sein seine seiner seinem seinen
        seines ihre ihrer ihrem ihren ihres unser unsere unserer unserem unseren euer eure eurer
        dieser diese dieses diesem diesen jener jene jenes welcher welche welches welchem welchen
        derselbe dieselbe dasselbe deren dessen
        und oder aber denn sondern doch dass daß weil wenn als ob obwohl damit während nachdem bevor bis seit
        sowie sowohl weder noch falls sofern indem wobei womit wodurch
        in im an am auf aus bei beim mit nach von vom zu zum zur über unter vor hinter neben zwischen durch
        für gegen ohne um wegen trotz laut gegenüber innerhalb außerhalb ab seitens
        ist sind war waren bin bist sei seien wäre wären hat haben hatte hatten habe hätte hätten hast
        wird werden wurde wurden worden würde würden wirst kann können konnte konnten könnte könnten
        muss müssen musste mussten müsste soll sollen sollte sollten will wollen wollte wollten
        darf dürfen durfte dürfte
        nicht auch nur noch schon sehr mehr so wie hier dort da dann nun jetzt immer wieder bereits
        sogar jedoch dabei dazu darauf daran davon dafür dagegen darüber deshalb deswegen daher also
        etwa rund fast kaum zudem außerdem allerdings zwar eben ja nein man etwas nichts
        alle allem allen aller alles viele vielen vieler einige einigen einiger andere anderen anderer
        anderes jeder jede jedes jedem jeden mehrere mehreren beide beiden wer wen wem was wo wann warum
        """.split()
    ),
    "en": frozenset(
        """
        the a an this that these those which who whom whose what
        i you he she it we they me him her us them my your his its our their mine yours hers ours theirs
        myself yourself himself herself itself ourselves themselves
        and or but nor because if when while although though whether since until unless than so
        in on at of to from by with about against between into through during before after above below
        over under without within among across along around behind beyond upon onto off out up down
        is are was were be been being am has have had having do does did done doing
        will would shall should can could may might must
        not no also only just very more most too there here then now again already still even such
        all any each every some many much few other another both either neither
        where why how
        """.split()
    ),
}

# Spelled the same in German and English, so no sign of the other language on their own.
SHARED_SPELLINGS = frozenset(
    "die will was in an am so man bald fast hat war rat bin best see mine gift kind rock hand wind "
    "arm elf um den bis her still most after he nun all falls allen ab da er des".split()
)


def is_function_word(word: str, lang: str) -> bool:
    """Whether ``word`` (any case) is a function word of ``lang`` ("de" or "en"); False for other languages."""
    return word.lower() in FUNCTION_WORDS.get(lang, frozenset())


def markers(lang: str) -> frozenset[str]:
    """Function words that only ``lang`` ("de" or "en") spells this way: a sign of ``lang`` in a text of the other."""
    others = frozenset().union(*(words for other, words in FUNCTION_WORDS.items() if other != lang))
    return FUNCTION_WORDS.get(lang, frozenset()) - others - SHARED_SPELLINGS
