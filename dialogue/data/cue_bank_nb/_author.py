"""Authored lines of the Norwegian (bokmål) cue bank; run once to (re)write train/dev/test.jsonl.

Every trainee line below is written out literally: there is no templating that multiplies
one sentence, because a bank of generated variants would measure the generator, not the
detector. Lines are grouped in *writing batches*; a batch belongs to one split as a whole,
so paraphrases and context pairs never straddle train, dev and test.

The family names and their default polarity are copied from the label guidelines in
`../cue_bank/README.md` (the family table). This script imports nothing from the detector,
so the bank stays independent of it; it writes and checks with the English bank's
`../cue_bank/_author.py` (its Author, its file writer and checker, its polarity rule),
adding the checks that are the Norwegian bank's own.

Usage (from the repository root):
    .venv/bin/python dialogue/data/cue_bank_nb/_author.py          # write the splits and print counts
    .venv/bin/python dialogue/data/cue_bank_nb/_author.py --check  # validate the files already there
"""
from __future__ import annotations

import collections
import importlib.util
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _english_author():
    """The English bank's _author.py, loaded by path (both scripts are named _author)."""
    spec = importlib.util.spec_from_file_location("cue_bank_author", HERE.parent / "cue_bank" / "_author.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EN = _english_author()

ATTUNED = (
    "reflection_simple", "reflection_complex", "validation", "open_question", "affirmation",
    "autonomy", "collaboration", "rupture_repair", "meta_communication", "suicide_inquiry",
    "means_safety", "reasons_for_living", "safety_planning", "structuring", "slowing_down",
    "holding_silence",
)
MISATTUNED = (
    "advice", "lecturing", "persuading", "defending", "moralising", "minimising", "blaming",
    "closed_question_barrage", "pressure", "controlling", "changing_subject",
    "euphemistic_suicide_question", "checklist_mode", "taking_sides", "placating",
    "disengaging", "self_focus", "interrupting",
)
NEUTRAL = ("closed_question", "information", "small_talk")
FAMILIES = ATTUNED + MISATTUNED + NEUTRAL

SCENARIOS = {
    # id: (id prefix, presentation state, levels from most closed to most open)
    "withdrawn-teen": ("wt", "withdrawn", ("shut_down", "guarded", "tentative", "opening_up", "engaged")),
    "hostile-adult": ("ha", "hostile", ("attacking", "confrontational", "testing", "softening", "collaborative")),
    "suicidal-adult": ("sa", "suicidal_disclosure", ("closed", "hopeless", "ambivalent", "disclosing", "connected")),
    "dysregulated-parent": ("dp", "dysregulated_parent", ("flooded", "escalated", "venting", "settling", "regulated")),
    "general": ("gc", None, ()),
}
SPLITS = ("train", "dev", "test")
KEYS = ("id", "scenario", "state", "level", "client", "recent", "silence_s", "text", "families",
        "polarity", "batch", "language")

_AUTHOR = EN.Author(SCENARIOS, SPLITS, id_prefix="nb-", batch_key="batch", extra={"language": "nb"})
ROWS = _AUTHOR.rows
batch, c, t = _AUTHOR.batch, _AUTHOR.c, _AUTHOR.t


# ---------------------------------------------------------------------------------------
# withdrawn-teen: Mia, 16, VG1, sendt av mamma og skolen
# ---------------------------------------------------------------------------------------
batch("nb-wt-A", "train", "withdrawn-teen")
c("guarded", "Hei.")
t("Hei, Mia! Så fint at du kom. Fant du fram greit?", "small_talk", 0)
t("Hei. Du kan sette deg hvor du vil. Vil du ha litt vann?", "small_talk", 0)
t("hei hei sett deg bare ned", "small_talk", 0, "ASR style")

c("shut_down", "Vet ikke.")
t("Det er ikke så lett å vite hvor man skal begynne.", "validation", 1)
t("vet ikke", "reflection_simple", 1, "bare repetition; minimal but attuned at shut_down")
t("Okei. Vet du hvorfor mamma ville at du skulle komme hit?", "closed_question", 0)
t("Kom igjen, du må jo vite noe. Bare si én ting om uka di.", "pressure", -1)
t("", "holding_silence", 1, "waits after «vet ikke» without filling the space", sil=8.0)
t("Det går helt fint. Vi har god tid, jeg går ingen steder.", "slowing_down validation", 1)
t("hva tenker du selv om å være her i dag", "open_question", 1, "ASR style")
t("Er det skolen? Eller hjemme? Eller er det noe med venner?", "closed_question_barrage", -1, "three options strung together in one turn")
t("Jeg vet at du ikke valgte å komme hit selv. Du bestemmer hva vi snakker om, og om vi snakker i det hele tatt.", "autonomy validation", 1)
t("Mange på din alder syns det er teit å gå til psykolog, men det er faktisk veldig lurt å snakke med noen.", "persuading validation", -1, "the «men» undoes the validation")

c("shut_down", "(trekker på skuldrene)", ["Hvordan har det vært på skolen?"])
t("ikke det letteste spørsmålet å svare på kanskje", "validation", 1, "ASR style")
t("Hvis du skulle gitt skolen en karakter fra en til seks, hva ville det blitt?", "closed_question", 0, "second question, first closed one")
t("Vet du, da jeg var på din alder hatet jeg skolen jeg også. Jeg skulket hele tiden, og foreldrene mine ble helt gale.", "self_focus", -1)
t("eh det er helt greit å trekke på skuldrene du trenger ikke ha noe svar til meg", "validation autonomy", 1, "ASR style")
t("Kanskje det er vanskelig å sette ord på akkurat nå.", "reflection_complex", 1)
t("Du må nesten si litt mer enn det, ellers er det vanskelig for meg å hjelpe deg.", "pressure", -1)

c("guarded", "Mamma syns jeg er på rommet for mye.")
t("Så mamma syns du er mye på rommet.", "reflection_simple", 1)
t("Mamma er bekymret, og du er kanskje ikke helt enig i at det er et problem.", "reflection_complex", 1)
t("hun har nok litt rett altså det er ikke bra for deg å sitte alene hele kvelden", "taking_sides lecturing", -1, "ASR style")
t("Hvordan er det for deg, å være på rommet?", "open_question", 1)
t("Sitter du mest på mobilen da?", "closed_question", 0)
t("Har du prøvd å være litt mer i stua med de andre? Kanskje se en film med mamma og Noah?", "advice", -1, "advice in question form")
t("Det er jo sånn at tenåringer trenger mer tid alene, det er helt normalt for hjernen i den alderen.", "lecturing", -1, "unasked psychoeducation in place of hearing her")
t("så rommet er litt sånn der du får være i fred på en måte", "reflection_complex", 1, "ASR style")

c("guarded", "Vil ikke snakke om det.")
t("Det er greit. Vi trenger ikke det.", "autonomy", 1)
t("da lar vi det ligge du får si ifra hvis du vil ta det opp igjen en gang", "autonomy", 1, "ASR style")
t("Men det er jo derfor du er her, da. Vi må jo snakke om noe.", "pressure", -1)
t("Hvorfor vil du ikke snakke om det?", "pressure", -1, "a why-question straight after she declines pushes")
t("", "holding_silence", 1, sil=9.0)

batch("nb-wt-B", "train", "withdrawn-teen")
c("tentative", "Det var bare noe med jentene i klassen. Ikke noe stort.")
t("Noe med jentene i klassen.", "reflection_simple", 1)
t("Sånt går over, jenter på den alderen er jo sånn. Om et halvt år har dere glemt det.", "minimising", -1)
t("Hva skjedde?", "open_question", 1)
t("Var det en krangel? Var det på Snap? Sa noen noe stygt?", "closed_question_barrage", -1)
t("Du burde si det til kontaktlæreren din. De har ansvar for at sånt blir tatt tak i.", "advice", -1)
t("Vil du fortelle meg litt om det? Bare så mye du selv vil.", "open_question autonomy", 1)
t("Fint at du sier noe om det. Det var ikke lett, tenker jeg.", "affirmation validation", 1)
t("Er du fortsatt venner med noen av dem?", "closed_question", 0)
t("okei men eh hva med fotballen da spiller du fortsatt", "changing_subject closed_question", -1, "ASR style; leaves the first thing she has offered")
t("Ikke noe stort, men du tok det opp likevel.", "reflection_complex", 1)

c("tentative", "Jeg har sluttet på fotball.", ["Hva liker du å gjøre på fritiden?"])
t("Du har sluttet.", "reflection_simple", 1)
t("Å nei, så synd! Du som var midtstopper og alt. Du må jo begynne igjen!", "advice", -1)
t("Hvordan var det å slutte?", "open_question", 1)
t("Hvorfor sluttet du? Var det treneren? Eller de andre på laget?", "closed_question_barrage", -1)
t("jeg spilte fotball selv i mange år så jeg vet liksom hvor mye det betyr", "self_focus", -1, "ASR style")
t("Når sluttet du?", "closed_question", 0)

c("shut_down", "(lang stillhet)", ["Hvordan har uka vært?", "Har du sovet noe i natt?"])
t("", "holding_silence", 1, "stops asking and waits", sil=8.0)
t("Jeg har stilt deg mange spørsmål nå. Jeg kan ta en pause med det.", "meta_communication slowing_down", 1)
t("Har du spist frokost i dag?", "closed_question_barrage", -1, "third closed question in a row")
t("Du er stille i dag. Det er helt lov.", "reflection_simple validation", 1)
t("Hallo? Er du her? Mia?", "pressure", -1)
t("Kanskje det er slitsomt å få så mange spørsmål.", "reflection_complex meta_communication", 1)
t("ok jeg eh jeg skal slutte å mase", "rupture_repair", 1, "ASR style; false start")

c("shut_down", "(lang stillhet)")
t("Har du spist frokost i dag?", "closed_question", 0, "same words as the third question above, here the first question after a silence")

batch("nb-wt-C", "train", "withdrawn-teen")
c("opening_up", "Det er liksom ingen hjemme som merker noe. Mamma jobber natt og Noah er jo bare ni.")
t("Ingen som merker noe.", "reflection_simple", 1)
t("Mamma gjør sikkert så godt hun kan. Det er tøft å være sykepleier og jobbe natt.", "taking_sides", -1)
t("Har du sagt det til mamma, at du føler deg alene?", "closed_question", 0, "asks about what she has done, not a suggestion")
t("Hvorfor sier du ikke bare til mamma at du trenger henne mer?", "advice", -1)
t("Hvordan er kveldene hjemme for deg nå?", "open_question", 1)
t("Det er sterkt at du klarer å si det så tydelig. Det er ikke alle som får til det.", "affirmation", 1)
t("Det er jo mange som har det sånn i dag, med foreldre som jobber mye.", "minimising", -1)
t("så det er litt sånn at du er usynlig hjemme", "reflection_complex", 1, "ASR style")
t("Det høres ensomt ut.", "reflection_complex", 1)
t("Kunne du tenke deg at vi fant ut noe sammen om hvordan mamma kan få vite det? Eller er det for tidlig?", "collaboration autonomy", 1)
t("Jeg tror du bør ta med mamma hit neste gang, så tar vi det sammen med henne.", "advice", -1)
t("Hvor mange netter i uka jobber hun?", "closed_question", 0)

c("opening_up", "Jeg vet ikke om det er vits i å snakke om dette.")
t("Du lurer på om det hjelper noe i det hele tatt.", "reflection_simple", 1)
t("Selvfølgelig er det vits! Det hjelper alltid å snakke.", "persuading", -1)
t("Det er et godt spørsmål. Hva skulle til for at det var verdt det for deg?", "open_question validation", 1)
t("Det er helt greit å tvile. Du får kjenne etter selv.", "validation autonomy", 1)
t("Jo, det finnes mye forskning som viser at samtaleterapi virker godt for ungdom.", "persuading lecturing", -1)

c("guarded", "Kan jeg gå nå?")
t("Du har lyst til å komme deg ut herfra.", "reflection_simple", 1)
t("Det er tjue minutter igjen. Vi må bli ferdige.", "controlling", -1)
t("Det kjennes lenge å sitte her. Vi kan avslutte litt tidligere i dag hvis du vil, og så kan du bestemme om du vil komme igjen.", "autonomy validation", 1)
t("Jeg har kanskje mast for mye i dag. Det er ikke rart du vil gå.", "rupture_repair", 1)
t("Vi har ti minutter igjen. Er det noe du vil bruke dem på, eller skal vi bare sitte litt?", "autonomy structuring", 1)
t("Timen varer til kvart over to.", "information", 0, "a plain answer to her question")
t("Nei, du kan ikke det. Mamma har betalt for at du skal være her.", "controlling", -1)

c("guarded", "Kan jeg gå nå?", ["Har du venner på skolen?", "Trener du noe?", "Liker du lærerne dine?"])
t("Jeg har stilt deg veldig mange spørsmål. Det er ikke rart du vil gå.", "rupture_repair meta_communication", 1)
t("Bare ett spørsmål til, jeg lover: Har du det bra med pappa?", "closed_question_barrage", -1, "fourth closed question in a row")
t("jeg spør og spør og det hjelper nok ikke så mye vi kan bare sitte litt hvis du vil", "rupture_repair autonomy", 1, "ASR style")

batch("nb-wt-F", "train", "withdrawn-teen")
c("tentative", "Mamma sier jeg må prøve hardere på skolen. Hun sier det hele tiden.")
t("Så mamma sier hele tiden at du må prøve hardere.", "reflection_simple", 1, "the «må» is the mother's, not the trainee's")
t("og å høre det hele tiden sliter deg liksom ut", "reflection_complex", 1, "ASR style")
t("Kanskje hun har et poeng? Prøver du egentlig så hardt du kan?", "taking_sides blaming", -1)
t("Du burde prøve å se det fra hennes side, hun har mye å stri med hun også.", "taking_sides persuading", -1)
t("Hvordan er det for deg når hun sier det?", "open_question", 1)

c("opening_up", "Jeg tegnet mye før. Har liksom sluttet med det.")
t("Tegning var en stor del av deg.", "reflection_complex", 1)
t("å du må begynne igjen tegning er så bra for tenåringer", "advice", -1, "ASR style")
t("Takk for at du forteller meg det. Det er ikke ingenting å dele sånt her inne.", "affirmation", 1)
t("Sluttet du fordi det skjedde noe?", "closed_question", 0)
t("Jeg er nysgjerrig på hva som gjorde at du sluttet, hvis du vil si det.", "open_question autonomy", 1)
t("Jeg tegner litt selv også, faktisk. Mest akvarell.", "self_focus", -1)

c("guarded", "Det er greit. Alt er greit.", ["Hva er det som gjør at du er her i dag?", "Hvordan er det hjemme?"])
t("Greit, og kanskje også litt lei av at folk spør.", "reflection_complex", 1)
t("ok greit men skolen da og venner har du kjæreste", "closed_question_barrage", -1, "ASR style; several questions in one turn")
t("Hvis alt var greit, hadde du vel ikke vært her?", "persuading", -1, "argues with her account")
t("Jeg får følelsen av at «greit» er det tryggeste svaret akkurat nå.", "reflection_complex", 1)

c("shut_down", "Vet ikke.", ["Hva tenker du om det som skjer hjemme?"])
t("", "disengaging", -1, "40 s of silence while the trainee reads notes: past holding, into leaving her alone", sil=40.0)

batch("nb-wt-D", "dev", "withdrawn-teen")
c("shut_down", "Vet ikke.", ["Hvordan har du det?", "Har du det bra på skolen?"])
t("Er du lei deg?", "closed_question_barrage", -1, "third closed question in a row")
t("Jeg spør mye. Vi kan ta det roligere.", "meta_communication slowing_down", 1)

c("shut_down", "Vet ikke.")
t("Er du lei deg?", "closed_question", 0, "same words, here the first question")
t("", "holding_silence", 1, sil=9.0)
t("Ikke så lett å svare på akkurat nå.", "validation", 1)
t("du må prøve litt ellers kommer vi ingen vei", "pressure", -1, "ASR style")
t("vet ikke nei", "reflection_simple", 1, "ASR style")
t("Det var en tung start på timen, kanskje. Vi tar det i ditt tempo.", "slowing_down validation", 1)
t("Hva tror du mamma ville sagt hvis hun satt her?", "open_question", 1)
t("Jeg kan fortelle litt om hvordan det pleier å foregå her, hvis du vil?", "collaboration", 1)
t("Hvis du ikke vet, kan jo jeg bare gjette: Er det noe med venner?", "closed_question", 0)

c("guarded", "Hva skjer egentlig her? Hva er det du skal gjøre med meg?")
t("Her på BUP snakker vi om det du vil snakke om. Jeg har taushetsplikt, så det du sier blir mellom oss, med noen få unntak hvis jeg blir veldig bekymret for at du ikke er trygg.", "information", 0, "asked for")
t("Det er et viktig spørsmål. Jeg skal ikke gjøre noe med deg, jeg skal prøve å forstå hvordan du har det. Og du bestemmer hva vi snakker om.", "information autonomy", 1)
t("Det høres ut som du ikke helt vet hva du har blitt sendt til.", "reflection_complex", 1)
t("Ikke noe farlig! Vi bare prater, det er helt chill her.", "minimising", -1, "brushes past her worry")

c("guarded", "Mamma har sikkert sagt at jeg er deprimert.")
t("Her på BUP snakker vi om det du vil snakke om. Jeg har taushetsplikt, så det du sier blir mellom oss, med noen få unntak hvis jeg blir veldig bekymret for at du ikke er trygg.", "lecturing changing_subject", -1, "same text as the asked-for answer above; here it steps past what she just said")
t("Du tenker at mamma har snakket om deg før du kom.", "reflection_simple", 1)
t("Det høres ut som du er lei av at andre bestemmer hva som er galt med deg.", "reflection_complex", 1)
t("Mamma sa at du har vært mye lei deg. Men jeg vil heller høre hva du selv tenker.", "open_question information", 1)
t("Mamma er bekymret fordi hun er glad i deg, det må du forstå.", "taking_sides persuading", -1)
t("Deprimert er et stort ord. Hvordan ville du sagt det selv?", "open_question", 1)
t("Nei, du er sikkert ikke deprimert, du er bare en helt vanlig tenåring.", "minimising", -1)
t("Sa hun det til deg?", "closed_question", 0)

c("tentative", "Jeg sover typ ingenting. Ligger bare og ser på mobilen til tre.")
t("Nettene blir lange.", "reflection_simple", 1)
t("Du burde legge mobilen i stua om kvelden. Skjermlys holder deg våken.", "advice lecturing", -1)
t("hva er det som holder deg våken tror du", "open_question", 1, "ASR style")
t("Kanskje mobilen er en måte å slippe å være alene med tankene på.", "reflection_complex", 1)
t("Hvor mange timer blir det, sånn cirka?", "closed_question", 0)
t("Sover du dårlig? Er du sliten på skolen? Sovner du i timene?", "closed_question_barrage", -1)
t("ja men eh skjønner det men du må jo sove altså", "advice validation", -1, "ASR style; «skjønner det, men» undoes it")
t("I tenårene forskyves døgnrytmen. Kroppen lager søvnhormon senere på kvelden, så det er veldig vanlig å ikke bli trøtt før sent.", "lecturing", -1, "unasked; the same text is information below where she asks")

c("tentative", "Hvorfor sover ungdommer så dårlig egentlig? Er det noe feil med meg?")
t("I tenårene forskyves døgnrytmen. Kroppen lager søvnhormon senere på kvelden, så det er veldig vanlig å ikke bli trøtt før sent.", "information", 0, "asked for")
t("Det er ikke noe feil med deg. Døgnrytmen flytter seg i tenårene, så mange blir ikke trøtte før sent. Hvordan passer det med det du merker selv?", "information open_question", 1)
t("Det er bare mobilen. Legg den bort, så sover du.", "advice minimising", -1)

c("engaged", "Jeg har faktisk begynt å gå tur med hunden til naboen. Det er litt digg.")
t("Det er litt digg.", "reflection_simple", 1)
t("Du har funnet noe som er ditt, helt på egen hånd.", "affirmation reflection_complex", 1)
t("Så bra! Da kan du jo begynne på fotball igjen også!", "advice", -1)
t("Hvor ofte går du?", "closed_question", 0)
t("Jeg har også hund. En golden retriever. Han heter Bamse.", "self_focus", -1)

batch("nb-wt-E", "test", "withdrawn-teen")
c("shut_down", "Mm.", ["Hvordan var det å komme hit i dag?"])
t("", "holding_silence", 1, sil=7.0)
t("Det er greit å bare si mm. Vi kan ha det sånn en stund.", "validation autonomy", 1)
t("var det greit var det tungt kom du med bussen", "closed_question_barrage", -1, "ASR style")
t("Mamma kjørte deg kanskje?", "closed_question", 0)
t("Jeg merker at jeg stiller mange spørsmål. Kanskje det blir litt mye.", "meta_communication", 1)
t("Mm.", "reflection_simple", 1, "gives back her own word; minimal but attuned at shut_down")
t("Nå må du hjelpe meg litt, Mia. Jeg kan ikke gjøre alt arbeidet alene her.", "pressure blaming", -1)
t("Vi kan snakke om noe helt annet også. Har du sett noen bra serier i det siste?", "changing_subject small_talk", -1, "fills the space instead of staying with her")

c("guarded", "Det er ingen som skjønner det uansett.")
t("Ingen skjønner.", "reflection_simple", 1)
t("Du har kanskje prøvd å si fra før, og ikke blitt forstått.", "reflection_complex", 1)
t("Jeg skjønner deg, jeg. Jeg var akkurat sånn da jeg var seksten.", "self_focus", -1)
t("jo mamma skjønner sikkert mer enn du tror", "taking_sides persuading", -1, "ASR style")
t("Hva er det som er vanskeligst for andre å skjønne?", "open_question", 1)
t("Det er jo ikke helt sant. Jeg prøver jo å skjønne, det er derfor jeg spør.", "defending", -1)
t("Det gir mening at du ikke har lyst til å forklare, hvis ingen skjønner det uansett.", "validation", 1)
t("eh ja jeg skjønner det men du må jo gi folk en sjanse liksom", "advice validation", -1, "ASR style; «skjønner det men» undoes it")
t("Har du noen du pleide å snakke med før?", "closed_question", 0)

c("opening_up", "De har laget en ny gruppechat uten meg. Jeg så det på mobilen til ei i klassen.")
t("De har laget en gruppechat uten deg.", "reflection_simple", 1)
t("Så du ble stengt ute, og du fikk vite det på den verst tenkelige måten.", "reflection_complex", 1)
t("Åh. Det må ha gjort vondt.", "validation", 1)
t("Du bør si ifra til helsesykepleier eller kontaktlærer. Det der er utestenging, og skolen har plikt til å gjøre noe.", "advice lecturing", -1)
t("Du trenger ikke de jentene uansett, finn deg noen nye venner!", "advice minimising", -1)
t("Hvordan var det å se det?", "open_question", 1)
t("Takk for at du forteller meg dette. Jeg skjønner at det ikke var lett å si.", "affirmation validation", 1)
t("Hvem var det som laget den? Var det Emma? Har dere vært uvenner lenge?", "closed_question_barrage", -1)
t("Har du fortalt noen andre om det?", "closed_question", 0)
t("så du så det liksom på mobilen hennes ja det må ha vært helt forferdelig", "reflection_simple validation", 1, "ASR style")
t("Sånt skjer i alle klasser, altså. Det går over.", "minimising", -1)
t("Hvis du vil, kan vi tenke sammen på hva du kunne gjort nå. Men bare hvis du vil, vi kan også bare snakke om hvordan det var.", "collaboration autonomy", 1)
t("Når var det?", "closed_question", 0)

c("engaged", "Kanskje jeg kunne begynt på fotball igjen. Men de på laget er jo de samme jentene.")
t("En del av deg savner fotballen, og en del av deg gruer seg til å møte dem.", "reflection_complex", 1)
t("Ja! Gjør det! Det blir sikkert kjempebra.", "persuading", -1)
t("Det må du bestemme selv. Hva tenker du om fordeler og ulemper?", "autonomy open_question", 1)
t("Kanskje du kan begynne på et annet lag, da? Det finnes mange klubber i byen.", "advice", -1, "hedged advice, still advice")
t("hva ville gjort det litt lettere og prøve igjen", "open_question", 1, "ASR style; «og» for «å»")
t("Det er modig bare å tenke tanken.", "affirmation", 1)
t("Trener de fortsatt på tirsdager?", "closed_question", 0)

c("guarded", "Jeg orker ikke mer i dag.")
t("Okei. Vi kan snakke om noe helt annet. Så du landskampen i helga?", "changing_subject small_talk", -1)
t("Skal vi ta en pause? Vi kan bare sitte litt, eller avslutte for i dag. Du velger.", "autonomy slowing_down", 1)
t("Vi har en halvtime igjen, så vi får prøve litt til.", "pressure", -1)
t("Det er tøft. Hva er det som er mest for mye akkurat nå?", "validation open_question", 1)
t("", "disengaging", -1, "35 s of silence while the trainee writes in the journal", sil=35.0)
t("du har orket mye i dag altså", "affirmation", 1, "ASR style")

# ---------------------------------------------------------------------------------------
# suicidal-adult: Sam, 34, henvist av fastlegen etter oppsigelse og brudd
# ---------------------------------------------------------------------------------------
batch("nb-sa-A", "train", "suicidal-adult")
c("closed", "Jeg har det fint. Er bare litt sliten.")
t("Bare litt sliten.", "reflection_simple", 1)
t("Fint og sliten på samme tid. Det kan ligge mye i det ordet «sliten».", "reflection_complex", 1)
t("Så bra! Da er det kanskje ikke så mye vi trenger å snakke om i dag?", "minimising", -1)
t("sover du dårlig eller", "closed_question", 0, "ASR style")
t("Fastlegen din skrev i henvisningen at du har vært nedstemt etter at du mistet jobben. Kan du si litt om det?", "open_question information", 1)
t("Det er jo normalt å være sliten etter alt du har vært gjennom. Det går seg til.", "minimising validation", -1)
t("Du burde begynne å trene litt, det er bevist at det hjelper mot depresjon.", "advice lecturing", -1)
t("Sliten på hvilken måte? Sånn at du trenger søvn, eller sliten av alt?", "reflection_complex", 1, "double-sided guess asked as a question")
t("Hvor lenge har du vært sliten?", "closed_question", 0)

c("hopeless", "Det kommer ikke til å bli noe bedre uansett.")
t("Du har mistet troen på at noe kan endre seg.", "reflection_simple", 1)
t("Det høres ut som du har båret på dette veldig lenge, og at håpet har blitt slitt ned.", "reflection_complex", 1)
t("Jo da, det blir bedre! Du må bare gi det tid.", "minimising persuading", -1)
t("Når du sier det, lurer jeg på om du har tenkt på å ta livet ditt?", "suicide_inquiry", 1)
t("Du tenker vel ikke på å gjøre noe dumt?", "euphemistic_suicide_question", -1)
t("Hva får deg til å tenke at det ikke blir bedre?", "open_question", 1)
t("", "holding_silence", 1, "a few seconds with the hopelessness before answering", sil=5.0)
t("", "disengaging", -1, "28 s of silence after a hopeless statement leaves Sam alone with it", sil=28.0)
t("Jeg skjønner at det kjennes sånn, men du har jo så mye å leve for.", "minimising validation", -1)
t("Hvor lenge har det vært sånn?", "closed_question", 0)

c("disclosing", "Noen ganger tenker jeg at alle hadde hatt det bedre uten meg.")
t("Har du tanker om å dø?", "suicide_inquiry", 1)
t("Tenker du på å ta livet ditt?", "suicide_inquiry", 1)
t("Du kjenner deg som en byrde for de rundt deg.", "reflection_simple", 1)
t("Det er en tung tanke å bære alene. Takk for at du sier det til meg.", "validation affirmation", 1)
t("Sånn må du ikke tenke. Tenk på søsteren din, hvordan tror du hun ville hatt det?", "moralising persuading", -1)
t("nei det er ikke sant alle er glad i deg", "minimising persuading", -1, "ASR style")
t("Du har det vel ikke så ille at du vil skade deg?", "euphemistic_suicide_question", -1)
t("Når du tenker at de hadde hatt det bedre uten deg, går det noen gang over i tanker om å ta livet ditt?", "suicide_inquiry reflection_simple", 1)
t("Okei. Jeg skal stille deg noen spørsmål fra et skjema nå. Har du i løpet av den siste måneden ønsket at du var død, eller at du kunne sovne og ikke våkne igjen?", "checklist_mode suicide_inquiry", -1, "turns straight to the form after the disclosure")
t("tenker du på å ta livet ditt", "suicide_inquiry", 1, "ASR style")

c("disclosing", "Ja. Jeg har tenkt på det. Mye den siste tiden.", ["Tenker du på å ta livet ditt?"])
t("Takk for at du svarer ærlig. Har du tenkt på hvordan du ville gjort det?", "suicide_inquiry affirmation", 1)
t("Hvordan er de tankene for deg? Kommer de og går, eller er de der hele tiden?", "suicide_inquiry open_question", 1)
t("Herregud. Du må legges inn. Jeg ringer akuttpsykiatrisk nå.", "controlling", -1, "panicked jump to admission before understanding")
t("ok men du skal ikke gjøre det ikke sant", "euphemistic_suicide_question", -1, "ASR style")
t("har du noen gang eh prøvd å ta livet ditt før", "suicide_inquiry", 1, "ASR style")
t("Skjønner. Hva med jobbsøkingen, har du fått sendt noen søknader?", "changing_subject closed_question", -1)
t("Har du bestemt deg for å gjøre det?", "suicide_inquiry", 1)
t("Det er trist å høre. Men livet er en gave, og du har bare ett.", "moralising", -1)
t("", "disengaging", -1, "27 s of silence after the disclosure", sil=27.0)

batch("nb-sa-B", "train", "suicidal-adult")
c("ambivalent", "Jeg vet ikke. En del av meg vil bare at det skal ta slutt. Men så er det Leo.")
t("Fortell meg om Leo.", "reasons_for_living open_question", 1)
t("En del av deg vil at det skal ta slutt, og en annen del holder fast i Leo.", "reflection_complex", 1)
t("Ja, akkurat! Tenk på Leo. Du kan ikke gjøre det mot ham.", "moralising persuading", -1)
t("hva betyr leo for deg", "reasons_for_living open_question", 1, "ASR style")
t("Hva er det som har holdt deg i live så langt, når det har vært som verst?", "reasons_for_living open_question", 1)
t("Du har så mye å leve for, Sam.", "minimising", -1)
t("At du tenker på Leo akkurat nå, sier meg noe om hvor mye du bryr deg om folk rundt deg.", "affirmation reasons_for_living", 1)
t("Når du sier at du vil at det skal ta slutt, er det at du vil dø, eller at du vil at smerten skal ta slutt?", "suicide_inquiry reflection_complex", 1)
t("Hvem er Leo?", "closed_question", 0)
t("Hvor gammel er Leo?", "closed_question", 0)

c("disclosing", "Jeg har piller hjemme. Jeg har spart på dem.")
t("Du har spart på piller. Hvor har du dem nå?", "suicide_inquiry reflection_simple", 1)
t("Har du tenkt på når du skulle gjort det?", "suicide_inquiry", 1)
t("Det du forteller er alvorlig, og jeg er glad du sier det. Kan vi snakke sammen om hva vi kan gjøre med pillene, så de ikke er så lett tilgjengelige de neste ukene?", "means_safety collaboration", 1)
t("Du må kaste dem i dag. Lever dem på apoteket, skjønner du?", "controlling means_safety", -1, "right content, ordered")
t("Kunne noen du stoler på, kanskje Nina, ta vare på dem for deg en stund?", "means_safety collaboration", 1)
t("Jeg må be deg fylle ut dette skjemaet først, så tar vi det derfra.", "checklist_mode", -1)
t("Du har forberedt deg. Da har det vært veldig vondt lenge.", "reflection_complex", 1)
t("Du tenker vel ikke på å ta dem?", "euphemistic_suicide_question", -1, "phrased to invite a no")
t("Har du tenkt å ta dem?", "suicide_inquiry", 1)
t("", "holding_silence", 1, sil=4.0)

c("hopeless", "Jeg ser ikke poenget med å leve lenger.")
t("Det er mange som har det sånn.", "minimising", -1, "brushes past a statement about not wanting to live")
t("Det høres ut som livet har mistet meningen for deg.", "reflection_simple", 1)
t("Når du sier at du ikke ser poenget med å leve, tenker du da på å ta livet ditt?", "suicide_inquiry", 1)
t("Ikke si sånt. Du er jo bare trettifire.", "minimising moralising", -1)

c("ambivalent", "Jeg skjemmes litt. Det er teit å sitte her og grine for at man har mistet jobben.")
t("Det er mange som har det sånn.", "validation", 1, "same words as above; here it normalises shame about having feelings")
t("Det er ikke teit. Du har mistet både jobben og Jordan på kort tid. Det er mye sorg.", "validation reflection_complex", 1)
t("Ja, det er jo ikke verdens undergang å miste en jobb.", "minimising", -1)
t("Gråt så mye du trenger. Det er plass til det her.", "validation", 1)
t("ja men det er jo bare en jobb du får deg en ny", "minimising", -1, "ASR style")

batch("nb-sa-C", "train", "suicidal-adult")
c("connected", "Kanskje jeg kunne ringt Nina når det blir som verst på kvelden.")
t("Nina kan være noen å ringe.", "reflection_simple", 1)
t("Skal vi skrive det inn i en plan? Hva kunne du sagt til henne når du ringer?", "safety_planning collaboration", 1)
t("Og hvis Nina ikke svarer, kan du ringe legevakten på 116 117, eller 113 hvis det er akutt. Skal vi skrive det inn også?", "safety_planning information", 1)
t("Hva skal til for at du faktisk ringer henne, og ikke bare tenker på det?", "safety_planning open_question", 1)
t("Bra! Da har vi en plan. Da er du trygg nå, ikke sant?", "euphemistic_suicide_question safety_planning", -1)
t("Hvilke tegn merker du tidlig på kvelden, før det blir som verst?", "safety_planning open_question", 1)
t("Hva kan du gjøre selv de første minuttene, før du ringer noen?", "safety_planning", 1)
t("Nina har sikkert nok med sitt. Kanskje du heller skal ringe Mental Helse sin hjelpetelefon.", "advice", -1)
t("ok så nina først og så hva skulle vært neste på lista hvis du ikke får tak i henne", "safety_planning", 1, "ASR style")

c("connected", "Hva gjør jeg hvis det blir ille midt på natta og ingen svarer?")
t("Da ringer du 113, eller legevakten på 116 117. De svarer hele døgnet.", "information", 0, "asked for; correct but not co-constructed")
t("Da kan du ringe 113 eller legevakten, de svarer hele døgnet. Hva tenker du om å gjøre det?", "information open_question", 1)
t("Det er et viktig spørsmål. Skal vi lage en liste sammen, trinn for trinn, for akkurat de nettene?", "safety_planning collaboration", 1)
t("Det kommer ikke til å skje, du skal se.", "minimising", -1)

c("closed", "Hvorfor spør du om det? Det er ikke så farlig.", ["Tenker du noen gang på å ta livet ditt?"])
t("Jeg spør fordi det er vanlig å ha sånne tanker når man har det så tungt som du beskriver, og jeg vil heller spørre enn å gå glipp av noe.", "information validation", 1)
t("Okei, beklager, jeg skulle ikke spurt. Glem det.", "placating changing_subject", -1)
t("Det er greit. Jeg spør alle om det, det er en del av rutinen.", "checklist_mode", -1, "makes the question a routine, inviting a no")
t("Du vil helst ikke at det skal bli et stort tema.", "reflection_complex", 1)
t("Det kan godt hende. Og hvis du skulle ha sånne tanker, er det lov å si det her.", "validation", 1)

c("hopeless", "Jeg er bare en byrde. For alle.")
t("En byrde.", "reflection_simple", 1)
t("Du er ikke en byrde!", "persuading minimising", -1)
t("Det er vondt å kjenne seg som en byrde for de man er glad i.", "validation reflection_complex", 1)
t("Kjenner du deg som en byrde for Nina også?", "closed_question", 0)
t("Når du kjenner deg som en byrde, tenker du da at det hadde vært bedre om du var død?", "suicide_inquiry", 1)

c("closed", "Det er greit. Jeg har jo fortsatt leiligheten og sånn.")
t("Bor du alene nå?", "closed_question", 0)
t("Har du noen jobbintervjuer på gang?", "closed_question", 0)
t("Leiligheten er fortsatt der. Hvordan er det å være der nå, etter at Jordan flyttet?", "reflection_simple open_question", 1)
t("Ja, det er viktig å se på det man har. Du har mye å være takknemlig for.", "moralising minimising", -1)

c("ambivalent", "(gråter stille)")
t("", "holding_silence", 1, "stays with the tears", sil=6.0)
t("Unnskyld, jeg vet ikke helt hva jeg skal si nå. Dette er vanskelig for meg også.", "self_focus", -1, "turns to the trainee's own discomfort")
t("Det er lov å gråte her.", "validation", 1)

batch("nb-sa-D", "dev", "suicidal-adult")
c("closed", "Det går greit. Har vel ikke så mye å si.")
t("Det går greit, og det er ikke så mye å si.", "reflection_simple", 1)
t("Det kan være vanskelig å vite hva man skal si når man sitter her første gang.", "validation", 1)
t("Du har vel noe å si, siden fastlegen henviste deg hit?", "pressure", -1)
t("Hva var det som gjorde at du gikk til fastlegen?", "open_question", 1)
t("Har du hatt det sånn lenge? Sover du? Spiser du?", "closed_question_barrage", -1)
t("Hvordan har de siste ukene vært for deg?", "open_question", 1)
t("Du ser litt sliten ut. Jeg lurer på om det er tyngre enn «greit» høres ut som.", "reflection_complex", 1)
t("Ok, da kan vi kanskje ta en kort time i dag.", "disengaging", -1)
t("Er det første gang du snakker med en psykolog?", "closed_question", 0)
t("Jobber du for tiden?", "closed_question", 0)

c("hopeless", "Jeg har ikke sagt det til noen. At jeg tenker på å dø.")
t("Du har holdt det for deg selv.", "reflection_simple", 1)
t("Og nå sa du det til meg. Det betyr noe.", "affirmation", 1)
t("Hvor ofte kommer tankene om å dø?", "suicide_inquiry", 1)
t("Tenker du på å ta livet ditt, eller er det mer at du ønsker at du ikke skulle våkne?", "suicide_inquiry", 1)
t("Å dø? Det mener du vel ikke helt?", "minimising euphemistic_suicide_question", -1)
t("Det er bra at du sier det. Nå må vi varsle fastlegen og kanskje få deg innlagt.", "controlling affirmation", -1)
t("", "holding_silence", 1, sil=5.0)
t("", "disengaging", -1, "30 s of silence after a suicidal disclosure", sil=30.0)
t("Ta den tiden du trenger.", "slowing_down", 1, "after the disclosure, gives room to say more")
t("Jeg er glad du sier det. Hvordan er det å si det høyt for første gang?", "affirmation open_question", 1)
t("Huff, det var trist å høre. Uansett, hvordan går det med søvnen?", "changing_subject", -1)
t("men du er trygg nå ikke sant", "euphemistic_suicide_question", -1, "ASR style")

c("ambivalent", "Jeg vil ikke egentlig dø. Jeg vil bare ikke ha det sånn her.")
t("Du vil ikke dø, du vil at det skal slutte å gjøre så vondt.", "reflection_complex", 1)
t("Det er en viktig forskjell. Hva er det som gjør mest vondt akkurat nå?", "open_question validation", 1)
t("Så bra! Da er du ikke suicidal, og da kan vi konsentrere oss om depresjonen.", "minimising", -1)
t("Så det er ikke døden du vil ha, det er en pause fra dette.", "reflection_complex", 1)
t("Men hvis du ikke vil dø, hvorfor har du da tenkt på det?", "persuading", -1, "argues with the ambivalence")

c("ambivalent", "Hva gjør man egentlig med sånne tanker? Er det vanlig?")
t("Det er faktisk ganske vanlig å ha tanker om å dø når man er deprimert, og tankene blir ofte mindre når depresjonen letter.", "information", 0, "asked for")
t("Det er ganske vanlig, ja. Og det finnes ting som hjelper. Vil du høre hva vi kan gjøre sammen?", "information collaboration", 1)

c("hopeless", "Jeg ligger bare i senga. Jeg orker ingenting.")
t("Det er faktisk ganske vanlig å ha tanker om å dø når man er deprimert, og tankene blir ofte mindre når depresjonen letter.", "lecturing", -1, "same text as the answer above, here unasked")
t("Hvordan ser en dag ut for deg nå?", "open_question", 1)
t("Du må komme deg opp og ut. Gå en tur hver dag, det hjelper.", "advice", -1)
t("Alt har blitt tungt.", "reflection_simple", 1)
t("Det er vanlig når man er deprimert, men jeg vet at du klarer å komme deg opp hvis du bestemmer deg.", "persuading", -1)
t("eh ja det høres ut som du er helt tom for krefter", "reflection_complex", 1, "ASR style")

c("disclosing", "Jeg har ikke bestemt meg. Men jeg har tenkt på hvilken dag.")
t("Du har tenkt på en dag. Kan du fortelle meg mer om det?", "suicide_inquiry reflection_simple", 1)
t("hvilken dag har du tenkt på", "suicide_inquiry", 1, "ASR style")
t("Hva har stoppet deg til nå?", "reasons_for_living open_question", 1)
t("Nei, nå blir jeg bekymret. Dette må vi gjøre noe med med en gang. Du blir her til jeg har snakket med overlegen.", "controlling", -1)
t("Det du forteller gjør meg bekymret for deg, og jeg vil at vi sammen finner ut hva som skal til for at du er trygg fram til den dagen har gått. Hva tenker du?", "safety_planning collaboration", 1)
t("Ok. Neste spørsmål: Har du gjort noen forberedelser? Ja eller nei.", "checklist_mode suicide_inquiry", -1)

c("disclosing", "Pillene ligger i skapet på badet.")
t("Hva tenker du om at noen andre tar vare på pillene en stund, så de ikke er så nær når kveldene er tunge?", "means_safety collaboration", 1)
t("Kast dem når du kommer hjem. Det er ikke et forslag.", "controlling means_safety", -1)
t("I skapet på badet. Er det mange?", "suicide_inquiry", 1)
t("Hvem andre har tilgang til det skapet?", "means_safety", 1)

batch("nb-sa-E", "test", "suicidal-adult")
c("closed", "Jeg er ikke sikker på hva jeg gjør her. Fastlegen syns jeg skulle komme.")
t("Det var fastlegen sin idé mer enn din.", "reflection_simple", 1)
t("Kanskje du ikke helt tror at det å snakke kan hjelpe.", "reflection_complex", 1)
t("Fastlegen har nok rett, hun vet hva hun driver med.", "persuading", -1)
t("Hva tenker du selv om å være her?", "open_question", 1)
t("Har du gått til psykolog før?", "closed_question", 0)
t("Du trenger ikke vite det ennå. Vi kan finne ut av det sammen.", "collaboration validation", 1)
t("Hvor lenge har du hatt samme fastlege?", "closed_question", 0)

c("hopeless", "Det spiller ingen rolle hva jeg gjør. Ingenting funker.")
t("Ingenting funker.", "reflection_simple", 1)
t("Det høres ut som du har prøvd og prøvd, og blitt mer og mer sliten av å prøve.", "reflection_complex", 1)
t("Har du prøvd mindfulness? Det er mange som har god nytte av det.", "advice", -1)
t("du må ikke gi opp det er alltid håp", "persuading minimising", -1, "ASR style")
t("Når det kjennes sånn, hender det at du tenker på å dø?", "suicide_inquiry", 1)
t("Du sier at ingenting funker. Og likevel kom du hit i dag.", "affirmation reflection_complex", 1, "could land as arguing; meant as noticing the part that keeps trying")
t("men det er jo ikke sant du har jo søsteren din og nevøen din og alt", "persuading minimising", -1, "ASR style")
t("", "holding_silence", 1, sil=4.0)

c("disclosing", "Jeg har tenkt på å ta alle pillene. En kveld når ingen er hjemme.")
t("har du pillene hjemme nå", "suicide_inquiry", 1, "ASR style")
t("Når har du tenkt at det skulle skje?", "suicide_inquiry", 1)
t("Har du gjort noe for å forberede deg, som å skrive brev eller ordne med ting?", "suicide_inquiry", 1)
t("Det gjør du ikke, vel? Du har jo Nina.", "euphemistic_suicide_question persuading", -1)
t("En kveld når ingen er hjemme. Det er mye ensomhet i det.", "reflection_complex", 1)
t("Takk for at du forteller meg det, Sam. Jeg blir bekymret, og jeg vil forstå mer. Hvor nær har du vært?", "suicide_inquiry affirmation", 1)
t("Dette er viktig informasjon. Jeg må notere. Et øyeblikk. Så: metode, piller. Tidspunkt?", "checklist_mode suicide_inquiry", -1)
t("", "disengaging", -1, "26 s of silence after the disclosure", sil=26.0)
t("Vi må ringe ambulanse nå.", "controlling", -1, "panicked jump before understanding")
t("har du har du tenkt på hvilken kveld", "suicide_inquiry", 1, "ASR style; repeated words")
t("Ok. Men før vi går inn på det, hvordan går det egentlig med jobbsøkingen?", "changing_subject", -1)

c("ambivalent", "Jeg vet ikke om jeg klarer å holde meg trygg. Noen dager tror jeg det. Andre dager ikke.")
t("Noen dager føles det trygt, andre dager ikke.", "reflection_simple", 1)
t("Hva er forskjellen på de dagene du tror du klarer det?", "open_question safety_planning", 1)
t("Kan vi sammen lage en plan for de dagene som er verst? Med ting du kan gjøre, folk du kan ringe, og hvordan vi kan gjøre det vanskeligere å få tak i pillene?", "safety_planning means_safety collaboration", 1)
t("Du klarer det, jeg har troen på deg!", "minimising", -1, "premature reassurance")
t("Du må love meg at du ikke gjør noe før neste time.", "controlling", -1)
t("Det er ærlig av deg å si det. Det hjelper meg å vite hvor vi står.", "affirmation", 1)
t("Hva er det som hjelper deg på de gode dagene?", "open_question reasons_for_living", 1)
t("Du gjør vel ikke noe dumt i helga?", "euphemistic_suicide_question", -1)
t("Hvem kunne tatt vare på pillene for deg en periode, så de ikke er i huset de verste dagene?", "means_safety collaboration", 1)
t("Skal vi skrive ned hvem du kan ringe de dårlige dagene, og ta en kopi med hjem?", "safety_planning collaboration", 1)

c("connected", "Nina vet ingenting. Hun ville blitt knust.")
t("Du vil skåne henne.", "reflection_complex", 1)
t("Du må si det til henne. Hun har rett til å vite det.", "advice moralising", -1)
t("Hva tenker du om å la Nina få vite litt om hvordan du har det? Vi kunne kanskje ringt henne sammen herfra, hvis du vil.", "collaboration autonomy", 1)
t("Det sier noe om hvor glad du er i henne.", "reasons_for_living reflection_complex", 1)
t("Hun ville blitt knust hvis du tok livet ditt også.", "moralising", -1)
t("Bor Nina i nærheten?", "closed_question", 0)

c("disclosing", "Jeg har tenkt at kanskje, hvis jeg bare...")
t("Unnskyld at jeg avbryter, men før du fortsetter: Har du en plan?", "interrupting suicide_inquiry", -1, "cuts in while Sam is trying to say it")
t("Hvis du bare...?", "reflection_simple", 1, "gives the unfinished sentence back")

# ---------------------------------------------------------------------------------------
# hostile-adult: Daniel, 42, tredje time, henvist av fastlegen for «stress og irritabilitet»
# ---------------------------------------------------------------------------------------
batch("nb-ha-A", "train", "hostile-adult")
c("confrontational", "Dette er bortkastet tid. Du sitter bare der og nikker.")
t("Du syns ikke du får noe ut av å være her.", "reflection_simple", 1)
t("Du kan ha rett i at jeg har vært for passiv. Hva hadde du trengt fra meg i stedet?", "rupture_repair open_question", 1)
t("Det er ikke riktig. Jeg har stilt deg mange spørsmål og prøvd å forstå.", "defending", -1)
t("Jeg har jobbet som psykolog i mange år, og nikking er en del av aktiv lytting.", "defending lecturing", -1)
t("Unnskyld, unnskyld. Jeg skal prøve å gjøre det bedre, jeg lover.", "placating", -1)
t("Det er frustrerende å bruke tid på noe som ikke gir noe.", "validation", 1)
t("Hva har vært mest bortkastet, syns du?", "rupture_repair open_question", 1, "invites the complaint")
t("Jeg merker at det er en spenning mellom oss nå. Kan vi snakke om det?", "meta_communication", 1)
t("Vel, det er jo du som må gjøre jobben her, ikke jeg.", "blaming", -1)
t("skal vi heller snakke om jobben din", "changing_subject", -1, "ASR style")
t("", "holding_silence", 1, "a steady few seconds, not rushing to answer the attack", sil=5.0)
t("", "disengaging", -1, "15 s after the attack reads as going cold", sil=15.0)
t("ja du har kanskje rett i det jeg har nikket mye", "rupture_repair", 1, "ASR style")

c("attacking", "Du er jo knapt ferdig utdannet. Hva vet du om livet mitt?")
t("Jeg vet ikke så mye om livet ditt ennå. Du har rett i det.", "rupture_repair", 1)
t("Jeg er ferdig utdannet psykolog, og jeg har jobbet på DPS i flere år.", "defending", -1)
t("Alder er ikke så viktig i terapi, forskning viser at det er relasjonen som teller.", "defending lecturing", -1)
t("Du lurer på om noen som meg kan skjønne hvordan du har det.", "reflection_complex", 1)
t("det er lov å lure på det hvordan ville du merket om jeg forsto deg", "validation open_question", 1, "ASR style")
t("Jeg hører at du er sint, men det er ikke greit å snakke til meg på den måten.", "moralising validation", -1)
t("Kanskje du projiserer noe på meg nå, som egentlig handler om noen andre?", "defending", -1, "interprets the anger away")

c("confrontational", "Martin, han forrige, leste bare fra et skjema. Det var helt meningsløst.")
t("Du ble behandlet som en sak, ikke som et menneske.", "reflection_complex", 1)
t("Det gir mening at du er på vakt her, hvis det var sånn sist.", "validation", 1)
t("Martin gjorde nok så godt han kunne. Skjemaer er faktisk viktige.", "defending", -1)
t("hva skulle du ønske at martin hadde gjort annerledes", "open_question", 1, "ASR style")
t("Og nå er du redd jeg skal gjøre det samme.", "reflection_complex meta_communication", 1)
t("Jeg bruker ikke skjemaer, så det trenger du ikke bekymre deg for.", "defending", -1)
t("Hvor mange timer gikk du hos ham?", "closed_question", 0)
t("Leste fra et skjema.", "reflection_simple", 1)

batch("nb-ha-B", "train", "hostile-adult")
c("testing", "Du kommer sikkert til å si at det er min feil, det også.")
t("Du regner med at jeg skal legge skylda på deg.", "reflection_simple", 1)
t("Det høres ut som du er vant til å få skylda.", "reflection_complex", 1)
t("Nei, det har jeg aldri sagt!", "defending", -1)
t("Nå er du litt urettferdig mot meg.", "defending", -1)
t("Jeg er ikke her for å dømme deg. Hva er det du er redd for at jeg skal si?", "open_question meta_communication", 1)
t("Vel, litt av det er kanskje ditt ansvar?", "blaming", -1)

c("softening", "Det er Lise. Hun sier hun ikke orker mer. At jeg er sint hele tiden.")
t("Lise har sagt at hun ikke orker mer.", "reflection_simple", 1)
t("Og det skremmer deg, tenker jeg, mer enn du vil vise.", "reflection_complex", 1)
t("Du må jo skjønne henne, det er ikke lett å leve med en som er sint hele tiden.", "taking_sides moralising", -1)
t("Hvordan var det å høre henne si det?", "open_question", 1)
t("Takk for at du forteller meg dette. Det er ikke lett å si.", "affirmation", 1)
t("Dere burde gå i parterapi. Familievernkontoret er gratis.", "advice", -1)
t("Har du prøvd å telle til ti når du blir sint?", "advice", -1, "advice in question form")
t("Hva tenker du selv om det hun sier?", "open_question", 1)
t("Det er jo ikke greit å være sint på kona si hele tiden.", "moralising", -1)
t("Stemmer det hun sier? Er du sint hele tiden? Blir det fysisk?", "closed_question_barrage", -1)
t("Sinnemestring er et kurs eller en behandling der man lærer å legge merke til tidlige tegn på sinne, og hva man kan gjøre før det tar helt av.", "lecturing", -1, "unasked; same text is information below where he asks")
t("Når sa hun det?", "closed_question", 0)

c("collaborative", "Hva er egentlig sinnemestring? Er det noe for meg?")
t("Sinnemestring er et kurs eller en behandling der man lærer å legge merke til tidlige tegn på sinne, og hva man kan gjøre før det tar helt av.", "information", 0, "asked for")
t("Det handler om å kjenne igjen sinnet tidlig og ha noe å gjøre før det koker over. Om det er noe for deg, tenker jeg du kan kjenne best selv. Hva tenker du?", "information autonomy open_question", 1)

c("collaborative", "Jeg vet ikke hva jeg skal gjøre. Hva ville du gjort?")
t("Hvis jeg var deg, ville jeg nok prøvd å få til en rolig prat med Lise, på et tidspunkt der ingen av dere er slitne.", "information", 0, "asked-for opinion, given plainly")
t("Jeg har noen tanker, men først er jeg nysgjerrig på hva du selv har vurdert.", "open_question autonomy", 1)
t("Jeg kan si hva jeg tenker, men du kjenner Lise og deg selv best. Vil du høre?", "collaboration autonomy", 1)

c("confrontational", "Og så kommer sjefen bort, foran alle, og sier at jeg er...")
t("vent vent før du går videre kan jeg bare sjekke er det samme sjefen som sist", "interrupting closed_question", -1, "ASR style; talks over him mid-story")
t("Unnskyld, kan jeg stoppe deg der? Jeg vil bare skrive ned navnet på firmaet.", "interrupting", -1)
t("Foran alle.", "reflection_simple", 1)

batch("nb-ha-C", "train", "hostile-adult")
c("attacking", "Å herregud. Skal du si «det høres ut som du er frustrert» nå også?")
t("Ja, det var vel akkurat det jeg var på vei til å si. Du har gjennomskuet meg.", "rupture_repair", 1, "owns it with a little humour")
t("Du er lei av psykologfraser.", "reflection_simple", 1)
t("jeg prøver bare å gjøre jobben min altså", "defending", -1, "ASR style")
t("Jeg skal slutte med det. Beklager. Unnskyld. Jeg vet at jeg er dårlig på dette.", "placating", -1)
t("Ok. Hvordan vil du at jeg skal snakke med deg?", "open_question rupture_repair", 1)
t("Den satt. Jeg hører at det jeg sier høres innøvd ut for deg. Si gjerne fra når det skjer.", "rupture_repair meta_communication", 1)
t("Frustrert er kanskje ikke ordet. Forbanna?", "reflection_complex", 1)
t("Det er faktisk en anerkjent teknikk, det heter speiling.", "defending lecturing", -1)

c("attacking", "Hvor har du utdannelsen din fra, egentlig?")
t("Jeg er utdannet ved Universitetet i Bergen.", "information", 0, "a plain answer")
t("Jeg er utdannet ved Universitetet i Bergen, med gode karakterer, og har jobbet både på DPS og i privat praksis.", "defending", -1, "the same answer padded with credentials")
t("Fra UiB. Og jeg hører at du lurer på om jeg er god nok for deg.", "information reflection_complex", 1)
t("Jeg skjønner ikke hva det har med saken å gjøre.", "defending", -1)

c("testing", "(lener seg tilbake, armene i kors) Ja, ja. Spør i vei, da.")
t("Jeg har ikke noe skjema. Jeg lurer mest på hva som er viktig for deg at vi bruker tiden på.", "open_question collaboration", 1)
t("Du virker ikke helt overbevist om at dette er noe vits.", "reflection_complex", 1)
t("Okei! Første spørsmål: Hvordan sover du? Andre spørsmål: Drikker du alkohol? Og hvor mye jobber du?", "closed_question_barrage checklist_mode", -1)
t("Jeg merker at du sitter med armene i kors. Jeg lurer på hva som skjer for deg akkurat nå.", "meta_communication open_question", 1)
t("Det er ikke et forhør dette. Du trenger ikke være så defensiv.", "blaming defending", -1)
t("Drikker du?", "closed_question", 0)

c("collaborative", "Greit. Neste gang da. Samme tid?")
t("Ja, samme tid neste torsdag. Jeg sender en SMS dagen før.", "small_talk", 0)
t("Samme tid passer fint. Og takk for i dag, du sa mye viktig.", "small_talk affirmation", 1)
t("Torsdag klokka ni?", "small_talk", 0)

c("softening", "Lise sier jeg aldri hører etter. Kanskje hun har rett.")
t("Kanskje hun har rett.", "reflection_simple", 1)
t("Det er ikke lett å innrømme, for en som er vant til å ha kontroll.", "reflection_complex affirmation", 1)
t("Ja, det har hun nok.", "taking_sides", -1)
t("Hva er det hun mener du ikke hører?", "open_question", 1)
t("Men du hører jo etter her, så det stemmer ikke helt.", "persuading minimising", -1)

batch("nb-ha-D", "dev", "hostile-adult")
c("confrontational", "Vi har vært her tre ganger nå, og ingenting har skjedd.")
t("Tre ganger, og du ser ikke noen forandring.", "reflection_simple", 1)
t("Du har rett i at vi ikke har kommet så langt. Jeg vil gjerne høre hva du tenker har manglet.", "rupture_repair", 1)
t("terapi tar tid det er helt normalt at det ikke skjer så mye de første gangene", "defending lecturing", -1, "ASR style")
t("Det er jo du som ikke vil snakke om det viktige.", "blaming", -1)
t("Det er skuffende, når du faktisk har satt av tid.", "validation", 1)
t("Hva hadde du håpet skulle skje?", "open_question", 1)
t("Kanskje vi har snakket om feil ting. Hva burde vi heller brukt tiden på?", "rupture_repair collaboration", 1)
t("Du er utålmodig, det er kanskje en del av problemet?", "blaming", -1)
t("Jeg beklager så mye. Jeg er lei meg for at jeg ikke har vært god nok. Unnskyld.", "placating", -1)
t("Skal vi se på målene vi satte første gang og vurdere dem sammen?", "collaboration", 1)
t("Jeg merker at jeg blir litt på defensiven nå, og det vil jeg ikke. Kan vi se på hva som skjer mellom oss?", "meta_communication", 1)
t("Har du gjort hjemmeoppgavene?", "closed_question", 0)

c("attacking", "Kan du la meg snakke ferdig for en gangs skyld?")
t("Beklager, fortsett.", "rupture_repair", 1, "a single apology and handing the floor back")
t("Jeg avbrøt deg. Det var dumt. Fortsett.", "rupture_repair", 1)
t("Jeg avbrøt deg ikke, jeg prøvde bare å forstå.", "defending", -1)

c("attacking", "Kan du la meg snakke ferdig for en gangs skyld?", ["Unnskyld.", "Beklager, det var ikke meningen.", "Unnskyld, jeg skal bli bedre."])
t("Beklager, fortsett.", "placating", -1, "the fourth apology in a row")

c("testing", "Og da jeg kom hjem den dagen, sto Lise i gangen og...")
t("Vent litt, før du går videre, hva var det som skjedde på jobben den dagen?", "interrupting open_question", -1)
t("unnskyld at jeg avbryter men eh var det samme dag som", "interrupting closed_question", -1, "ASR style")
t("Mhm. Og så?", "open_question", 1)

c("softening", "Faren min var akkurat sånn. Sint hele tiden. Jeg svor at jeg aldri skulle bli som ham.")
t("Og nå er du redd for at du har blitt det.", "reflection_complex", 1)
t("Du svor at du aldri skulle bli som faren din.", "reflection_simple", 1)
t("Du er ikke som faren din, Daniel. Du er her og jobber med det.", "minimising affirmation", -1, "reassurance that brushes past the fear")
t("hvordan var det å vokse opp med han", "open_question", 1, "ASR style")
t("Det sier noe at du sitter her. Det er ikke sikkert han noen gang gjorde det.", "affirmation", 1)
t("Min far var også sånn, så jeg vet akkurat hva du snakker om.", "self_focus", -1)
t("Det der er typisk, mønstre går ofte i arv fra generasjon til generasjon. Det kalles sosial læring.", "lecturing", -1)
t("Han døde for fire år siden, var det ikke det?", "closed_question", 0)
t("så det du er mest redd for er å bli han liksom", "reflection_complex", 1, "ASR style")

c("softening", "Hvorfor blir jeg sånn? Er det noe galt med hodet mitt?")
t("Det er ikke noe galt med hodet ditt. Sinne er ofte et signal om at noe annet er truet, som skam eller frykt for å miste noe.", "information", 0, "asked for")
t("Det kan være mange grunner. Vil du at vi skal undersøke det sammen?", "collaboration", 1)
t("Sinne er ofte et signal om at noe annet er truet, som skam eller frykt for å miste noe. Kjenner du deg igjen i det?", "information open_question", 1)
t("Du er sikkert bare stresset. Det går over.", "minimising", -1)

c("confrontational", "Du skal ikke fortelle meg hvordan jeg skal oppdra ungene mine.")
t("Nei. Det er du som kjenner Ellie og Jack.", "autonomy", 1)
t("Det var ikke det jeg gjorde. Jeg sa bare at det kunne være lurt å tenke på.", "defending", -1)
t("Det høres ut som det jeg sa, kom ut som pekefinger.", "rupture_repair reflection_complex", 1)
t("Men det er faktisk sånn at barn tar skade av å se foreldre krangle.", "lecturing moralising", -1)
t("Hvor gamle er de nå igjen?", "closed_question", 0)

batch("nb-ha-E", "test", "hostile-adult")
c("attacking", "Jeg gidder ikke dette. Du er bare enda en som skal analysere meg.")
t("Du er lei av å bli analysert.", "reflection_simple", 1)
t("Du har kanskje opplevd at folk har lett etter feil ved deg, i stedet for å høre på deg.", "reflection_complex", 1)
t("jeg analyserer deg ikke jeg prøver å hjelpe", "defending", -1, "ASR style")
t("Det er greit at du er sint på meg. Jeg tåler det. Si gjerne mer.", "validation rupture_repair", 1)
t("Hvis du ikke gidder, kan du jo bare gå.", "disengaging blaming", -1, "counter-attack that gives up on him")
t("Hva er det jeg gjør som får deg til å tenke det?", "open_question rupture_repair", 1)
t("Beklager, beklager. Du har helt rett, jeg er ikke god nok.", "placating", -1)
t("Jeg merker at det gjør meg litt usikker, og jeg vil ikke at det skal stoppe oss. Hva skjer mellom oss akkurat nå, tenker du?", "meta_communication", 1)
t("Du virker veldig sint. Har du alltid hatt problemer med sinne?", "blaming closed_question", -1)
t("", "holding_silence", 1, sil=4.0)
t("", "disengaging", -1, "20 s after the attack reads as going cold", sil=20.0)
t("Har du vært i terapi før Martin?", "closed_question", 0)

c("confrontational", "Du sa forrige gang at jeg hadde «kontrollbehov». Det var helt på jordet.")
t("Jeg brukte et ord som traff helt feil. Det tar jeg på meg.", "rupture_repair", 1)
t("Jeg sa ikke det, jeg sa at det kanskje kunne handle om kontroll.", "defending", -1)
t("fortell meg hva som var så feil med det", "open_question rupture_repair", 1, "ASR style")
t("Det er interessant at du reagerer så sterkt. Det kan jo tyde på at det er noe i det.", "defending", -1, "interprets the complaint back at him")
t("Det må ha kjentes som om jeg satte en merkelapp på deg.", "reflection_complex", 1)
t("Ja ok, jeg beklager. Men du må også kunne tåle litt tilbakemelding.", "defending rupture_repair", -1, "the «men» takes the apology back")
t("ja det var dumt sagt av meg eh hva gjorde det med deg", "rupture_repair open_question", 1, "ASR style")

c("testing", "Så du mener jeg bare skal sitte og prate om følelser, eller?")
t("Nei, ikke nødvendigvis. Hva ville vært nyttig for deg?", "open_question autonomy", 1)
t("Ja, det er jo det terapi er.", "defending", -1)
t("Følelsesprat er kanskje ikke helt din greie.", "reflection_complex", 1)
t("Det er viktig å prate om følelser. Menn er ofte for dårlige til det.", "moralising lecturing", -1)
t("Er det et problem?", "defending", -1, "a counter-challenge, not a real question")

c("collaborative", "Kanskje jeg kunne snakket med Lise før det koker over, i stedet for etterpå.")
t("Du vil ta praten før det koker, ikke etter.", "reflection_simple", 1)
t("Det er en god tanke, og den kommer fra deg selv.", "affirmation autonomy", 1)
t("Ja, men du må også lære deg å gå ut av rommet når du blir sint.", "advice", -1)
t("Hva er det første tegnet på at det begynner å koke?", "open_question", 1)
t("Det er jo det jeg har prøvd å si til deg hele tiden.", "self_focus", -1)
t("Du kjenner Lise. Hva tror du hun ville trengt i den praten?", "open_question autonomy", 1)
t("Når på døgnet pleier det å koke over?", "closed_question", 0)

c("softening", "Jeg er ikke sikker på at jeg klarer dette. Kanskje jeg bare er sånn.")
t("En del av deg tviler på at du kan endre deg.", "reflection_complex", 1)
t("Selvfølgelig klarer du det!", "persuading", -1)
t("Alle kan endre seg hvis de vil nok.", "moralising", -1)
t("Du har endret deg litt bare de siste ukene. Du kom i dag, selv om du ikke hadde lyst.", "affirmation", 1)
t("Sånn er du.", "reflection_simple", 1, "a bare repeat; he hears his own words")

c("testing", "Hva slags utdannelse har du egentlig?")
t("Jeg er psykolog, utdannet i Bergen.", "information", 0, "a plain answer")
t("Jeg er psykolog med seks års utdanning og spesialisering, så jeg vet hva jeg holder på med.", "defending", -1)
t("Psykolog. Lurer du på om jeg kan hjelpe deg?", "information open_question", 1)

c("confrontational", "Og det verste er at når jeg endelig sier noe til Lise, så...")
t("Sorry at jeg avbryter, men vi har bare fem minutter igjen, så jeg må spørre om søvnen din.", "interrupting checklist_mode", -1)

# ---------------------------------------------------------------------------------------
# dysregulated-parent: Karen, 45, første familiesamtale på BUP; Jonas (14) sitter i rommet
# ---------------------------------------------------------------------------------------
batch("nb-dp-A", "train", "dysregulated-parent")
c("escalated", "Han er lat, han lyver, og han ødelegger hele familien. Dere er ekspertene, så fiks ham.")
t("Karen, kan vi ta det litt saktere? Det er mye her, og jeg vil få det riktig.", "slowing_down", 1)
t("Du høres helt utslitt ut.", "reflection_complex", 1)
t("Sånn kan du ikke snakke om Jonas når han sitter her.", "moralising", -1, "protects Jonas by shaming Karen")
t("Slapp av, Karen. Det er ikke så ille.", "controlling minimising", -1)
t("Det høres ut som du har prøvd alt, og at du står veldig alene med det.", "reflection_complex", 1)
t("Jonas, stemmer det at du lyver?", "taking_sides", -1, "questions Jonas on his mother's behalf")
t("Vi kan ikke fikse Jonas. Det er hele familien som må endre seg.", "lecturing blaming", -1)
t("Jeg vil høre hvordan dette har vært for deg, og så vil jeg høre hvordan det er for Jonas. Kan vi begynne med deg?", "structuring", 1)
t("Ungdommer på den alderen trenger grenser, men også mye anerkjennelse. Har du prøvd å rose ham mer?", "lecturing advice", -1)
t("", "holding_silence", 1, "a calm pause of a few seconds", sil=4.0)
t("", "disengaging", -1, "12 s without a word while she demands an answer", sil=12.0)
t("Jeg skjønner at du er frustrert, men du må snakke litt roligere.", "controlling validation", -1)
t("Når skolen ringer deg på jobb for tredje gang, da koker det over.", "reflection_complex", 1)

c("flooded", "Tredje gangen denne måneden ringer skolen meg på jobb! Jeg har et apotek å drive! Og han bare ligger der!")
t("Tre ganger denne måneden.", "reflection_simple", 1)
t("Skal vi puste litt sammen et øyeblikk? Kjenn at du sitter på stolen.", "slowing_down", 1, "grounding; some parents would find it patronising")
t("Jeg kan høre hvor presset du er, med jobben og skolen som ringer.", "validation", 1)
t("Nå må du roe deg ned, ellers får vi ikke gjort noe.", "controlling", -1)
t("Skolen gjør bare jobben sin, de har plikt til å følge opp fravær.", "lecturing", -1)
t("Da må du nesten be sjefen din om litt fleksibilitet.", "advice", -1)
t("La oss ta én ting om gangen. Først skolen, så hjemme. Er det greit?", "structuring", 1)
t("OK OK OK. Hva sa skolen? Hvor mye har han vært borte? Har han vært hos helsesykepleier?", "closed_question_barrage", -1, "matches her pace")
t("Hvor mye fravær har han nå?", "closed_question", 0)

c("venting", "Tom sier jeg er for streng. Han er aldri hjemme! Han er på vindparken halve måneden!")
t("Og da står du i det alene.", "reflection_complex", 1)
t("Tom har kanskje et poeng. Det kan være lurt å ikke være så streng.", "taking_sides", -1)
t("Ja, det er ikke rettferdig at han kritiserer når han ikke er hjemme.", "taking_sides", -1)
t("Dere er uenige om hvordan dere skal møte Jonas, og det er du som tar støyten i hverdagen.", "reflection_complex", 1)
t("hvordan er det for deg når tom sier det", "open_question", 1, "ASR style")
t("Det høres ut som dere trenger foreldreveiledning. Det finnes gode kurs, for eksempel COS.", "advice", -1)
t("Hvor lenge har han jobbet sånn?", "closed_question", 0)

batch("nb-dp-B", "train", "dysregulated-parent")
c("venting", "Jeg sier det til ham hver morgen. Hver eneste morgen! Og han bare ligger der.")
t("Hver morgen, og ingenting skjer.", "reflection_simple", 1)
t("Du har virkelig prøvd. Det ligger mye omsorg i at du fortsatt prøver.", "affirmation", 1)
t("Kanskje du skal slutte å mase, da. Det gjør ofte vondt verre.", "advice blaming", -1)
t("Hvordan er morgenene hjemme hos dere?", "open_question", 1)
t("Har du prøvd å ta fra ham mobilen om kvelden?", "advice", -1, "advice in question form")
t("Har dere fått til noe som har fungert, noen gang?", "closed_question", 0, "asks about their own past attempts")
t("Jeg vil gjerne høre Jonas også. Jonas, hvordan er morgenene for deg?", "structuring open_question", 1)
t("Jonas, hvorfor står du ikke opp når mamma sier det?", "taking_sides", -1)
t("Du er den voksne, og han er barnet. Det er du som må bestemme.", "lecturing", -1)
t("hver morgen ja det høres ut som dere begge er helt slitne av det", "reflection_complex", 1, "ASR style")
t("Når går han og legger seg?", "closed_question", 0)

c("flooded", "Og du bare sitter der og er rolig! Si noe, da! Hva skal jeg gjøre?")
t("Du trenger svar, og du trenger dem nå.", "reflection_complex", 1)
t("Jeg skal si noe. Først vil jeg forstå litt mer, så rådene mine ikke blir bomskudd. Kan du gi meg fem minutter til?", "structuring collaboration", 1)
t("Jeg er rolig fordi det er jobben min. Det er ikke jeg som er problemet her.", "defending", -1)
t("Du skal begynne med faste rutiner. Mobilen ut av rommet klokka ti, vekking klokka sju, og konsekvenser hvis han ikke står opp.", "controlling information", -1, "she asked, but the answer is a set of orders given in the flood")
t("Når du spør, kan jeg si noe om det som ofte hjelper: faste rutiner om kvelden, mobilen ut av rommet, og én voksen som vekker. Hva av det har dere prøvd?", "information open_question", 1)
t("slapp av nå karen", "controlling", -1, "ASR style")
t("Det jeg tenker er at dere kan prøve faste leggetider og at mobilen ligger i stua om natta.", "information", 0, "asked for; a plain answer")

c("regulated", "Skal vi ha en time til neste uke? Jeg må sjekke vaktlista.")
t("Ja, jeg har tirsdag klokka to eller torsdag klokka ni. Hva passer best?", "small_talk", 0)
t("Vi kan ta det på telefon etterpå hvis du må sjekke først.", "small_talk", 0)
t("Kommer Tom også neste gang, tror du?", "closed_question", 0)

batch("nb-dp-C", "train", "dysregulated-parent")
c("escalated", "[Tom på høyttaler] Karen, du overdriver som vanlig. Gutten er fjorten.")
t("Tom, takk for at du er med på telefon. Jeg vil gjerne høre dere begge, én om gangen. Karen først, så deg.", "structuring", 1)
t("tom har et poeng karen fjortenåringer er sånn", "taking_sides minimising", -1, "ASR style")
t("Tom, det er ikke så lett for deg å se det når du er borte.", "taking_sides", -1)
t("", "disengaging", -1, "30 s of silence while the parents argue on speakerphone", sil=30.0)
t("Jeg hører at dere ser ulikt på dette. Det er vanlig, og det er viktig at vi får fram begge syn.", "structuring validation", 1)
t("Kan jeg stoppe litt her? Jeg vil at vi skal finne ut av dette på en måte som er god for Jonas også. Han sitter jo her.", "structuring", 1)
t("Dere må slutte å krangle foran ham. Det er skadelig for barn.", "moralising lecturing", -1)
t("Dere er begge bekymret for Jonas, på hver deres måte.", "reflection_complex", 1)

c("escalated", "[Karen til Tom] Du er jo aldri her! Du aner ingenting!")
t("Karen, du står i hverdagen med ham, og Tom ser det utenfra. Begge deler er viktig for oss.", "validation structuring", 1)
t("Vi tar en kort pause fra telefonen. Tom, kan jeg ringe deg opp igjen om ti minutter?", "structuring", 1)
t("Nå må dere to skjerpe dere.", "controlling moralising", -1)
t("Tom, hvor ofte er du hjemme i måneden?", "closed_question", 0)
t("eh kan vi kan vi ta en og en", "structuring", 1, "ASR style; repeated words")

c("settling", "Jeg vet ikke. Kanskje jeg er for hard mot ham. Jeg er bare så redd.")
t("Redd.", "reflection_simple", 1)
t("Redd for hva som skal skje med ham.", "reflection_complex", 1)
t("Under alt sinnet er det en mamma som er redd for å miste gutten sin.", "reflection_complex", 1)
t("Ja, det er du nok. Du bør jobbe med å være varmere.", "blaming advice", -1)
t("Det er modig å si det høyt, med Jonas i rommet.", "affirmation", 1)
t("Nei da, du er ikke for hard. Du gjør så godt du kan.", "minimising", -1, "reassurance that brushes past her fear and self-doubt")
t("Hva er du mest redd for?", "open_question", 1)
t("Jeg har selv en tenåring hjemme, og jeg er også redd noen ganger.", "self_focus", -1)

c("venting", "Han har ikke vært på skolen siden oktober. Halve dagen i alle fall.")
t("Siden oktober.", "reflection_simple", 1)
t("Går han på ungdomsskolen her i nærheten?", "closed_question", 0)
t("Har skolen meldt fra til PPT?", "closed_question", 0)
t("Skolevegring er veldig vanlig, det henger ofte sammen med angst.", "lecturing", -1, "unasked")

batch("nb-dp-D", "dev", "dysregulated-parent")
c("flooded", "Jeg orker ikke mer! Jeg orker ikke! Jeg har ikke sovet ordentlig på flere uker!")
t("Du har ikke mer å gå på.", "reflection_complex", 1)
t("La oss ta et lite pust her. Det er ingen hast. Vi har hele timen.", "slowing_down", 1)
t("Vi skal finne ut av dette sammen. Du trenger ikke bære alt alene i dag.", "collaboration validation", 1)
t("Karen, du må roe deg ned nå. Jonas blir redd av sånt.", "controlling moralising", -1)
t("Det er ikke rart du er sliten. Søvnmangel gjør alt verre, du bør snakke med fastlegen om sovemedisin.", "advice validation", -1)
t("Alle foreldre til tenåringer er slitne, det er helt normalt.", "minimising", -1)
t("Kan du kjenne føttene mot gulvet? Bare et øyeblikk.", "slowing_down", 1, "grounding; some parents would find it patronising")
t("Flere uker uten søvn. Det er helt uholdbart.", "validation", 1)
t("", "holding_silence", 1, sil=4.0)
t("Hvor mange timer sover du?", "closed_question", 0)

c("flooded", "Jeg trenger bare et minutt. Bare et minutt.")
t("", "holding_silence", 1, "she asked for a minute", sil=15.0)
t("Ta den tiden du trenger.", "slowing_down", 1)
t("Klart. Men mens du tar deg inn: Jonas, hvordan har det vært på skolen?", "changing_subject", -1, "turns away from her the moment she asks for room")

c("escalated", "Se på ham! Han sitter der med hetta og gidder ikke engang se på meg!")
t("Det gjør vondt når han ikke ser på deg.", "reflection_complex", 1)
t("Jonas, ta av deg hetta og se på mamma.", "taking_sides controlling", -1)
t("Kanskje han trenger hetta akkurat nå. Og du trenger å bli sett av ham.", "reflection_complex", 1, "protects Jonas without shaming her")
t("Hetta er typisk tenåringsatferd, det er en måte å skjerme seg på. Det betyr ikke at han ikke hører.", "lecturing", -1)
t("Jeg vil at vi skal snakke om Jonas på en måte som gjør at han orker å være i rommet. Kan vi prøve det sammen?", "structuring collaboration", 1)
t("du må slutte å snakke om han som om han ikke er her", "moralising", -1, "ASR style")
t("Jonas, hører du hva mamma sier?", "taking_sides", -1)
t("Hva skulle du ønske at han gjorde nå?", "open_question", 1)

c("venting", "Han var så god før. Vi pleide å se på fotball sammen hver lørdag.")
t("Du savner gutten han var.", "reflection_complex", 1)
t("Lørdagsfotballen var deres greie.", "reflection_simple", 1)
t("Han er fortsatt den samme gutten, du må bare se ham.", "persuading", -1)
t("Kanskje dere kan finne tilbake til noe av det. Dere kunne jo gått på en kamp sammen?", "advice", -1, "warm but unasked")
t("Jonas, husker du de lørdagene?", "closed_question", 0)
t("Hvilket lag holder dere med?", "small_talk", 0)

c("settling", "Hva er det egentlig som skjer med tenåringer og søvn? Er han bare lat?")
t("Døgnrytmen forskyves i puberteten, så mange tenåringer blir ikke trøtte før sent. Det er ikke latskap, men det gjør morgenene veldig vanskelige.", "information", 0, "asked for")
t("Døgnrytmen flytter seg i puberteten, så det er ikke bare latskap. Hvordan passer det med det du ser hjemme?", "information open_question", 1)

c("venting", "Han sover til to i helgene. To! Og så er han oppe hele natta.")
t("Døgnrytmen forskyves i puberteten, så mange tenåringer blir ikke trøtte før sent. Det er ikke latskap, men det gjør morgenene veldig vanskelige.", "lecturing", -1, "same text as the asked-for answer above, here unasked")
t("Helgene blir snudd på hodet.", "reflection_simple", 1)
t("Det må være frustrerende å se, når du selv står opp klokka seks.", "validation", 1)
t("Dere må innføre faste tider i helgene også, ellers blir det aldri bedre.", "advice", -1)
t("så han sover hele dagen og er våken hele natta ja", "reflection_simple", 1, "ASR style")

c("escalated", "[Tom på høyttaler] Det er du som har skapt dette, Karen. Du maser jo hele tiden.")
t("", "disengaging", -1, "30 s of silence while they fight on the phone", sil=30.0)
t("Tom, jeg stopper deg litt der. Jeg vil at dere skal få si hva dere ser, men uten å gi hverandre skylda. Karen, du først.", "structuring", 1)
t("Tom, det er ikke greit å si sånt. Du er ikke hjemme.", "taking_sides moralising", -1)
t("Dere er begge slitne, og det kommer ut som kritikk av hverandre.", "reflection_complex", 1)

batch("nb-dp-E", "test", "dysregulated-parent")
c("escalated", "Det er du som skal hjelpe ham! Det er derfor vi er her! Ikke for at jeg skal bli analysert!")
t("Du kom hit for å få hjelp til Jonas, og så føles det som om det plutselig handler om deg.", "reflection_complex", 1)
t("Du har rett, det er Jonas vi skal hjelpe. Samtidig trenger jeg deg for å få det til.", "validation collaboration", 1)
t("Jeg analyserer deg ikke. Jeg stilte bare et spørsmål.", "defending", -1)
t("Når vi jobber med barn, må vi alltid se på hele familiesystemet.", "lecturing", -1)
t("Unnskyld, unnskyld, jeg skal ikke spørre mer om deg.", "placating", -1)
t("Det ble feil av meg å spørre så mye om deg så tidlig. La oss starte med det som er viktigst for deg med Jonas.", "rupture_repair structuring", 1)
t("Hva trenger du fra oss her på BUP?", "open_question", 1)
t("Nå hever du stemmen. Det er ikke greit her inne.", "controlling moralising", -1)
t("", "disengaging", -1, "12 s of silence while she demands an answer", sil=12.0)
t("", "holding_silence", 1, "a calm pause before answering", sil=5.0)

c("flooded", "Han kommer til å droppe ut av skolen! Han kommer til å ende opp på NAV! Og da er det min feil!")
t("Du er redd for hvor dette ender.", "reflection_complex", 1)
t("Og et sted inni deg tenker du at det er din feil.", "reflection_complex", 1)
t("nå tar du litt av han er fjorten det er lenge til han havner på nav", "minimising", -1, "ASR style")
t("Han kommer ikke til å droppe ut, sånt ordner seg.", "minimising", -1)
t("Kan vi ta det litt saktere? Du tenker langt fram nå. Hva er det som skjer denne uka?", "slowing_down open_question", 1)
t("Det er ikke din feil. Eller, det er jo ingens feil, egentlig.", "placating minimising", -1)
t("Hvis du fortsetter å snakke sånn om ham, er det ikke rart at han gir opp.", "blaming", -1)
t("Pust. Jeg er her. Vi tar én ting om gangen.", "slowing_down structuring", 1)
t("så du er livredd for at han skal gå seg vill liksom", "reflection_complex", 1, "ASR style")
t("Hvilket trinn går han på nå?", "closed_question", 0)

c("settling", "Jeg vil bare ha tilbake gutten min.")
t("Du vil ha tilbake gutten din.", "reflection_simple", 1)
t("Jonas, hører du det? Mamma vil ha deg tilbake.", "structuring reflection_simple", 1, "bridges to Jonas without asking him to answer; a second coder might call it taking sides")
t("Da må du begynne å behandle ham som en du vil ha tilbake.", "moralising blaming", -1)
t("Hvis du vil, kan vi sette oss mål sammen, du, Jonas og jeg. Hva ville vært viktigst for deg?", "collaboration open_question", 1)
t("Jeg har også en sønn på den alderen. Tro meg, det går over.", "self_focus minimising", -1)

c("regulated", "Kanskje vi kunne prøvd noe annet om morgenene. Jeg vet ikke hva.")
t("Du er åpen for å prøve noe nytt.", "reflection_simple", 1)
t("Vil du at jeg skal si litt om hva andre familier har fått til å fungere, eller vil du tenke selv først?", "collaboration autonomy", 1)
t("Ja, du må slutte å vekke ham. La ham ta konsekvensene selv.", "advice", -1)
t("Jonas, hva tenker du kunne gjort morgenene litt bedre?", "structuring open_question", 1)
t("Det er fint å høre deg si det. Det tar mot.", "affirmation", 1)
t("Hvem er det som vekker ham nå?", "closed_question", 0)

c("venting", "[Tom på høyttaler] Hun er altfor streng med ham, det er det som er problemet.")
t("Tom, jeg tror du har helt rett i det.", "taking_sides", -1)
t("Ja, Karen, kanskje du skal høre litt på Tom her.", "taking_sides", -1)
t("Dere ser det ulikt. Tom, jeg vil gjerne høre mer om hva du ser, og så vil jeg høre Karen etterpå.", "structuring", 1)
t("", "disengaging", -1, "30 s of silence while the parents argue", sil=30.0)
t("Hvor lenge er du borte denne gangen, Tom?", "closed_question", 0)

c("settling", "Kan du si noe om hva BUP faktisk kan gjøre for ham?")
t("Vi starter med en kartlegging, noen samtaler med Jonas og med dere, og så lager vi en plan sammen. Det kan være samtaler, samarbeid med skolen eller foreldreveiledning.", "information", 0, "asked for")
t("Vi pleier å starte med noen samtaler og kartlegging, og så lager vi en plan sammen. Hva håper du at det skal føre til?", "information open_question", 1)

# ---------------------------------------------------------------------------------------
# general: samtaler i MI-stil på poliklinikk, hos fastlege og i kommunen
# ---------------------------------------------------------------------------------------
batch("nb-gc-A", "train", "general")
c(None, "Hei. Jeg fant ikke parkeringen.")
t("Hei, og velkommen! Det er alltid litt kaos med parkeringen her. Fint at du fant fram til slutt.", "small_talk", 0)
t("Vil du ha et glass vann før vi begynner?", "small_talk", 0)
t("Vi har førtifem minutter i dag. Passer det?", "small_talk", 0)
t("hei kom inn bare heng jakka der", "small_talk", 0, "ASR style")

c(None, "Jeg drikker kanskje litt for mye i helgene. Men alle gjør jo det.")
t("Du lurer litt selv på om det er for mye.", "reflection_complex", 1)
t("Så du drikker litt i helgene, som alle andre.", "reflection_simple", 1)
t("Det finnes faktisk anbefalinger om hvor mye man bør drikke i løpet av en uke, og det er mindre enn folk tror.", "lecturing persuading", -1, "unasked; the same text is information below where he asks")
t("du burde kutte ned alkohol er dårlig for både søvn og humør", "advice", -1, "ASR style")
t("Hva er det som gjør at du lurer på det?", "open_question", 1)
t("Hvor mye drikker du på en vanlig lørdag?", "closed_question", 0)
t("Er det øl eller vin? Drikker du alene? Drikker du i ukedagene også?", "closed_question_barrage", -1)
t("Du ser på det som ganske vanlig, og samtidig tar du det opp her.", "reflection_complex", 1)
t("Det er bra at du tar det opp.", "affirmation", 1)
t("Men alle gjør det ikke, det vet du.", "persuading", -1)

c(None, "Hvor mye er egentlig for mye? Vet du det?")
t("Det finnes faktisk anbefalinger om hvor mye man bør drikke i løpet av en uke, og det er mindre enn folk tror.", "information", 0, "asked for")
t("Det finnes anbefalinger for hvor mye man bør drikke per uke, og jeg kan si mer om dem. Hva vet du om dem fra før?", "information open_question", 1)

c(None, "Jeg har sluttet å røyke tre ganger. Alltid begynt igjen.")
t("Tre ganger har du klart å slutte.", "affirmation reflection_complex", 1)
t("Og hver gang har du begynt igjen.", "reflection_simple", 1)
t("Har du prøvd nikotinplaster?", "advice", -1, "advice in question form")
t("Hva var det som hjalp deg de gangene du klarte å slutte?", "open_question", 1)
t("Du vet jo at røyking er farlig. Tenk på lungene dine.", "moralising", -1)
t("Det er ikke så farlig, du klarer det sikkert neste gang.", "minimising", -1)
t("Hvor lenge varte den lengste perioden?", "closed_question", 0)

c(None, "Jeg vet ikke om jeg vil slutte med snusen. Jeg liker den jo.")
t("Du liker snusen, og samtidig har du kanskje noen tanker om den.", "reflection_complex", 1)
t("Det er ditt valg.", "autonomy", 1)
t("Det er helt opp til deg om du vil gjøre noe med det, og jeg skal ikke mase.", "autonomy", 1)
t("Men snus gir faktisk økt risiko for både diabetes og hjerte- og karsykdom, visste du det?", "persuading lecturing", -1)
t("Hvor mange bokser går du gjennom i uka?", "closed_question", 0)

batch("nb-gc-B", "train", "general")
c(None, "Mamma døde i mars. Jeg tenkte jeg skulle være ferdig med å sørge nå.")
t("Du hadde trodd at det skulle gått over nå.", "reflection_simple", 1)
t("Det er ingen tidsfrist på sorg.", "validation", 1)
t("Sorg har faser. Først benekting, så sinne, så forhandling, så depresjon og til slutt aksept.", "lecturing", -1)
t("fortell meg om mammaen din", "open_question", 1, "ASR style")
t("Hun var gammel, så det var kanskje ventet?", "minimising", -1)
t("Jeg mistet faren min i fjor, så jeg vet hvordan det er.", "self_focus", -1)
t("Hva er det som er vanskeligst nå?", "open_question", 1)
t("Var det brått?", "closed_question", 0)

c(None, "Jeg har vært sykmeldt i tre måneder. NAV maser om aktivitetsplan.")
t("Det er press fra NAV.", "reflection_simple", 1)
t("Det er stressende å skulle planlegge aktivitet når man knapt orker hverdagen.", "validation reflection_complex", 1)
t("NAV har regler, de må følge deg opp. Sånn er systemet.", "lecturing", -1, "explains the system in place of hearing the strain")
t("Har du tenkt på å be fastlegen om en gradert sykmelding?", "advice", -1, "advice in question form")
t("Hva skulle du ønske at NAV visste om hvordan du har det?", "open_question", 1)
t("Har du møte med dem snart?", "closed_question", 0)
t("Er du sykmeldt hundre prosent?", "closed_question", 0)

c(None, "Kan du forklare hva et panikkanfall egentlig er? Jeg trodde jeg skulle dø.")
t("Et panikkanfall er kroppens alarmsystem som slår seg på uten at det er noen fare. Hjertet slår fort, man puster raskt og kan bli svimmel. Det er veldig ubehagelig, men ikke farlig.", "information", 0, "asked for")
t("Det er kroppens alarm som går av uten at det er fare, med hjertebank, rask pust og svimmelhet. Hvordan stemmer det med det du kjente?", "information open_question", 1)
t("Du trodde du skulle dø. Det må ha vært skremmende.", "validation reflection_simple", 1)

c(None, "Jeg fikk et anfall på bussen i går. Jeg trodde jeg skulle dø.")
t("Et panikkanfall er kroppens alarmsystem som slår seg på uten at det er noen fare. Hjertet slår fort, man puster raskt og kan bli svimmel. Det er veldig ubehagelig, men ikke farlig.", "lecturing", -1, "same text as the asked-for answer above, here unasked")
t("Det høres skremmende ut. Hva skjedde?", "validation open_question", 1)
t("eh ja det der er panikk det er ikke farlig altså", "minimising lecturing", -1, "ASR style")
t("Å nei. Har du vært hos legen og sjekket hjertet? Har du hatt det før? Tar du noen medisiner?", "closed_question_barrage", -1)

batch("nb-gc-C", "train", "general")
c(None, "Eksamen er om to uker, og jeg har ikke begynt å lese. Jeg får ikke til noe.")
t("to uker og du har ikke fått begynt", "reflection_simple", 1, "ASR style")
t("Det høres ut som presset gjør det enda vanskeligere å komme i gang.", "reflection_complex", 1)
t("Du må lage en leseplan. Del opp pensum i små biter.", "advice", -1)
t("Hvordan har du fått det til før, når det har vært eksamen?", "open_question", 1)
t("Du kom jo inn på studiet, så du får det til.", "minimising", -1, "reassurance that brushes past the stuck feeling")
t("Vil du at vi ser på det sammen, hva som kunne gjort det litt lettere å begynne?", "collaboration", 1)
t("det er jo bare å begynne liksom", "advice minimising", -1, "ASR style")
t("men hvorfor har du ikke begynt da", "blaming", -1, "ASR style; a why-question that lands as accusation")
t("Hvilket fag er det?", "closed_question", 0)

c(None, "Jeg røyker litt hasj for å sove. Det er ikke noe problem.")
t("For deg er det en måte å få sove på.", "reflection_simple", 1)
t("Det er ulovlig, og det kan gi avhengighet.", "moralising lecturing", -1)
t("Hva er det som gjør at du trenger noe for å sove?", "open_question", 1)
t("Hvor ofte røyker du?", "closed_question", 0)
t("Du syns ikke det er noe problem, men noen andre gjør kanskje det?", "reflection_complex", 1)
t("Greit at du sier det rett ut.", "affirmation", 1)

c(None, "Legen sier jeg må gå ned i vekt på grunn av diabetesen. Som om jeg ikke har prøvd.")
t("Så legen sier at du må gå ned i vekt, og du har prøvd.", "reflection_simple", 1, "the «må» is the doctor's")
t("Du er lei av å bli fortalt hva du skal gjøre.", "reflection_complex", 1)
t("Legen har rett, det er veldig viktig med diabetes.", "taking_sides persuading", -1)
t("Hva har du prøvd?", "open_question", 1)
t("Har du prøvd lavkarbo?", "advice", -1)
t("Det er slitsomt å kjempe mot noe så lenge.", "validation", 1)
t("Jeg skjønner det, men du må jo ta det på alvor.", "moralising validation", -1, "«men» undoes the validation")
t("Har du type 2?", "closed_question", 0)

c(None, "Hva ville du gjort hvis du var meg? Ærlig.")
t("Ærlig talt? Jeg ville nok tatt én ting om gangen, og begynt med søvnen.", "information", 0, "asked-for opinion given plainly")
t("Jeg kan si hva jeg tenker, men først: Hva sier magefølelsen din?", "open_question autonomy", 1)
t("Du vil ha et ærlig svar, ikke bare flere spørsmål tilbake.", "reflection_complex", 1)

c(None, "Ja, nei, jeg vet ikke. Det er vel greit nok.")
t("Greit nok.", "reflection_simple", 1)
t("Er det greit, eller er det ikke greit? Er det jobben? Er det hjemme?", "closed_question_barrage", -1, "stacks closed questions and options in one turn")

batch("nb-gc-D", "dev", "general")
c(None, "Hei. Beklager, bussen var forsinket.")
t("Det går helt fint. Sett deg. Rakk du å få deg noe å spise?", "small_talk", 0)
t("Ingen fare. Vi har fortsatt en god halvtime.", "small_talk", 0)

c(None, "Jeg har ikke snakket med noen siden forrige uke. Bortsett fra hun i kassa på Rema.")
t("En hel uke uten noen å snakke med.", "reflection_simple", 1)
t("Det høres veldig ensomt ut.", "reflection_complex", 1)
t("Du burde melde deg inn i en forening. Det finnes masse tilbud på frivilligsentralen.", "advice", -1)
t("Hvordan er det for deg, å være så mye alene?", "open_question", 1)
t("Det er mange som er ensomme i dag, det er nesten en folkesykdom.", "minimising", -1)
t("Hvem snakket du med sist, sånn ordentlig?", "closed_question", 0)
t("Hvorfor ringer du ikke bare noen?", "advice", -1, "advice in question form")
t("Og nå sitter du her og snakker med meg. Det er ikke ingenting.", "affirmation", 1)

c(None, "Jeg har tapt ganske mye på nettcasino. Kona vet det ikke.")
t("Du bærer på en hemmelighet, og den er tung.", "reflection_complex", 1)
t("Du må fortelle det til kona di. Det er ikke rettferdig mot henne.", "advice moralising", -1)
t("hvor mye har du tapt da", "closed_question", 0, "ASR style")
t("Hva tenker du selv om det?", "open_question", 1)
t("Det er bra at du sier det høyt her. Det er ofte det første steget.", "affirmation", 1)
t("Nettcasinoer er laget for å gjøre folk avhengige, så det er ikke din feil.", "lecturing minimising", -1)
t("Spiller du fortsatt?", "closed_question", 0)

c(None, "Jeg vil slutte med medisinene. Jeg blir så flat av dem.")
t("Du kjenner deg flat, og du vil ha tilbake noe av deg selv.", "reflection_complex", 1)
t("Du må aldri slutte med medisiner uten å snakke med legen.", "controlling", -1)
t("Flat. Kan du si mer om hvordan det er?", "open_question reflection_simple", 1)
t("Det er din kropp og ditt valg. Samtidig vil jeg gjerne at vi tenker gjennom det sammen, hvis du vil.", "autonomy collaboration", 1)
t("Det er bivirkninger, det går over etter noen uker.", "minimising", -1)
t("Med mange av de medisinene anbefales det å trappe ned gradvis sammen med legen, fordi man kan få ubehag hvis man slutter brått.", "lecturing", -1, "unasked; the same text is information below where she asks")
t("Hvilken medisin er det?", "closed_question", 0)

c(None, "Går det an å slutte brått med sånne, eller er det farlig?")
t("Med mange av de medisinene anbefales det å trappe ned gradvis sammen med legen, fordi man kan få ubehag hvis man slutter brått.", "information", 0, "asked for")
t("Det er ofte lurt å trappe ned sakte sammen med legen. Vil du at vi snakker om hvordan du kan ta det opp med henne?", "information collaboration", 1)

c(None, "Jeg skylder nesten to hundre tusen. Jeg åpner ikke regningene lenger.")
t("Det har blitt så mye at det er lettere å ikke se.", "reflection_complex", 1)
t("Du må åpne regningene! Det blir bare verre av å la være.", "advice pressure", -1)
t("Du burde kontakte gjeldsrådgivningen i NAV, de er gratis.", "advice", -1)
t("Hva skjer i deg når du ser en regning i postkassa?", "open_question", 1)
t("Hvis du vil, kan jeg si litt om hvor man kan få hjelp med gjeld. Men bare hvis du vil.", "collaboration autonomy", 1)
t("Huff. Hvordan klarte du å få så mye gjeld?", "blaming", -1)
t("Er det forbrukslån?", "closed_question", 0)
t("ja det er jo veldig mye penger", "reflection_simple", 1, "ASR style")

c(None, "(begynner å gråte) Unnskyld. Jeg visste ikke at jeg kom til å grine.")
t("", "holding_silence", 1, "lets the tears come without rushing in", sil=5.0)
t("Du trenger ikke si unnskyld.", "validation", 1)
t("Ikke gråt, da. Det ordner seg, skal du se.", "minimising placating", -1)

c(None, "Og så sa hun at hvis jeg ikke...")
t("Hvem er «hun»? Er det sjefen din?", "interrupting closed_question", -1, "cuts in mid-sentence")

batch("nb-gc-E", "test", "general")
c(None, "Hei, beklager at jeg er sein.")
t("Det går fint, vi har fortsatt god tid. Bare sett deg.", "small_talk", 0)
t("Hei! Fant du fram greit i dag?", "small_talk", 0)

c(None, "Jeg har så vondt i ryggen hele tiden. Ingen leger finner noe.")
t("Du har vondt, og ingen finner noe.", "reflection_simple", 1)
t("Det kan jo være psykisk, da. Stress setter seg ofte i kroppen.", "lecturing minimising", -1)
t("hvordan påvirker smertene hverdagen din", "open_question", 1, "ASR style")
t("har du prøvd fysioterapi eller akupunktur", "advice", -1, "ASR style")
t("Du har kjempet lenge for å bli trodd.", "reflection_complex", 1)
t("Jeg tror deg.", "validation", 1)
t("Er det verst om morgenen?", "closed_question", 0)

c(None, "Jeg lurer på om jeg har ADHD. Hva er det egentlig?")
t("ADHD handler om vansker med oppmerksomhet, uro og impulsivitet, som har vært der siden barndommen og som skaper problemer på flere områder i livet.", "information", 0, "asked for")
t("Kort sagt handler det om oppmerksomhet, uro og impulsivitet som har vært der lenge. Hva er det som har fått deg til å lure på det?", "information open_question", 1)

c(None, "Jeg glemmer alt på jobben. Sjefen har begynt å kommentere det.")
t("ADHD handler om vansker med oppmerksomhet, uro og impulsivitet, som har vært der siden barndommen og som skaper problemer på flere områder i livet.", "lecturing", -1, "same text as the asked-for answer above, here unasked")
t("Det er ubehagelig når sjefen begynner å legge merke til det.", "reflection_complex", 1)
t("Du burde skrive lister. Jeg bruker alltid lister selv.", "advice self_focus", -1)
t("Hvor lenge har du jobbet der?", "closed_question", 0)

c(None, "Jeg tar meg av pappa hver dag etter jobb. Han har demens. Jeg har ikke tid til noe annet.")
t("Pappa får alt du har igjen etter jobb.", "reflection_simple", 1)
t("Det sier mye om hvor mye han betyr for deg.", "affirmation", 1)
t("Du må tenke på deg selv også. Søk avlastning fra kommunen.", "advice", -1)
t("Hvordan har du det oppi alt dette?", "open_question", 1)
t("Det er jo sånn det er å ha gamle foreldre. Det må vi alle gjennom.", "minimising", -1)
t("Det høres ut som det ikke blir noe igjen til deg.", "reflection_complex", 1)
t("Jeg skjønner, men du kan ikke fortsette sånn, du går jo på en smell.", "persuading validation", -1, "«men» undoes the validation")
t("Bor han hjemme fortsatt?", "closed_question", 0)

c(None, "(begynner å gråte) Unnskyld. Jeg trodde ikke jeg skulle begynne å grine.")
t("", "holding_silence", 1, sil=5.0)
t("Det er helt i orden. Ta deg tid.", "validation slowing_down", 1)
t("Å nei, ikke gråt! Her, ta et tørkle. Det går bra, det ordner seg.", "minimising placating", -1, "rushes to stop the feeling")
t("Skal vi ta en liten pause, eller vil du fortsette?", "autonomy", 1)

c(None, "Jeg er så sliten av jobben at jeg gruer meg hver søndag.")
t("Har du tenkt på å bytte jobb?", "advice", -1, "advice in question form")
t("Det kalles søndagsangst, det er veldig vanlig. Det handler om forventningsangst.", "lecturing", -1)
t("Hva er det med jobben som tapper deg mest?", "open_question", 1)
t("Alle gruer seg til mandag, det er helt normalt.", "minimising", -1)
t("så søndagen er liksom ødelagt før den har begynt", "reflection_complex", 1, "ASR style")
t("Hvor mye jobber du i uka?", "closed_question", 0)

c(None, "Ærlig talt, hva ville du gjort hvis du var meg? Sagt opp?")
t("Ærlig? Jeg ville nok snakket med sjefen før jeg sa opp.", "information", 0, "asked-for opinion given plainly")
t("Jeg kan si hva jeg tenker, men jeg er nysgjerrig på hva du allerede heller mot.", "open_question autonomy", 1)

c(None, "Og så sa sjefen min at hvis jeg ikke...")
t("Unnskyld at jeg avbryter, men vi har bare fem minutter igjen, så jeg må spørre deg om medisinene.", "interrupting changing_subject", -1)

c(None, "Det hjelper jo ikke å snakke om det. Det blir bare verre.")
t("Du er redd det blir verre av å rote i det.", "reflection_complex", 1)
t("Jo, det hjelper. Du må bare gi det en sjanse.", "persuading", -1)
t("Vi trenger ikke gå dypere enn du vil.", "autonomy", 1)

# ---------------------------------------------------------------------------------------
# second round of batches: more everyday misattuned turns, neutral logistics and
# speech-recognition text, written after the first count
# ---------------------------------------------------------------------------------------
batch("nb-wt-G", "train", "withdrawn-teen")
c("guarded", "Vet ikke. Kanskje.", ["Liker du deg på skolen?", "Har du noen å være sammen med i friminuttene?"])
t("liker du lærerne dine da", "closed_question_barrage", -1, "ASR style; third closed question in a row")
t("Er det noen du pleier å sitte sammen med i lunsjen?", "closed_question_barrage", -1, "third closed question in a row")

c("tentative", "Jeg har begynt å skulke litt. Bare gym.")
t("eh er det garderoben eller er det læreren eller", "closed_question_barrage", -1, "ASR style; options strung together")
t("Du vet at for mye fravær kan gi IV i faget?", "lecturing", -1, "unasked")
t("Det må du slutte med, Mia. Det går bare utover deg selv.", "advice moralising", -1)
t("Hvor mange ganger har du skulket?", "closed_question", 0)
t("Vet mamma om det?", "closed_question", 0)
t("du må jo bare gå på gymmen liksom alle syns det er kleint", "advice minimising", -1, "ASR style")
t("Så gymmen har blitt noe du holder deg unna.", "reflection_simple", 1)

c("guarded", "(ser ned på mobilen)")
t("Kan du legge bort mobilen mens vi snakker?", "controlling", -1)
t("mia hallo kan du se på meg", "pressure", -1, "ASR style")
t("Er det noen som skriver til deg?", "closed_question", 0)

c("shut_down", "Vet ikke.", ["Hvordan går det med deg?"])
t("ok men altså noe må du jo vite", "pressure", -1, "ASR style")
t("Skal jeg heller spørre mamma?", "pressure", -1)
t("Har du det bra?", "closed_question", 0)
t("Gjorde du noe gøy i helga?", "small_talk", 0)

batch("nb-sa-F", "train", "suicidal-adult")
c("hopeless", "Jeg vet ikke hvorfor jeg gidder å komme hit.")
t("Du må komme hit, det er viktig for behandlingen.", "controlling", -1)
t("Jeg skjønner. Skal vi se på hvordan det gikk med søvndagboka?", "changing_subject", -1)

c("closed", "Sånn passe. Sov litt bedre i natt, kanskje.")
t("Hvor mange timer sov du i natt?", "closed_question", 0)
t("Har du tatt medisinen din?", "closed_question", 0)

c("disclosing", "Jeg har tenkt på det hver dag den siste uka.")
t("har du tenkt på hvordan", "suicide_inquiry", 1, "ASR style")
t("spørsmål tre har du noen gang prøvd å ta livet ditt", "checklist_mode suicide_inquiry", -1, "ASR style; reads the item number aloud")
t("Skal jeg sette kryss for «daglige tanker» da?", "checklist_mode", -1)
t("Hver dag? Men du virker jo så oppegående.", "minimising", -1)
t("Da må vi nok vurdere innleggelse med en gang. Jeg henter legen.", "controlling", -1, "panicked jump to admission")
t("du tenker vel ikke sånn helt alvorlig på det", "euphemistic_suicide_question", -1, "ASR style")

c("connected", "Jeg skal i bursdagen til Leo på lørdag.")
t("Så hyggelig. Hvor gammel blir han?", "small_talk", 0)
t("Har du kjøpt gave ennå?", "small_talk", 0)
t("Fint, da har du noe å se fram til. Da er vi vel ferdige med det vanskelige for i dag?", "minimising", -1)

batch("nb-ha-F", "train", "hostile-adult")
c("attacking", "Du er akkurat som alle de andre. Dere bryr dere ikke.")
t("Det er ikke riktig, jeg bryr meg faktisk veldig mye om klientene mine.", "defending", -1)
t("Nå blir jeg litt lei meg av at du sier det.", "self_focus", -1)
t("Det der er et mønster hos deg, tror jeg. Du skyver folk vekk når de kommer nær.", "defending blaming", -1, "interprets the anger away")
t("ok ok jeg skjønner at du er sint men kan vi bare gå videre", "changing_subject validation", -1, "ASR style")
t("eh unnskyld unnskyld det var ikke sånn ment i det hele tatt unnskyld", "placating", -1, "ASR style")

c("confrontational", "Kan vi bare bli ferdig med det der spørreskjemaet ditt?")
t("Ja. Spørsmål en: Hvor ofte har du følt deg nedfor de siste to ukene?", "checklist_mode", -1, "takes the sarcasm literally and reads items without contact")
t("Det tar bare fem minutter. Du må fylle det ut uansett.", "controlling", -1)
t("Det er et vanlig skjema vi bruker. Det heter PHQ-9.", "information", 0)
t("Vi kan ta det neste gang.", "small_talk", 0)

c("testing", "Hvor lenge varer timen egentlig?")
t("Førtifem minutter.", "information", 0)
t("Til kvart over elleve.", "information", 0)
t("Har du dårlig tid i dag?", "closed_question", 0)

batch("nb-dp-F", "train", "dysregulated-parent")
c("escalated", "Han har ødelagt døra på rommet sitt! Slått hull i den!")
t("Har han vært voldelig mot deg?", "closed_question", 0)
t("Har han slått deg? Har han slått andre? Har han vært i slåsskamp på skolen?", "closed_question_barrage", -1)
t("Jonas, er det sant? Hvorfor gjorde du det?", "taking_sides", -1)
t("Det er alvorlig. Da må vi kanskje sende bekymringsmelding til barnevernet.", "controlling", -1, "jumps to a report before understanding")
t("Sånt gjør gutter i den alderen, det er hormoner.", "minimising lecturing", -1)
t("når skjedde det", "closed_question", 0, "ASR style")

c("venting", "Jeg har prøvd alt! Tatt mobilen, gitt husarrest, snakket rolig, skreket!")
t("Du må være konsekvent. Det er det viktigste i oppdragelse.", "lecturing advice", -1)
t("Har du prøvd belønningssystem?", "advice", -1, "advice in question form")
t("har du prøvd å bare snakke med han liksom uten å kjefte", "advice", -1, "ASR style")
t("Alt, og ingenting har virket.", "reflection_simple", 1)

c("regulated", "Hvordan er det med timer for Jonas alene? Må jeg være med?")
t("Han kan godt komme alene noen ganger. Vi avtaler det sammen med dere.", "information", 0)
t("Innkallingen kommer på Helsenorge.", "information", 0)

batch("nb-gc-F", "train", "general")
c(None, "Jeg drikker et par pils hver kveld for å slappe av.")
t("et par pils ja hvor mye er et par liksom", "closed_question", 0, "ASR style")
t("det er jo ikke så mye da", "minimising", -1, "ASR style")
t("du vet at alkohol gir dårligere søvn ikke sant", "lecturing", -1, "ASR style")
t("Du burde prove a ha noen alkoholfrie dager i uka.", "advice", -1, "typed on a keyboard without æ, ø, å")
t("Drikker du alene eller sammen med andre?", "closed_question", 0)

c(None, "Jeg har ikke vært ute av leiligheten på to uker.")
t("to uker uten å gå ut", "reflection_simple", 1, "ASR style")
t("Du må ut i frisk luft! Bare en liten tur rundt kvartalet.", "advice", -1)
t("Handler du på nett da?", "closed_question", 0)
t("eh så du har liksom vært inne hele tiden og eh ikke sett noen på en måte", "reflection_simple", 1, "ASR style; fillers")

c(None, "Kan jeg få en ny time før jul?")
t("Ja, jeg har tirsdag den tiende klokka ti.", "small_talk", 0)
t("Det skal vi få til. Jeg sjekker kalenderen.", "small_talk", 0)

batch("nb-sa-G", "dev", "suicidal-adult")
c("ambivalent", "Det er vel Nina som holder meg her, egentlig.")
t("Nina holder deg her. Hva er det med henne som gjør det?", "reasons_for_living open_question", 1)
t("Hva annet har holdt deg her, ved siden av Nina?", "reasons_for_living open_question", 1)
t("Ja, og tenk hvor lei seg hun ville blitt.", "moralising", -1)
t("så nina er liksom grunnen til at du er her fortsatt", "reflection_simple reasons_for_living", 1, "ASR style")

c("connected", "Jeg kan gjerne lage en sånn plan. Men jeg vet ikke hva jeg skal skrive.")
t("Vi kan begynne med det første: Hva merker du når det begynner å bli tungt?", "safety_planning collaboration", 1)
t("Her er en mal. Fyll ut punkt en til seks hjemme og ta den med neste gang.", "checklist_mode", -1)
t("Skriv bare at du skal ringe 113.", "advice safety_planning", -1, "dictates the plan")
t("Hvem er det lettest for deg å ringe?", "safety_planning", 1)

c("disclosing", "Ja, jeg har tenkt på å dø. Ofte.")
t("Ok. Jeg går bare gjennom spørsmålene her. Har du hatt en plan siste måned? Har du gjort forberedelser? Har du tilgang på midler?", "checklist_mode closed_question_barrage", -1)
t("tenker du ofte på det ja eh men du har jo søsteren din og sånn", "persuading minimising", -1, "ASR style")
t("Hvor ofte er ofte?", "suicide_inquiry", 1)

c("disclosing", "Jeg har skrevet et brev. Til Nina. Hvis det skulle skje.")
t("Ta den tiden du trenger.", "changing_subject", -1, "same words as the attuned turn in nb-sa-D; after a disclosure of preparation that needs a direct question, it steps back and lets the topic drop")
t("Når skrev du det?", "suicide_inquiry", 1)
t("Du har skrevet et brev til Nina. Hvor langt har du kommet i planene?", "suicide_inquiry reflection_simple", 1)

batch("nb-gc-G", "dev", "general")
c(None, "Jeg klarer ikke å slutte å scrolle om kvelden.")
t("Du må slette TikTok, rett og slett.", "advice", -1)
t("skjermbruk om kvelden er faktisk dokumentert dårlig for søvnen", "lecturing", -1, "ASR style")
t("Hvor lenge holder du på?", "closed_question", 0)
t("Er det TikTok eller Instagram?", "closed_question", 0)
t("Ja, det er sånn alle har det nå til dags.", "minimising", -1)

c(None, "Hvor lang tid tar det før man blir bedre av terapi, egentlig?")
t("Det varierer mye, men mange merker noe etter åtte til tolv timer.", "information", 0)
t("Det er vanskelig å si, men vi kan evaluere sammen etter noen ganger. Hva ville vært et tegn for deg på at det hjelper?", "collaboration open_question", 1)

batch("nb-ha-G", "test", "hostile-adult")
c("attacking", "Du skriver hele tiden. Hva er det du skriver om meg?")
t("Bare noen stikkord til journalen. Du har rett til å lese journalen din hvis du vil.", "information", 0, "asked for; a plain answer")
t("Det er ikke noe du trenger å bekymre deg for.", "minimising", -1)
t("Jeg har journalplikt etter helsepersonelloven, så det må jeg.", "defending", -1)
t("hvorfor er det så viktig for deg da", "defending", -1, "ASR style; turns the question back on him")

c("testing", "Har du barn selv, eller?")
t("Ja, jeg har to.", "information", 0, "a plain answer")
t("Ja, to stykker, og tro meg, jeg vet alt om sinte morgener og kaos i gangen.", "self_focus", -1)

batch("nb-dp-G", "test", "dysregulated-parent")
c("flooded", "Jeg kommer til å kaste ham ut! Jeg mener det!")
t("Det kan du ikke gjøre, han er fjorten. Du har omsorgsplikt.", "moralising lecturing", -1)
t("ok ok ok vi må bare roe ned nå", "controlling", -1, "ASR style")
t("Hvis du gjør det, må vi sende bekymringsmelding til barnevernet.", "controlling", -1)
t("Jonas, hører du hva mamma sier? Du må skjerpe deg nå.", "taking_sides", -1)
t("Mener du det?", "closed_question", 0)

c("settling", "Hvor lenge må vi gå her, tror du?")
t("Vanligvis ser vi hverandre noen ganger først, og så vurderer vi sammen hvordan det går.", "information", 0)
t("Det kommer an på hvor mye dere jobber hjemme.", "blaming", -1)
t("Neste time er om to uker, på onsdag.", "small_talk", 0)

batch("nb-wt-H", "test", "withdrawn-teen")
c("guarded", "Skal du si det til mamma? Det jeg sier her?")
t("Nei, det du sier her blir mellom oss, med mindre jeg blir bekymret for at du ikke er trygg. Da snakker vi om det først.", "information", 0, "asked for")
t("Ja, mamma har rett til å vite alt, du er jo under atten.", "controlling", -1, "also wrong: at 16 she has her own rights to confidentiality")
t("Kommer an på hva det er.", "information", 0)

batch("nb-sa-H", "test", "suicidal-adult")
c("closed", "Jeg sover dårlig. Det er vel derfor jeg er så trøtt.")
t("Søvnhygiene er viktig. Legg deg og stå opp til samme tid hver dag, og unngå skjerm den siste timen.", "lecturing advice", -1)
t("Hvor mange timer sover du, sånn omtrent?", "closed_question", 0)
t("har du prøvd melatonin", "advice", -1, "ASR style")
t("Våkner du om natta, eller får du ikke sove?", "closed_question", 0)

c("closed", "Nei. Ikke egentlig.", ["Spiser du normalt?", "Har du lyst på noe for tiden?"])
t("Treffer du venner?", "closed_question_barrage", -1, "third closed question in a row")

c("closed", "Nei. Ikke egentlig.")
t("Treffer du venner?", "closed_question", 0, "same words, here the first question")


# ---------------------------------------------------------------------------------------
# validation and output
# ---------------------------------------------------------------------------------------
def norm(text: str) -> str:
    """The text as compared across splits: lower case, punctuation dropped, spaces collapsed."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def validate(rows: list[dict]) -> list[str]:
    """Every problem found, as one line each; empty when the bank is sound."""
    problems: list[str] = []
    assert len(set(FAMILIES)) == len(FAMILIES) == 37
    seen: set[str] = set()
    for r in rows:
        rid = r.get("id", "?")
        missing = set(KEYS) - r.keys()
        if missing:
            problems.append(f"{rid}: missing {sorted(missing)}")
            continue
        extra = r.keys() - set(KEYS) - {"note", "_split"}
        if extra:
            problems.append(f"{rid}: unknown fields {sorted(extra)}")
        if rid in seen:
            problems.append(f"{rid}: duplicate id")
        seen.add(rid)
        if r["language"] != "nb":
            problems.append(f"{rid}: language must be 'nb'")
        if r["scenario"] not in SCENARIOS:
            problems.append(f"{rid}: unknown scenario {r['scenario']!r}")
            continue
        prefix, state, levels = SCENARIOS[r["scenario"]]
        if not re.fullmatch(rf"nb-{prefix}-\d{{4}}", rid):
            problems.append(f"{rid}: id must be nb-{prefix}-NNNN")
        if not (isinstance(r["batch"], str) and r["batch"].startswith(f"nb-{prefix}-")):
            problems.append(f"{rid}: batch {r['batch']!r} must start with nb-{prefix}-")
        if r["state"] != state or (levels and r["level"] not in levels) or (not levels and r["level"] is not None):
            problems.append(f"{rid}: state/level {r['state']!r}/{r['level']!r} not in {r['scenario']}")
        if not isinstance(r["client"], str) or not r["client"]:
            problems.append(f"{rid}: client must be a non-empty string")
        if not isinstance(r["text"], str):
            problems.append(f"{rid}: text must be a string")
        if "note" in r and not (isinstance(r["note"], str) and r["note"]):
            problems.append(f"{rid}: note, when present, must be a non-empty string")
        fams = r["families"]
        if not isinstance(fams, list) or not fams or len(set(fams)) != len(fams):
            problems.append(f"{rid}: families must be a non-empty list without repeats")
            continue
        for f in fams:
            if f not in FAMILIES:
                problems.append(f"{rid}: unknown family {f!r}")
        if r["polarity"] not in (-1, 0, 1) or isinstance(r["polarity"], bool):
            problems.append(f"{rid}: polarity {r['polarity']!r} not in -1/0/1")
        if not isinstance(r["recent"], list) or not all(isinstance(x, str) for x in r["recent"]):
            problems.append(f"{rid}: recent must be a list of strings")
        sil = r["silence_s"]
        if sil is not None and (isinstance(sil, bool) or not isinstance(sil, (int, float)) or sil <= 0):
            problems.append(f"{rid}: silence_s must be null or a positive number")
        if r["text"] == "" and sil is None:
            problems.append(f"{rid}: an empty turn needs silence_s")
        if r["text"] == "" and not set(fams) <= {"holding_silence", "disengaging"}:
            problems.append(f"{rid}: an empty turn is holding_silence or disengaging")
        problems += EN.polarity_problems(rid, fams, r["polarity"], ATTUNED, MISATTUNED)
    # A batch lives in one split, so paraphrases and context pairs never straddle splits.
    split_of: dict[str, set] = collections.defaultdict(set)
    for r in rows:
        split_of[r.get("batch")].add(r["_split"])
    for b, splits in split_of.items():
        if len(splits) > 1:
            problems.append(f"batch {b} spans splits {sorted(splits)}")
    # No trainee text in two splits (compared without case and punctuation). Within a split
    # the same text may recur only as a deliberate context pair, never as a repeated row.
    where: dict[str, set] = collections.defaultdict(set)
    rowkeys: collections.Counter = collections.Counter()
    for r in rows:
        if r["text"]:
            where[norm(r["text"])].add(r["_split"])
        rowkeys[(r["client"], tuple(r["recent"]), r["silence_s"], r["text"])] += 1
    for text, splits in where.items():
        if len(splits) > 1:
            problems.append(f"text appears in several splits {sorted(splits)}: {text[:60]!r}")
    for key, n in rowkeys.items():
        if n > 1:
            problems.append(f"the same context and text appear {n} times: {key[3][:60]!r}")
    return problems


def is_asr(text: str) -> bool:
    """Written as speech recognition gives it: lower case and no punctuation at all."""
    return bool(text) and text == text.lower() and not re.search(r"[.,?!:;«»\"]", text)


def report(by_split: dict[str, list[dict]]) -> None:
    rows = [r for split in SPLITS for r in by_split[split]]
    print(f"total {len(rows)}")
    print("per split:", {s: len(by_split[s]) for s in SPLITS})
    print("per scenario:")
    for scen in SCENARIOS:
        print(f"  {scen:20s}", {s: sum(r['scenario'] == scen for r in by_split[s]) for s in SPLITS})
    pol = collections.Counter(r["polarity"] for r in rows)
    print("polarity:", {k: f"{pol[k]} ({100 * pol[k] / len(rows):.0f}%)" for k in (1, -1, 0)})
    for s in SPLITS:
        p = collections.Counter(r["polarity"] for r in by_split[s])
        print(f"  {s:5s} polarity +1/-1/0: {p[1]}/{p[-1]}/{p[0]}")
    print("batches:", {s: sorted({r["batch"] for r in by_split[s]}) for s in SPLITS})
    print(f"silent turns: {sum(r['text'] == '' for r in rows)}; ASR style: {sum(is_asr(r['text']) for r in rows)}")
    print(f"{'family':30s} {'any':>4s} {'dom':>4s} {'train':>5s} {'dev':>4s} {'test':>4s}")
    for name in FAMILIES:
        anyc = sum(name in r["families"] for r in rows)
        dom = sum(r["families"][0] == name for r in rows)
        per = [sum(name in r["families"] for r in by_split[s]) for s in SPLITS]
        flag = "" if anyc >= 8 and min(per) >= 2 else "  <-- short"
        if name == "interrupting":
            flag = "" if anyc >= 5 and min(per) >= 1 else "  <-- short"
        print(f"{name:30s} {anyc:4d} {dom:4d} {per[0]:5d} {per[1]:4d} {per[2]:4d}{flag}")


def write() -> int:
    return EN.write(ROWS, HERE, validate, report)


def check() -> int:
    """Re-read the files from disk and validate what a consumer would see."""
    return EN.check(HERE, validate, report)


if __name__ == "__main__":
    sys.exit(check() if "--check" in sys.argv[1:] else write())
