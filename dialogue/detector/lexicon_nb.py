"""The Norwegian (bokmål) lexicon: surface patterns for each cue family, written as data,
and the families' Norwegian labels for the HUD and the practice feedback.

The counterpart of lexicon.py for `language: nb` scenarios. Patterns are matched against
the turn after `rules_nb.normalise_nb` (lower case, fillers such as "eh", "ehm", "øh"
blanked to spaces, so character offsets stay those of what the trainee said). The
shorthand:
- a space matches any run of spaces and commas (speech recognition drops commas);
- <du> is the addressed "you" (du, dere), <deg> its object form (deg, dere);
- <aa> is the infinitive marker "å" and its homophone "og", plus "a" typed without æøå;
- <feel> a Norwegian feeling word (used for complex reflections that name a feeling).
Each entry: (family, cue name, strength, [patterns]); strength is how sure the surface
form alone makes us. rules_nb.py decides what a hit means in context.

Written from the Norwegian bank's train split only (dialogue/data/cue_bank_nb/).
"""
from __future__ import annotations

import re

# Norwegian HUD labels, one per family in cue_families.py (tests check they cover it).
LABELS_NB: dict[str, str] = {
    "reflection_simple": "enkel refleksjon",
    "reflection_complex": "kompleks refleksjon",
    "validation": "validering",
    "open_question": "åpent spørsmål",
    "affirmation": "bekreftelse",
    "autonomy": "vektlegger autonomi",
    "collaboration": "inviterer til samarbeid",
    "rupture_repair": "reparerer brudd",
    "meta_communication": "snakker om relasjonen",
    "suicide_inquiry": "direkte spørsmål om selvmord",
    "means_safety": "sikring av midler",
    "reasons_for_living": "grunner til å leve",
    "safety_planning": "sikkerhetsplan",
    "structuring": "strukturerer samtalen",
    "slowing_down": "senker tempoet",
    "holding_silence": "holder stillheten",
    "advice": "råd uten å spørre først",
    "lecturing": "belæring",
    "persuading": "overtaler eller argumenterer",
    "defending": "forsvarer seg selv",
    "moralising": "moraliserer",
    "minimising": "bagatelliserer eller trøster for tidlig",
    "blaming": "legger skyld",
    "closed_question_barrage": "mange lukkede spørsmål på rad",
    "pressure": "presser eller krever",
    "controlling": "kontrollerer eller truer",
    "changing_subject": "bytter tema",
    "euphemistic_suicide_question": "omskrivende selvmordsspørsmål",
    "checklist_mode": "sjekkliste-modus",
    "taking_sides": "tar parti",
    "placating": "blidgjør eller ber om unnskyldning for mye",
    "disengaging": "trekker seg unna",
    "self_focus": "snakker om seg selv",
    "interrupting": "avbryter",
    "interpreting": "forteller klienten hva de føler",
    "closed_question": "lukket spørsmål",
    "information": "gir informasjon",
    "small_talk": "småprat eller hilsen",
}

# Notes the rules add to an explanation, in Norwegian.
NOTES_NB = {
    "undone_by_men": "opphevet av «men» som følger",
    "softened": "dempet av det som følger",
    "reflecting_others": "gjengir det andre sier til klienten",
    "introduction": "hilser på noen ved navn",
    "own_misstep": "en unnskyldning for egen tabbe",
    "asked_for": "klienten spurte",
    "with_permission": "tilbudt med tillatelse",
    "after_hopelessness": "etter håpløshet",
    "away_from_hopelessness": "bort fra håpløsheten",
    "names_feeling": "setter ord på «{word}», som klienten ikke sa",
    "statement_about_them": "en setning om klientens opplevelse",
    "echo": "gjentar klientens egne ord",
    "in_a_row": "{n} lukkede spørsmål på rad",
    "options": "flere svaralternativer i ett spørsmål",
    "risk_at_once": "{n} risikospørsmål på én gang",
    "questions_in_a_row": "enda et spørsmål etter flere; jo mer du presser, jo mindre sier de",
    "interrupts": "klienten var midt i en setning",
    "whole_turn": "helhetslesning, {p:.0%} sikker",
    "silence": "{s:.0f} s stillhet etter at klienten snakket",
}

MACROS = {
    "<du>": r"(?:du|dere)",
    "<deg>": r"(?:deg|dere)",
    "<aa>": r"(?:å|og|a)",
    "<feel>": (r"(?:redd|sint|sinna|lei(?: deg)?|trist|ensom|ensomt|alene|sliten|utslitt|slitne|skamfull|flau|skyldig|"
               r"håpløs|håpløst|maktesløs|hjelpeløs|frustrert|forbanna|irritert|usynlig|fanget|oversett|presset|"
               r"stresset|engstelig|bekymret|skuffet|såret|tom|nummen|fortvilet|sorg|vondt|tungt|slitsomt|"
               r"skremmende|skummelt|urettferdig|en byrde|overveldet|utrygg|avvist|misforstått|på vakt|"
               r"lei av|skamm?er|skjemmes|usikker|alene med)"),
}
_TOKEN = re.compile("|".join(re.escape(k) for k in MACROS))

LEXICON: list[tuple[str, str, float, list[str]]] = [
    # ------------------------------------------------------------ attuned
    ("reflection_simple", "reflection", 0.55, [
        r"^\W*(?:og )?(?:du|dere) (?:kjenner på|er redd for|ønsker|skulle ønske|savner|er usikker|føler at|tenker at|merker|prøver|står i|har ikke|vil ikke|orker ikke|vet ikke)\b", r"\bhvis jeg forstår deg rett\b", r"\bmed andre ord\b", r"\bsånn jeg forstår deg\b",
        r"^\W*(?:og )?så (?:du|dere) (?!ikke\b)(?:har|er|vil|syns|synes|tenker|føler|kjenner|drikker|lurer|sier|"
        r"mener|vet|trenger|skulle|hadde|ble|fikk|må|liksom)",
        r"^\W*(?:og )?så (?:\w+ )?(?:sier|sa|syns|synes|mener|maser|tenker|vil) (?:hele tiden )?(?:at )?(?:du|dere)\b",
        r"\b(?:du|dere) (?:sier|sa) at\b",
        r"^\W*(?:og )?(?:du|dere) (?:syns|synes|lurer på|regner med|hadde trodd|trodde|har lyst|vil helst|"
        r"kjenner deg|føler deg|er lei|er stille|har sluttet|har mistet|har spart|har forberedt|ser på det)\b",
        r"^\W*for deg er det\b",
    ]),
    ("reflection_complex", "complex_reflection", 0.65, [
        r"\bdet (?:kjennes|føles) (?:som|\w+ ut)\b", r"\bdet har (?:vært|blitt) (?:\w+ )?(?:mye|tungt|vanskelig|slitsomt|vondt|ensomt)\b", r"\bdu kjenner på\b", r"\bdu bærer på\b", r"\bdet ligger (?:noe|mye)\b",
        r"\bdet høres (?:ut som|\w+ ut|\w+ \w+ ut)\b", r"\b(?:du|dere) høres (?:\w+ )?\w+ ut\b",
        r"\bdet virker som\b", r"^\W*(?:og )?(?:du|dere) virker\b", r"\bjeg får (?:følelsen|inntrykk\w*) av\b",
        r"^\W*(?:og )?kanskje (?:også )?(?:det er|du er|du kjenner|du føler|du lurer|du syns|du synes|litt|også)\b",
        r"\ben (?:del|annen del) av (?:deg|meg)\b", r"\b(?:og )?samtidig\b", r"\bdet er som om\b",
        r"\bjeg hører at (?:du|dere|det)\b", r"\bunder alt\b", r"\bså det er (?:litt )?sånn (?:at|der)\b",
        r"\bog (?:det|da) (?:skremmer|sliter|står) (?:deg|du)\b", r"\bpå (?:den ene|hver deres) (?:siden|måte)\b",
        r"\btenker jeg\W*$", r"\bdet kan ligge mye i\b", r"\b(?:du|dere) står (?:veldig )?alene\b",
        r"\bog nå er du\b", r"\bdet er du som tar\b", r"\bdere er (?:begge|uenige)\b",
        r"^\W*(?:så )?(?:rommet|gymmen|tegning|fotballen) (?:er|var|har blitt)\b", r"\bliksom (?:ut|usynlig)\b",
        r"\b(?:du|dere) (?:er|blir) (?:\w+ )?lei av\b", r"\bdu (?:ble|blir) behandlet som\b",
    ]),
    ("validation", "validation", 0.6, [
        r"\bklart (?:du|dere|det)\b", r"\bselvsagt (?:er|blir) (?:du|dere)\b", r"\bdet ville (?:jeg|de fleste|mange) (?:også|ha)\b", r"\bdet er forståelig\b",
        r"\bdet er (?:helt )?(?:lov|forståelig|naturlig|ikke rart|lov å)\b", r"\bdet er helt greit å\b",
        r"\b(?:det er )?ikke rart (?:at )?(?:du|dere)\b", r"\bdet gir (?:god )?mening\b",
        r"\bdet er (?:ikke )?(?:så )?lett (?:å|for)\b", r"\bikke (?:det )?(?:så )?lett(?:este)?\b",
        r"\bdet (?:må|kan) (?:ha vært|være|kjennes) (?:\w+ )?(?:vondt|tungt|vanskelig|skremmende|slitsomt|tøft|"
        r"ensomt|frustrerende|sårt|stressende)\b",
        r"\bdet er (?:\w+ )?(?:vondt|tungt|vanskelig|slitsomt|frustrerende|stressende|tøft|sårt|en tung tanke)\b",
        r"\bjeg (?:skjønner|forstår) (?:godt )?(?:at|hvorfor|det)\b", r"\bjeg (?:kan )?høre hvor\b",
        r"\bjeg hører at (?:du er|dere ser)\b", r"\bdet er plass til\b", r"\bgråt så mye\b",
        r"\bdet er (?:et )?(?:godt|viktig) spørsmål\b", r"\bingen tidsfrist\b", r"\bdet kan godt hende\b",
        r"\bdet høres (?:\w+ )?(?:skremmende|vondt|tungt|slitsomt|vanskelig|ensomt) ut\b",
        r"\bdet er ikke teit\b", r"\bdet er mye (?:sorg|å bære|på en gang)\b", r"\bdet er helt lov\b",
        r"\bjeg (?:skjønner|forstår)\b", r"\bdet er vanlig(?:, og| å ha)\b",
    ]),
    ("open_question", "open_question", 0.6, [
        r"\bhjelp meg (?:å|og) forstå\b", r"^\W*si (?:gjerne )?(?:litt |mer )\b",
        r"^\W*(?:og |så |men |ok(?:ei|ay)? |ja |greit |okei )*(?:hva|hvordan)\b(?! med\b)(?! slags\b)(?! heter\b)",
        r"\bfortell (?:meg )?(?:om|mer|litt)\b", r"\bjeg er nysgjerrig på\b",
        r"\bjeg lurer (?:mest |litt )?på (?:hva|hvordan)\b", r"\bkan du (?:si|fortelle) (?:meg )?(?:litt|mer)\b",
        r"\bvil du (?:fortelle|si) (?:meg )?(?:litt|mer|om)\b", r"\bsi (?:litt|mer) om\b",
    ]),
    ("affirmation", "affirmation", 0.6, [
        r"\bdet viser (?:at|hvor)\b", r"\bdu har (?:stått i|kjempet|holdt ut|gjort en)\b", r"\bimponerende\b",
        r"\btakk for at (?:du|dere)\b", r"\bdet er (?:sterkt|modig|fint|bra|flott|godt) (?:at|av deg|å si)\b",
        r"\b(?:fint|bra|flott|godt|greit) at (?:du|dere) (?:sier|tar|forteller|deler)\b",
        r"\bdu har virkelig prøvd\b", r"\bdet ligger mye omsorg\b", r"\b(?:du|dere) har klart\b",
        r"\bdu sa mye viktig\b", r"\bsier meg noe om\b", r"\bdet er ikke (?:ingenting|alle som)\b",
        r"\bgodt jobbet\b", r"\bdu (?:bryr deg|har vist)\b", r"\btre ganger har du\b", r"\bdu er her\b.{0,25}\bjobber\b",
    ]),
    ("autonomy", "autonomy", 0.6, [
        r"\bdin beslutning\b", r"\bdu vet (?:selv )?best\b", r"\bdet bestemmer du\b",
        r"\b(?:du|dere) bestemmer\b", r"\b(?:helt )?opp til (?:deg|dere)\b", r"\bditt valg\b",
        r"\bdu (?:får|kan) (?:kjenne etter|velge|si ifra|bestemme)\b", r"\bhvis du vil\b", r"\bom du vil\b",
        r"\bbare så mye du\b", r"\b(?:du|vi) trenger ikke\b", r"\bdu kjenner (?:\w+ (?:og )?)?(?:deg selv )?best\b",
        r"\bda lar vi det ligge\b", r"\bjeg skal ikke mase\b", r"\bdu får si (?:i)?fra\b",
        r"\bhvis du selv vil\b", r"\bdu velger\b", r"\ber det noe du vil\b",
    ]),
    ("collaboration", "collaboration", 0.55, [
        r"\bhvordan kan vi\b", r"\bhva vil du at vi\b", r"\bhva (?:tror|tenker) du (?:selv )?(?:kunne|vil|ville)\b",
        r"\b(?:se|finne|snakke|lage|jobbe|tenke|gjøre|ta det|skrive|fant)\b.{0,25}\bsammen\b", r"\bskal vi (?:se|finne|lage|prøve|skrive|tenke)\b", r"\bkunne du tenke deg\b",
        r"\bvil du at vi\b", r"\bhva tenker du om (?:å|det)\b", r"\bvil du høre\b", r"\bkan vi (?:se på|finne)\b",
        r"\bhva er viktig for deg at vi\b",
    ]),
    ("rupture_repair", "repair", 0.65, [
        r"\b(?:du|dere) (?:kan )?(?:ha|har) (?:kanskje )?rett(?: i)?\b", r"\bjeg har (?:kanskje )?(?:mast|vært for)\b",
        r"\bjeg har stilt deg (?:veldig )?mange spørsmål\b", r"\bjeg skal slutte å mase\b", r"\bden satt\b",
        r"\bsi (?:gjerne )?(?:i)?fra (?:når|hvis)\b", r"\bhvordan vil du at jeg\b", r"\bhva hadde du trengt fra meg\b",
        r"\bgjennomskuet meg\b", r"\bjeg spør og spør\b", r"\bjeg vet ikke så mye om livet ditt\b",
        r"\bdet var (?:dumt|klønete) (?:av meg|sagt)\b", r"^\W*beklager[.!]?\W*(?:fortsett)?\W*$",
        r"\bdu har rett\b", r"\bhva har vært mest\b",
    ]),
    # owning one's own misstep (rules_nb reads "jeg mente det ikke sånn" as repair when one
    # apology goes with it)
    ("rupture_repair", "owning_misstep", 0.65, [
        r"\bdet kom (?:helt |litt |nok )?(?:feil|galt|dumt|skeivt) ut\b",
        r"\b(?:det|spørsmålet|det jeg sa) (?:hørtes|låt|ble) (?:helt |litt |nok )?(?:feil|galt|dumt|krasst|hardt|"
        r"dømmende|anklagende|kaldt)\b(?! ut for deg)",
        r"\bjeg (?:sa|formulerte|uttrykte|spurte om) (?:det|meg) (?:veldig |litt )?(?:dumt|feil|klønete|dårlig|galt)\b",
        r"\bla meg (?:prøve|si det|spørre) (?:igjen|på nytt|på en annen måte|annerledes)\b",
        r"\bla meg formulere (?:det|meg) (?:på nytt|annerledes)\b", r"\bdet var (?:ufint|urettferdig|ikke greit) av meg\b",
    ]),
    ("meta_communication", "meta_communication", 0.6, [
        r"\bjeg merker at\b", r"\bmellom oss\b", r"\bså mange spørsmål\b", r"\bmange spørsmål (?:nå|i dag)\b",
        r"\bhva som skjer for deg (?:akkurat )?nå\b", r"\bredd (?:for at )?jeg skal\b",
        r"\bdet (?:jeg sier|som skjer her)\b",
    ]),
    ("suicide_inquiry", "ask_directly", 0.8, [
        r"\b(?:ta|tar|tatt) livet (?:ditt|av deg)\b", r"\bselvmord\w*\b", r"\bskade (?:deg selv|deg)\b",
        r"\b(?:tanker|tenke|tenker|tenkt)\b(?: \w+){0,3} (?:om|på) (?:å )?(?:dø|ikke (?:være|leve|våkne))\b",
        r"\b(?:ønsket|ønsker|ønske) (?:at )?du var død\b", r"\b(?:bedre|best) (?:om|hvis) du var død\b",
        r"\b(?:vil|ville) du dø\b", r"\bat du vil dø\b", r"\bsovne og ikke våkne\b",
    ]),
    ("suicide_inquiry", "ask_method", 0.7, [r"\bhar du tenkt på hvordan\b", r"\bhvor har du (?:dem|pillene)\b",
                                            r"\bhar du (?:pillene|dem) (?:hjemme|her)\b"]),
    ("suicide_inquiry", "ask_plan", 0.7, [r"\bhar du (?:en )?plan\b", r"\bhar du tenkt på når\b",
                                          r"\bhvilken kveld\b", r"\bhar du bestemt deg\b"]),
    ("suicide_inquiry", "ask_intent", 0.7, [r"\bhar du tenkt (?:å|og) (?:ta|gjøre)\b", r"\b(?:kommer|vil) du (?:til å )?gjøre det\b"]),
    ("suicide_inquiry", "ask_preparation", 0.7, [r"\bhar du (?:noen gang )?prøvd (?:før|å ta)\b",
                                                 r"\bhar du (?:skrevet|gjort klar|forberedt)\b"]),
    ("suicide_inquiry", "ask_thoughts", 0.65, [r"\bde tankene\b", r"\bkommer de og går\b"]),
    ("euphemistic_suicide_question", "euphemistic", 0.8, [
        r"\b(?:du|dere) (?:tenker|har|gjør|skal|er|vil|planlegger) vel ikke\b", r"\bnoe dumt\b",
        r"\b(?:trygg|gjøre det|gjøre noe|ta dem)\b.{0,20}\bikke sant\b", r"\bdu skal ikke gjøre det\b",
        r"\bikke (?:sånn )?helt alvorlig\b", r"\bhar det vel ikke så ille\b", r"\bdu er (?:vel )?trygg nå\b",
        r"\bdet er vel ikke så\b.{0,20}\b(?:alvorlig|ille)\b",
    ]),
    ("means_safety", "means_safety", 0.65, [
        r"\b(?:pillene|pilla|medisinene|dem)\b.{0,40}\b(?:ta vare på|oppbevar\w*|lever\w*|lett tilgjengelig\w*|"
        r"apoteket|låse\w*|gi (?:dem )?til)\b",
        r"\bhva (?:kan|skal) vi gjøre med (?:pillene|dem)\b", r"\btilgang til\b", r"\bta vare på dem\b",
    ]),
    ("reasons_for_living", "reasons_for_living", 0.65, [
        r"\bholdt deg (?:i live|gående)\b", r"\bhva betyr \w+ for deg\b", r"\bgrunn(?:er|en)? til å leve\b",
        r"\bhva (?:er det som )?(?:holder|holdt) deg\b", r"\bat du tenker på \w+ akkurat nå\b",
    ]),
    ("safety_planning", "safety_planning", 0.65, [
        r"\b(?:en|i en|inn i en|vi har en) plan\b", r"\bskrive (?:det )?inn\b", r"\bneste på lista\b",
        r"\bhvis (?:\w+ )?ikke svarer\b", r"\bhvilke tegn\b", r"\bde første minuttene\b",
        r"\bhva (?:kan|skal) du gjøre (?:selv )?(?:når|hvis|de første)\b", r"\bfaktisk ringer\b",
        r"\bliste sammen\b", r"\btrinn for trinn\b", r"\bhvis du ikke får tak i\b",
    ]),
    ("structuring", "structuring", 0.6, [
        r"\bén (?:ting )?om gangen\b", r"\ben (?:ting )?om gangen\b", r"\ben og en\b", r"\bén og én\b",
        r"\b(?:kan|skal) vi (?:begynne|starte) med\b", r"\bjeg vil (?:gjerne )?høre (?:dere begge|jonas|både|hvordan)\b",
        r"\bkan jeg stoppe (?:litt|deg)? ?her\b", r"\bvi tar en (?:kort )?pause\b", r"\bla oss ta\b",
        r"\bbegge syn\b", r"\b\w+ først, så\b", r"\bgi meg fem minutter\b", r"\bførst \w+, så\b",
        r"\bfå fram begge\b", r"\bringe deg opp igjen\b",
    ]),
    ("slowing_down", "slowing_down", 0.6, [
        r"\b(?:litt )?saktere\b", r"\bpuste (?:litt|rolig|sammen|med meg)\b", r"\bta det (?:med ro|rolig|litt roligere)\b",
        r"\b(?:vi har|det er) god tid\b", r"\bta den tiden du trenger\b", r"\bjeg går ingen steder\b",
        r"\bkjenn(?:e)? (?:at du sitter|føttene)\b", r"\bingen hast\b", r"\bta en pause\b", r"\bdet går helt fint\b",
    ]),
    # ------------------------------------------------------------ misattuned
    ("advice", "advice", 0.75, [
        r"\bdu kan jo prøve\b", r"\bdet (?:beste|lureste) (?:er|blir) (?:å|og|at du)\b", r"\bmitt råd\b", r"\bjeg (?:anbefaler|foreslår|råder deg)\b", r"\bhva (?:om|hvis) (?:du|dere) (?:bare |prøver|prøvde|begynte|sluttet|snakket|tok|gikk)\b", r"\bkan (?:du|dere) ikke (?:bare|prøve|si)\b", r"^\W*hvorfor ikke\b", r"\bdet (?:kan|kunne) hjelpe (?:å|og|med)\b", r"\bdet hjelper (?:ofte |alltid )?(?:å|og) \w+", r"\bdet (?:er|hadde vært) lurt (?:å|og)\b", r"^\W*(?:snakk|ring|skriv|legg deg|gå en tur|gå ut|lag en|sett opp|begynn|slutt)\b", r"\b(?:du|dere) skulle (?:bare |heller )?(?:prøve|snakke|gå|ta|ringe|si)\b",
        r"\b(?:du|dere) (?:burde|bør)\b", r"\bjeg tror (?:du|dere) (?:bør|burde|må|skal)\b",
        r"(?<!hva\s)\bhar (?:du|dere) prøvd\b(?! å ta livet)", r"\bhvorfor (?:sier|gjør|prøver|spør|tar|går|ringer|snakker) "
        r"(?:du|dere) ikke\b", r"\bkanskje (?:du|dere) (?:kan|kunne|skal|skulle|heller)\b",
        r"\bdet (?:kan|kunne) være lurt\b", r"\bdet er jo bare å\b", r"\b(?:du|dere) (?:kan|kunne) jo (?:bare|prøve)\b",
        r"^\W*prøv (?:å|og|med)\b", r"\bhusk å\b", r"\bsørg for\b", r"\bda må du (?:nesten )?\b",
        r"\b(?:du|dere) må (?:jo )?(?:bare )?(?:begynne|ut|lage|prøve|slutte|gå|ta med|si|snakke|være konsekvent|"
        r"be|ringe|trene|kutte|legge|finne)\b",
        r"\bdet må du slutte med\b", r"\bdere trenger (?:\w+veiledning|hjelp|kurs)\b", r"\bdet finnes gode kurs\b",
        r"\bhar du tenkt på (?:å|og) (?!ta livet|skade|dø)", r"\bdu må jo begynne\b", r"\bhvis jeg var deg\b",
        r"\bjeg ville (?:nok )?(?:prøvd|tatt|gjort)\b",
    ]),
    ("lecturing", "lecturing", 0.65, [
        r"\bstudier viser\b", r"\bdet er (?:godt )?(?:kjent|dokumentert) at\b", r"\bdet kalles\b", r"\bman vet at\b", r"\bdet er helt vanlig at\b", r"\bhjernen\b", r"\bdet er viktig (?:å|og) (?!høre|forstå)",
        r"\bdet er (?:bevist|vist|dokumentert)\b", r"\bforskning(?:en)? viser\b",
        r"\bdet finnes (?:faktisk )?(?:mye )?(?:forskning|anbefalinger)\b", r"\bdet er (?:helt )?normalt for\b",
        r"\b(?:ungdommer|tenåringer|gutter|jenter|barn|ungdom)\b.{0,25}\b(?:trenger|er sånn|gjør)\b",
        r"^\W*(?:og )?du vet (?:jo )?(?:at|vel)\b", r"\bdet (?:er det )?viktigste i\b", r"\bsorg har faser\b",
        r"\bvisste du\b", r"\bsånn er systemet\b", r"\bdet er ikke bra for\b", r"\bdet er skadelig\b",
        r"\bkan gi (?:avhengighet|iv|dårligere)\b", r"\bgir (?:dårligere|økt risiko)\b", r"\bøkt risiko\b",
        r"\bet panikkanfall er\b", r"\ber et kurs\b", r"\bhenger (?:ofte )?sammen med\b", r"\baktiv lytting\b",
        r"\banerkjent teknikk\b", r"\bhar (?:regler|plikt)\b", r"\bgjør bare jobben sin\b", r"\ber (?:veldig )?vanlig, det\b",
        r"\bdet er (?:jo )?sånn at\b", r"\bsamtaleterapi virker\b", r"\ber dårlig for\b", r"\bdet er bevist\b",
        r"\bdet er (?:\w+ )?(?:hele familien|du) som må\b", r"\bdet er du som må bestemme\b",
        r"\bdu er den voksne\b", r"\bdet er relasjonen som teller\b",
    ]),
    ("persuading", "persuading", 0.65, [
        r"\ber du sikker på det\b", r"\bdu må innse\b", r"\bdet er ikke sånn\b", r"^\W*men det er jo\b",
        r"\bselvfølgelig (?:er det|hjelper|blir)\b", r"\bdet hjelper alltid\b",
        r"^\W*(?:men )?du (?:hører|er|har|gjør) jo\b", r"^\W*jo(?: da)?\W+det (?:blir|er|hjelper)\b",
        r"\bhvis alt var greit\b", r"\btenk på\b", r"\bdet stemmer ikke\b", r"\bdet er ikke sant\b",
        r"\balle er glad i deg\b", r"\bmen alle gjør det ikke\b", r"\bse det fra (?:hennes|hans|deres) side\b",
        r"\bdu er ikke (?:en )?\w+\s*!", r"\bdet er faktisk veldig lurt\b", r"^\W*jo,", r"\bdet blir bedre\b",
        r"\bdet vet du\b",
    ]),
    ("defending", "defending", 0.7, [
        r"\bjeg har (?:lang |mye )?erfaring\b", r"\bjeg vet hva jeg (?:driver med|gjør)\b", r"\bdet var ikke det jeg sa\b", r"\bjeg (?:sa|mente) (?:faktisk )?ikke\b", r"\bjeg mente (?:det )?ikke (?:det )?(?:sånn|slik|på den måten)\b", r"\bjeg er (?:profesjonell|kvalifisert)\b", r"\bjeg gjør (?:bare|faktisk) jobben\b",
        r"\bjeg (?:har jobbet|er (?:ferdig )?utdannet)\b.{0,40}\b(?:år|karakterer|dps|praksis|psykolog)\b",
        r"\bi mange år\b", r"\bdet er ikke riktig\b", r"\bdet har jeg (?:aldri|ikke) sagt\b",
        r"\bjeg prøver bare å\b", r"\bdet er jobben min\b", r"\bjeg bryr meg faktisk\b",
        r"\bjeg skjønner ikke hva det har med\b", r"\b(?:du er|nå er du) (?:litt )?urettferdig\b",
        r"\bprojiserer\b", r"\bet mønster hos deg\b", r"\bdet er ikke jeg som er problemet\b",
        r"\bgjorde nok så godt\b", r"\bjeg bruker ikke\b", r"\bskjemaer er\b", r"\bmed gode karakterer\b",
        r"\bdu trenger ikke (?:være|bli) så\b", r"\bdet er ikke et forhør\b", r"\bjeg er ikke (?:her for å )?(?:\w+ )?(?:dårlig|ny)\b",
    ]),
    # A feeling supplied for the client as a fact about them ("innerst inne er du sint på
    # ham", "det du egentlig føler, er sorg"); rules_nb.py lets a guess stand as a reflection.
    ("interpreting", "interpreting", 0.7, [
        r"\binnerst inne (?:så )?(?:er|føler|vet|kjenner|vil|ønsker|savner|hater) (?:du|dere)\b",
        r"\b(?:det|hva) (?:du|dere) (?:egentlig|virkelig) (?:føler|kjenner på) er\b",
        r"\ber (?:egentlig|i virkeligheten|i bunn og grunn) (?:bare )?(?:sorg|sinne|redsel|frykt|skam|skyld|angst|"
        r"depresjon|ensomhet)\b",
        r"\b(?:du|dere) er (?:egentlig|i virkeligheten|i bunn og grunn) (?:bare )?<feel>",
        r"\bselv om (?:du|dere) ikke (?:ser|kjenner|innrømmer|merker|vet) det\b", r"\b(?:du|dere) er i fornektelse\b",
    ]),
    ("moralising", "moralising", 0.65, [
        r"\bskamme deg\b", r"\bdet er (?:galt|feil|egoistisk|uansvarlig)\b", r"\bsånn gjør man ikke\b", r"\bman gjør ikke\b",
        r"\b(?:det er )?(?:jo )?ikke greit å\b", r"\bsånn kan (?:du|dere) ikke\b", r"\bsånn må du ikke\b",
        r"\bikke si sånt\b", r"\blivet er en gave\b", r"\bdu kan ikke gjøre det mot\b", r"\bskjerpe? dere\b",
        r"\bse på det man har\b", r"\btakknemlig\b", r"\bdu må jo (?:skjønne|ta det)\b", r"\bdu vet jo at\b.{0,30}\bfarlig\b",
        r"\bdet er ulovlig\b", r"\bslutte å krangle\b", r"\bdu har bare ett\b", r"\bdet går bare utover\b",
        # the general forms of the train lines above: norms stated as "man" or as what is
        # right, the client's words forbidden, guilt put on someone they love
        r"\bdet er (?:jo )?ikke (?:riktig|rett|pent|snilt|lov|akseptabelt|ok) (?:å|og|a|av deg)\b",
        r"\bdet (?:er|blir|var) (?:jo )?(?:veldig |litt )?(?:egoistisk|respektløst|uakseptabelt|frekt|stygt|slemt|"
        r"umoralsk|urettferdig mot)\b",
        r"\bsånn (?:snakker|oppfører|gjør|sier|tenker) (?:man|vi|en|du|dere) ikke\b",
        r"\b(?:det|sånt) (?:sier|gjør) man ikke\b", r"\bman (?:bør|skal|må) (?:ikke|aldri|alltid)\b",
        r"^\W*(?:nei\W+)?(?:ikke|aldri) (?:si|snakk|tenk) (?:sånn|sånt|slik)\b",
        r"\bdu (?:bør|burde|må|skal) (?:jo )?(?:skamme|tenke på hvordan|huske på at (?:du|det))\b",
        r"\bhvordan tror du (?:hun|han|de|barna|familien|\w+) (?:ville|vil|kommer til (?:å|og)) (?:hatt|ha|få|føle|bli)\b",
        r"\b(?:du|dere) (?:har|skylder) (?:jo )?(?:et )?ansvar (?:for|overfor|mot)\b", r"\bmye å være glad for\b",
    ]),
    ("minimising", "minimising", 0.65, [
        r"\bdet ordner seg\b", r"\bdet (?:går|blir) (?:nok )?(?:bra|fint)\b", r"\bikke tenk på det\b", r"\bse lyst på\b", r"\bden lyse siden\b", r"\bkunne vært verre\b", r"\bandre har det verre\b", r"\balle har det sånn\b", r"\bbare en fase\b", r"\bikke noe å bekymre seg\b", r"\bdet skal nok gå\b", r"\bopp med hodet\b",
        r"\bikke så (?:ille|farlig|galt|stort)\b", r"\bdet er (?:jo )?ikke så mye\b", r"\bdet går (?:seg til|over)\b",
        r"\bsånt går over\b", r"\bmange som har det sånn\b", r"\bikke verdens undergang\b", r"\bbare en jobb\b",
        r"\bdu får deg en ny\b", r"\bså mye å leve for\b", r"\bdet kommer ikke til å skje\b", r"\bdu skal se\b",
        r"\bså oppegående\b", r"\bdu gjør så godt du kan\b", r"\bdu er ikke for\b", r"\bdu klarer det sikkert\b",
        r"\bkanskje ventet\b", r"\bhun var gammel\b", r"\bdu er jo bare\b", r"^\W*(?:så )?(?:bra|fint)\W+da (?:er|har)\b",
        r"\bferdige? med det vanskelige\b", r"\bi den alderen\b", r"\bdet er hormoner\b", r"\bbare gi det tid\b",
        r"\bdu kom jo inn\b", r"\bså du får det til\b", r"\bdet er ikke farlig\b", r"\balle syns det er\b",
        r"\bom et halvt år\b", r"\ber jo sånn\b", r"\bdet er ikke (?:så )?(?:mye|ille)\b", r"\bikke så mye vi trenger\b",
        r"\bdet er jo normalt\b", r"\bdu er ikke en byrde\b", r"\bja men det er jo\b", r"\bfjortenåringer er sånn\b",
        r"\bdet er jo bare å\b", r"\bdu er ikke som\b",
    ]),
    ("blaming", "blaming", 0.65, [
        r"\bdin (?:egen )?feil\b", r"\bdu må ta ansvar\b", r"\b(?:du|dere) (?:burde|skulle) ha (?:\w+ )?(?:gjort|sagt|tenkt|spurt|gått|tatt|ringt|kommet|begynt)\b",
        r"\b(?:det er )?(?:jo )?du som må\b", r"\bditt ansvar\b", r"\bhvorfor har (?:du|dere) ikke\b",
        r"\bprøver du egentlig\b", r"\bdet er du nok\b", r"\bdu skyver folk\b", r"\bdet gjør ofte vondt verre\b",
        r"\bhvorfor (?:gjorde|gjør) (?:du|dere) (?:det|sånn)\b",
    ]),
    ("pressure", "pressure", 0.65, [
        r"\bkom igjen nå\b", r"\bsi det nå\b", r"\bjeg trenger at du (?:sier|svarer|forteller)\b", r"\bvi har ikke hele dagen\b", r"\bjeg venter\b",
        r"\bkom igjen\b", r"\bdu må (?:jo |nesten )?(?:vite|si)\b", r"\bnoe må du jo\b", r"^\W*bare si\b",
        r"\bvi må jo (?:snakke|prate)\b", r"\bdet er jo derfor du er her\b", r"\bhvorfor vil du ikke\b",
        r"\bhallo\b", r"\bse på meg\b", r"\ber du her\b", r"\bskal jeg (?:heller )?spørre (?:mamma|pappa|\w+)\b",
        r"\bsvar meg\b", r"\bvanskelig for meg å hjelpe\b", r"\bdu må svare\b",
    ]),
    ("controlling", "controlling", 0.7, [
        r"\bjeg vil at (?:du|dere) skal\b", r"\bhør her\b", r"\bikke avbryt\b", r"\bjeg krever\b", r"\bdet bestemmer jeg\b", r"\bellers (?:må|blir|ringer)\b",
        r"\b(?:nå )?må (?:du|dere) (?:roe|rolig|slappe)\w*\b", r"\bslapp av\b", r"\broe deg ned\b",
        r"\b(?:du|dere) må (?:legges inn|kaste|fylle|komme hit|snakke (?:litt )?roligere|være her|levere)\b",
        r"\bjeg ringer (?:akutt\w*|113|legevakten|ambulanse)\b", r"\binnleggelse\b", r"\bjeg henter legen\b",
        r"\bbekymringsmelding\b", r"\bdu kan ikke det\b", r"\bvi må bli ferdige?\b", r"\blegge bort mobilen\b",
        r"\bdu skal begynne med\b", r"\bhar rett til å vite alt\b", r"\bnå må dere\b", r"\bdu må (?:fylle|gjøre) det\b",
        r"\blever dem\b", r"\bskjønner du\?",
    ]),
    ("changing_subject", "changing_subject", 0.65, [
        r"\bforresten\b", r"\bapropos\b", r"\bover til noe annet\b", r"\bla oss gå videre\b", r"\bvi må (?:komme oss )?videre\b",
        r"^\W*(?:ok\w* |greit |skjønner\W+)?(?:men )?hva med (?!deg\b)", r"\bskal vi heller\b",
        r"\bkan vi (?:bare )?gå videre\b", r"\bskal vi se på hvordan det gikk\b", r"\bglem det\b",
        r"\bså du landskampen\b", r"\bsnakke om noe (?:annet|hyggeligere)\b", r"\bhva med (?:fotballen|jobben|skolen)\b",
    ]),
    ("checklist_mode", "checklist_mode", 0.7, [
        r"\bneste punkt\b", r"\bpå en skala fra\b", r"\bkryss av\b",
        r"\bspørsmål (?:en|én|to|tre|fire|fem|\d+)\b", r"\b(?:første|andre|tredje|neste) spørsmål\b",
        r"\bskjema\w*\b", r"\bsette kryss\b", r"\ben del av rutinen\b", r"\bjeg spør alle\b", r"\bfylle ut\b",
        # the general forms: questions read off a form, a routine, points and boxes
        r"\b(?:jeg|vi) (?:må|skal) (?:bare )?(?:gå gjennom|stille deg|spørre deg|ta) (?:noen|et par|en del|alle|"
        r"noen faste|de faste|standard)\w* (?:spørsmål|punkter)\b",
        r"\b(?:kartlegging|screening)\w*\b", r"\b(?:rutine|standard|faste)\w*spørsmål\w*\b", r"\bkryss\w*\b",
        r"\bkrysse av\b", r"\bsvar (?:bare )?(?:ja eller nei|med et tall)\b", r"\b(?:neste|siste|første) punkt\b",
        r"\b(?:jeg|vi) spør (?:alle|det til alle|alle klienter|alle pasienter)\b",
        r"\bdet er (?:bare )?(?:rutine|standard|prosedyre)\b", r"\b(?:til|i|for) journalen\b", r"\bjeg må (?:bare )?notere\b",
        r"\b(?:poengsum|skåre?|score)\w*\b",
    ]),
    ("taking_sides", "taking_sides", 0.7, [
        r"\bjeg er enig med (?:tom|karen|henne|ham|han|mamma|pappa|lise|legen)\b", r"\bdet er (?:hans|hennes) feil\b",
        r"\b(?:hun|han|tom|mamma|pappa|legen|karen|lise) har (?:nok )?(?:litt )?(?:rett|et poeng)\b",
        r"\bdet har (?:hun|han) nok\b", r"\bgjør sikkert så godt (?:hun|han) kan\b",
        r"^\W*jonas\W+(?:stemmer det|er det sant|hvorfor|hører du hva)\b", r"\bdet er ikke rettferdig at (?:han|hun)\b",
        r"\bdu må jo skjønne (?:henne|ham|han)\b", r"^\W*tom\W+det er ikke så lett for deg\b",
        r"\bhun har mye å stri med\b", r"\blegen har rett\b",
    ]),
    ("placating", "placating", 0.7, [
        r"\bbeklager så mye\b", r"\bbeklager\W+beklager\b", r"\bdet skal ikke skje igjen\b", r"\bakkurat som du vil\b", r"\bjeg er så lei meg\b",
        r"\bunnskyld\W+unnskyld\b", r"\bbeklager\W+unnskyld\b", r"\bjeg lover\b", r"\bgjøre det bedre\b",
        r"\bjeg er dårlig på dette\b", r"\bjeg skulle ikke spurt\b", r"\bikke sånn ment\b", r"\bhva du vil\b.{0,10}$",
        r"\bjeg skal slutte med det\b",
    ]),
    ("self_focus", "self_focus", 0.7, [
        r"\bjeg husker da jeg\b", r"\bdet samme skjedde med meg\b", r"\bjeg kjenner meg (?:så )?igjen\b", r"\bmin (?:sønn|datter|mor|far|mann|kone)\b", r"\bjeg hadde det (?:også|sånn)\b",
        r"\bda jeg var på din alder\b", r"\bjeg har selv\b", r"\bjeg (?:spilte|tegner|hadde|mistet|har mistet)\b.{0,40}"
        r"\b(?:selv|også|i fjor)\b", r"\b(?:jeg )?vet (?:liksom )?(?:hvordan det er|hvor mye det betyr)\b",
        r"\bvanskelig for meg også\b", r"\bnå blir jeg (?:litt )?lei meg\b", r"\bjeg også\b", r"\bmest akvarell\b",
        r"\bjeg (?:selv )?også\b",
        # the general forms: the trainee's own story, family or feelings take the turn
        r"\bda jeg var (?:på din alder|ung|yngre|student|tenåring|liten|\w+ år)\b",
        r"\b(?:da|når) jeg (?:var|gikk|mistet|hadde|studerte|bodde)\b.{0,60}\b(?:selv|også|jeg også)\b",
        r"\bjeg har (?:selv |også )?(?:en|et|to|tre) (?:tenåring|barn|gutt|jente|sønn|datter|unge)\w*\b",
        r"\bjeg vet (?:akkurat |nøyaktig |godt )?(?:hvordan (?:det er|du har det|det føles|det kjennes)|"
        r"hva du går gjennom)\b",
        r"\b(?:det )?minner meg om (?:da|når) jeg\b", r"\bdet samme (?:skjedde|var|gjorde) (?:med |for )?(?:meg|jeg)\b",
        r"\bjeg har (?:også|selv) (?:vært|hatt|gått|opplevd|mistet|slitt)\b", r"\b(?:for|på) meg (?:også|selv)\b",
        r"\bnå blir jeg (?:litt |så |veldig )?(?:lei meg|såret|sint|trist|usikker|redd|stresset)\b",
        r"\bmin (?:egen )?(?:bror|søster|venn|venninne|kjæreste|mamma|pappa|bestemor|bestefar|familie|barndom)\b",
        r"\bmine (?:egne )?(?:barn|foreldre|unger)\b",
    ]),
    ("interrupting", "interrupting", 0.7, [
        r"\bunnskyld at jeg avbryter\b", r"\bkan jeg stoppe deg\b", r"^\W*vent\W+vent\b", r"^\W*vent litt\b",
    ]),
    # ------------------------------------------------------------ neutral
    ("information", "information", 0.45, [
        r"\btimen varer\b", r"\b(?:førtifem|tretti|femti|\d+) minutter\W*$", r"\binnkallingen\b", r"\bhelsenorge\b",
        r"\bdet er et vanlig skjema\b", r"\bjeg er utdannet\b", r"\bsvarer hele døgnet\b", r"\bvi avtaler\b",
        r"\bkan godt komme\b", r"\b116 117\b", r"^\W*(?:til )?kvart (?:over|på)\b", r"\bdet (?:jeg )?tenker er at\b",
        r"\bdet handler om\b",
    ]),
    ("small_talk", "small_talk", 0.45, [
        r"^\W*hei\b", r"\bvelkommen\b", r"\bsett(?:e)? deg\b", r"\bvil du ha (?:litt |et glass )?vann\b", r"\bfant du fram\b",
        r"\bparkering\w*\b", r"\bsamme tid\b", r"\bklokka (?:\w+)\b", r"\b(?:mandag|tirsdag|onsdag|torsdag|fredag)\b",
        r"\bsms\b", r"\bkalenderen\b", r"\bhva passer\b", r"\btakk for i dag\b", r"\bgjorde du noe gøy\b",
        r"\bi helga\b", r"\bbursdag\w*\b", r"\bgave\b", r"\bkjekt\b", r"\bhyggelig\b", r"\bheng jakka\b",
        r"\bneste (?:gang|time|uke)\b", r"\bpå telefon etterpå\b", r"\bny time\b",
    ]),
]


def compile_pattern(p: str) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(p):
        m = _TOKEN.match(p, i)
        if m:
            out.append(MACROS[m.group(0)])
            i = m.end()
        elif p[i] == " " and not (i > 0 and p[i - 1] == "\\"):
            out.append(r"[\s,]+")
            i += 1
        else:
            out.append(p[i])
            i += 1
    return re.compile("".join(out))


def compiled() -> list[tuple[str, str, float, list[re.Pattern[str]]]]:
    return [(fam, name, s, [compile_pattern(p) for p in pats]) for fam, name, s, pats in LEXICON]
