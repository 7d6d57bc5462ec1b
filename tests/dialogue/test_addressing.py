"""Whom a turn speaks to, when several people in the room can answer."""
from dialogue.addressing import ALL, addressee, speakers_talked_about
from dialogue.scenario import PRIMARY

WORDS = {PRIMARY: ("lisa", "mum"), "ahmed": ("ahmed", "dad"), "noah": ("noah",)}


def test_a_name_said_to_someone_addresses_them():
    assert addressee("Ahmed, what do you make of that?", WORDS) == ("ahmed", True)
    assert addressee("okay so noah what would you want", WORDS) == ("noah", True)
    assert addressee("What would you want to be different, Dad?", WORDS) == ("ahmed", True)
    assert addressee("I hear how hard this is. Lisa, what happened next?", WORDS, "ahmed") == (PRIMARY, True)


def test_a_name_talked_about_does_not():
    assert addressee("Ahmed thinks you're too soft on him?", WORDS, PRIMARY) == (PRIMARY, False)
    assert addressee("It sounds like you worry about Noah a lot", WORDS, "ahmed") == ("ahmed", False)
    assert addressee("Noah is lucky to have two parents who care this much", WORDS, "ahmed") == ("ahmed", False)


def test_both_and_everyone_address_all_and_silence_goes_to_the_last_speaker():
    assert addressee("What do you both want for him?", WORDS) == (ALL, True)
    assert addressee("can each of you say what a good week looks like", WORDS) == (ALL, True)
    assert addressee("mm", WORDS, "noah") == ("noah", False)
    assert speakers_talked_about("Ahmed thinks you worry too much about Noah", WORDS) == {"ahmed", "noah"}
    assert addressee("You're right, Lisa, he does sound stuck.", WORDS, "ahmed") == (PRIMARY, True)


def test_a_name_that_ends_a_question_about_them_is_talked_about():
    assert addressee("How old is Noah?", WORDS, PRIMARY) == (PRIMARY, False)
    assert addressee("what do you want to tell noah", WORDS, "ahmed") == ("ahmed", False)


def test_names_and_role_words_in_bokmal():
    words = {PRIMARY: ("pål", "pappa"), "emma": ("emma",)}
    assert addressee("Pål, hva tenker du om det?", words, "emma") == (PRIMARY, True)
    assert addressee("hva ønsker dere to at skal bli annerledes", words) == (ALL, True)
    assert addressee("Emma sier at hun er sliten", words, PRIMARY) == (PRIMARY, False)


def test_a_name_misheard_by_one_letter_still_addresses_them():
    """Speech recognition spells a name it has not heard before as it sounds: "Jomas,
    what's it like for you" is still said to Jonas. Only names of four letters or more,
    the same length and first letter, one letter off; never a role word or a new name."""
    words = {PRIMARY: ("karen", "mum"), "jonas": ("jonas",)}
    assert addressee("Jomas, what's it like for you in the mornings?", words) == ("jonas", True)
    assert addressee("what do you think, Jonah?", words) == ("jonas", True)
    assert addressee("Karin, what happens at seven?", words, "jonas") == (PRIMARY, True)
    assert speakers_talked_about("it sounds like you worry about Jonah", words) == {"jonas"}
    assert addressee("Jonathan, what do you think?", words) == (PRIMARY, False)  # another length
    assert addressee("Tonas, what do you think?", words) == (PRIMARY, False)  # another first letter
    assert addressee("Jokes aside, what do you want?", words) == (PRIMARY, False)  # two letters off
    assert addressee("Mom, what do you think?", {PRIMARY: ("ahmed",), "lisa": ("lisa", "mum")}) == (PRIMARY, False)
