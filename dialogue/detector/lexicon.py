"""The detector's lexicon: surface patterns for each cue family, written as data.

Patterns use a small shorthand so they tolerate typed and transcribed speech alike:
- a space matches any run of spaces and commas (fillers were blanked to spaces);
- an apostrophe is optional ("dont", "don't");
- <youre> matches "you're", "you are", "youre" and Whisper's "your";
  <im> "i'm"/"im"/"i am"; <ive>, <youve>, <its>, <thats>, <dont>, <cant>, <wont>
  likewise; <neg> any negation.
Each entry: (family, cue name, strength, [patterns]). Strength is how sure the surface
form alone makes us; context (rules.py) raises, lowers or flips it.
"""
from __future__ import annotations

import re

MACROS = {
    "<youre>": r"(?:you'?re|you are|your|ur)",
    "<im>": r"(?:i'?m|i am)",
    "<ive>": r"(?:i'?ve|i have)",
    "<youve>": r"(?:you'?ve|you have)",
    "<youd>": r"(?:you'?d|you would)",
    "<id>": r"(?:i'?d|i would)",
    "<ill>": r"(?:i'?ll|i will)",
    "<youll>": r"(?:you'?ll|you will)",
    "<its>": r"(?:it'?s|it is)",
    "<thats>": r"(?:that'?s|that is)",
    "<theres>": r"(?:there'?s|there is)",
    "<lets>": r"(?:let'?s|let us)",
    "<dont>": r"(?:don'?t|do not)",
    "<doesnt>": r"(?:doesn'?t|does not)",
    "<cant>": r"(?:can'?t|cannot|can not)",
    "<wont>": r"(?:won'?t|will not)",
    "<isnt>": r"(?:isn'?t|is not)",
    "<arent>": r"(?:aren'?t|are not)",
    "<wouldnt>": r"(?:wouldn'?t|would not)",
    "<neg>": r"(?:not|never|n'?t|no)",
    "<feel>": r"(?:feel|feeling|feels|felt)",
    "<kill>": r"(?:kill(?:ing)?|end(?:ing)? (?:your|ur) (?:own )?life|take (?:your|ur) (?:own )?life|"
              r"taking (?:your|ur) (?:own )?life|suicide|suicidal|not (?:be|being) (?:here|alive|around)|"
              r"die|dying|dead|end it(?: all)?|ending it)",
    "<hurt>": r"(?:hurt(?:ing)?|harm(?:ing)?) (?:your ?self|urself)",
    # what "you must be ..." guesses at when it guesses at an inner state ("missing him", "reeling")
    "<stateverb>": r"(?:missing|hurting|reeling|struggling|grieving|wondering|dreading|worrying|going through|"
                   r"carrying|torn|beside yourself|at the end of your tether|at your wits'? end)",
    "<feelword>": r"(?:sad|angry|mad|furious|scared|afraid|frightened|lonely|alone|hopeless|helpless|tired|"
                  r"exhausted|hurt|ashamed|guilty|stuck|lost|overwhelmed|frustrated|anxious|worried|"
                  r"nervous|empty|numb|trapped|invisible|judged|rejected|betrayed|disappointed|desperate|"
                  r"embarrassed|confused|torn|unheard|misunderstood|powerless|worn out|fed up|let down|"
                  r"sick of|done with|on edge|upset|pissed off|heartbroken|a burden|worthless|useless|terrified|"
                  r"petrified|devastated|gutted|shattered|drained|miserable|distraught|horrified|shaken|crushed|"
                  r"grieving|heartsick|livid|resentful|jealous|bitter|humiliated|panicked|panicky|dreading)",
}

_TOKEN = re.compile("|".join(re.escape(k) for k in MACROS))


def compile_pattern(p: str) -> re.Pattern[str]:
    """Expand the shorthand described in the module docstring into a regex."""
    out = []
    i = 0
    while i < len(p):
        m = _TOKEN.match(p, i)
        if m:
            out.append(MACROS[m.group(0)])
            i = m.end()
            continue
        c = p[i]
        if c == " ":
            out.append(r"[\s,]+")
        elif c == "'":
            out.append("'?")
        else:
            out.append(c)
        i += 1
    return re.compile(r"(?<![a-z'])" + "".join(out) + r"(?![a-z])")


# (family, cue name, strength, patterns)
LEXICON: list[tuple[str, str, float, list[str]]] = [
    # ---------------------------------------------------------------- attuned
    ("reflection_complex", "double_sided_reflection", 0.8, [
        r"part of you", r"on (the )?one hand", r"and (at the same time|yet) ", r"both .{0,40} and .{0,40}"
        r"(at the same time)", r"torn between", r"(a )?mix of", r"as if (you|nobody|no one|everyone)",
        r"(sounds|seems|feels) like (you'?re|you are|your) (carrying|holding|fighting|stuck|trapped|walking)",
        r"(it'?s|sounds) like (a|an) (weight|wall|fog|storm|cage|battle|mountain)",
        r"underneath (the|all|that)", r"(maybe|perhaps) what (hurts|matters|scares)",
    ]),
    # "You must be terrified": an empathic guess at what the client feels (an epistemic
    # "must", not an instruction), checked against what they said in rules.py.
    ("reflection_complex", "feeling_guess", 0.7, [
        r"you (must|might|may) (be|have been) (so |really |pretty |absolutely |completely |totally |quite |very |"
        r"just |feeling |a (bit|little) )*(<feelword>|<stateverb>)", r"you must (have )?(feel|felt|be feeling)",
    ]),
    ("reflection_simple", "reflection", 0.7, [
        r"(it )?(sounds|seems|looks) (like|as if|as though)", r"i (get|have) the (sense|feeling|impression)", r"(feels?|seems?) (\w+ )?(pointless|hopeless|unfair|useless|impossible|endless|too much|like a waste) (to|for) you", r"(nothing|not much|no one|nobody) (to show|seems|has|is|ever|really)", r"(kind of|sort of) your",
        r"(it )?(sounds|seems|looks) (like|as if|as though) (you|it|things|that|this|there|nothing|no one|nobody|"
        r"everyone|everything|being|school|home|work|life|he|she|they|your|talking|coming|being here)",
        r"(it )?sounds (really |very |so |pretty |quite )?(hard|difficult|painful|awful|exhausting|lonely|"
        r"frustrating|scary|overwhelming|tough|heavy|confusing)",
        r"so (you|<youre>|<youve>|for you|what you'?re saying|it'?s|it was|there'?s|nothing|no one|being|"
        r"right now|lately|basically|part)", r"what i'?m hearing", r"what i hear (is|you)", r"i hear (that )?you",
        r"(you'?re|you are) saying", r"if i'?m (hearing|understanding) (you )?(right|correctly)",
        r"you <feel>", r"<youre> (really |so |quite |pretty |just )?(<feelword>)",
        r"<youve> (been|had|felt|got|tried|lost|carried)", r"you (really )?(don'?t|do not|didn'?t) (want|like|know|"
        r"feel|think|see|trust|believe|care)", r"you (just )?(want|wish|need|miss|hate|love|can'?t stand)",
        r"it (feels|felt) like", r"you (were|are) (hoping|expecting|wanting)", r"you'?d (rather|prefer)",
        r"nobody (seems to |really )?(listens|gets|understands|cares|sees)",
        r"(no one|nobody|everyone) (is|has been) (on your case|telling you|listening)",
        r"<its> (been|like) (a lot|hard|too much|really)", r"that (hurt|stung|was hard|was a lot)",
        r"(this|that|it) (really )?(matters|mattered) to you", r"(you'?re|you are) (not sure|unsure|worried|"
        r"wondering|tired of|fed up|done with|sick of|angry|furious|scared)",
        r"you (came|come) here (because|since)", r"being here (wasn'?t|isn'?t|was not|is not) your",
        r"(you'?ve|you have) had enough", r"you (feel|felt) (like )?(nobody|no one|like a|that)",
    ]),
    ("validation", "validation", 0.7, [
        r"(that|it|this) (must|would) (be|feel|have been|have felt) (so |really |pretty |incredibly |very )?[a-z]+", r"(i'?d|i would|anyone would|most people would) (be|feel|get) [a-z ]{0,20}too\b", r"<its> hard to (know|trust|"
        r"talk|say|explain|put|find|be|feel|admit|ask)", r"(not|isn'?t|never) (the )?(easiest|easy)", r"<its> (okay|ok|alright|"
        r"allowed|fine) (to|if|that)", r"is (allowed|okay|ok|understandable)", r"i can (imagine|understand)", r"<im> sorry (it|that|this) (has|'?s|was|is) been", r"(that'?s|it'?s|what a) (a lot|hard|tough|rough|painful)",
        r"(that|it) makes (total |complete |a lot of |perfect )?sense", r"makes sense (that|you|given)",
        r"no wonder", r"(of course|naturally) (you|<youre>|<youd>|it)",
        r"(that|this|it) (must|would|has to|can) (be|feel|have been) (really |so |incredibly |very )?"
        r"(hard|difficult|painful|awful|exhausting|lonely|frustrating|scary|overwhelming|tough|heavy|"
        r"horrible|terrible|a lot|draining|infuriating|upsetting)",
        r"(anyone|anybody|most people|any parent) (would|in your (shoes|position|situation)|might) "
        r"(feel|be|get|react)", r"<its> (understandable|completely understandable|okay to|ok to|alright to|fine to|"
        r"natural to)", r"you have every (right|reason)", r"(your|those) (feelings|anger|frustration|worry|"
        r"fear) (are|is|make|makes) (valid|real|understandable|sense)", r"i can (see|understand|imagine) "
        r"(why|how|that)", r"(it'?s|that'?s) (a lot|so much) to (carry|deal with|hold|handle)",
        r"(you'?re|you are) not (crazy|wrong|alone|weak|stupid|overreacting) (to|for|in)",
        r"(that|what you'?re (feeling|describing)) (sounds )?(really )?(real|valid)",
        r"thank you for (telling|sharing|trusting|saying|being honest)", r"i'?m glad you (told|said|shared)",
        r"(i|we) can (hear|see) how (much|hard|upset|worried|angry|tired)",
    ]),
    ("affirmation", "affirmation", 0.7, [
        r"(that'?s|it'?s|what) a (really |very )?(brave|big|important|good|honest|courageous|wise) (thing|step|question|"
        r"decision|idea)", r"(it )?takes (something|courage|guts|strength|a lot) to", r"<its> not nothing", r"you (brought|raised) (it|this|that) up", r"you (noticed|figured|worked) (that|it|out)",
        r"(that|it) (took|takes) (a lot of )?(courage|guts|strength)", r"(you'?re|you are) (really )?(brave|strong|"
        r"resilient|honest|thoughtful|a caring|a good|clearly a)", r"i (really )?(appreciate|respect|admire) "
        r"(you|that|how|your)", r"(well done|good for you|impressive|great job|nice work)",
        r"<youve> (managed|done|kept|shown|survived|made it|coped|held|been able|worked|come)",
        r"(it )?says (a lot|something) about (you|how much)", r"you (clearly|really) (care|love|want|tried)",
        r"you (came|showed up|are here|made it here|kept coming)( today| anyway| even)",
        r"(despite|even though|even with) (all|everything|that).{0,40}(you|<youve>)", r"you didn'?t give up",
        r"(that'?s|that is) (a )?(real )?(strength|important step|big step)",
    ]),
    ("open_question", "open_question", 0.6, [
        r"(what|how) (is|was|does|did|do|are|were|has|have|would|could|might|else|about|comes|matters|makes|"
        r"happened|happens|feels|felt|went|goes|helps|helped|stands|kind|part|sense|would it|do you)",
        r"tell me (more|about|what|how|a bit|a little)", r"(can|could|would) you (tell|say|share|describe|"
        r"help me|walk me|put)( me)? (more|about|what|how|a bit|a little|through|understand|into words)",
        r"help me understand", r"say (a bit |a little |some(thing)? )?more", r"(i'?m|i am|i'?d be) (curious|"
        r"wondering|interested) (about|what|how|if|whether)", r"i wonder (what|how|if|whether)",
        r"in what (way|sense)", r"what'?s (that|it|this) (like|been like)", r"where (does|do|did) (that|it|this)",
        r"what (else|would|might|could|do you|did you|are you|were you|does|was)",
        r"how (come|so)\b", r"when you say",
    ]),
    ("autonomy", "autonomy", 0.7, [
        r"you('?d| would)? be the (judge|one to decide)", r"(you|only you) (can|get to) (say|judge|tell)",
        r"(it'?s|that'?s|that is|it is) (really )?(up to you|your (choice|call|decision|life))",
        r"you (get to|can) (decide|choose)", r"(only|just) if you (want|feel|are ready|'?re ready)",
        r"(whatever|however) you (decide|choose)", r"you (know|are the expert on) (yourself|your (own )?"
        r"(life|family|son|daughter|child))", r"you (don'?t|do not) have to (talk|tell|say|answer|decide|"
        r"share|go|do|if)", r"(in|at) your own (time|pace)", r"you'?re in (charge|control)",
        r"no (one|body) can (make|force) you", r"(you|we) (can|could) (go|take it) (at|as) (your|slow)",
        r"i'?m not (going to|gonna) (make|force|push|tell you what)", r"i won'?t (make|force|push) you",
        r"(your|the) choice (is|'s) yours", r"you can (stop|skip|pass|say no)",
        r"you decide (what|how|when|if|whether)", r"it'?s okay (not to|to not|if you don'?t) (talk|answer|say|know)",
    ]),
    ("collaboration", "collaboration", 0.7, [
        r"(we|you and i) (could|can|might) (try|look|think|figure|explore|work)", r"(and )?see what (works|fits|helps)", r"(work|think|figure|look|plan|decide|find) [^.?!]{0,25}together", r"together,? (we|you and i)",
        r"(would|is) it (be )?(ok(ay)?|alright|all right) (if|with you|to)", r"(can|could|may|shall) i (share|"
        r"suggest|offer|ask|tell you|give you)", r"(do you|would you) (mind|want me to|like me to) (if i|share|"
        r"suggest|tell)", r"(let'?s|can we|could we|shall we|maybe we (can|could)) (think|figure|work|look|"
        r"explore|find|try|decide|make sense|talk about what|see)", r"(what|where) (would|do) you "
        r"(like|want) (to )?(talk about|focus on|start|work on|get out of|from (this|today|me|us|here))",
        r"what (would|do) you (want|need|like) from (me|this|today|us|here)", r"what (matters|would help) "
        r"(most )?(to you|for you)", r"(how|what) (should|shall|could) we", r"(does|would) that (sound|feel|fit|"
        r"seem) (okay|ok|right|alright|fair|helpful)", r"what do you (make of|think about) (that|this|what i)",
        r"(you and i|the two of us|between us) (could|can|might)", r"our (goal|plan|work)",
    ]),
    ("rupture_repair", "repair", 0.8, [
        r"(you'?re|you are|youre|your) right\b", r"part of (it|that|what you (said|say)) (might|may|could)? ?(be )?(true|right|"
        r"fair)", r"(that'?s|it'?s) (hard|difficult|not easy) to hear", r"(the parts|what) <im> (missing|not getting)", r"i (don'?t|do not) know (your|what it'?s like|how it)", r"<ive> been (pushing|asking|talking|rushing|lecturing)", r"(i'?d|i would) like to (change|do (this|it) differently)",
        r"<youre> (right|correct|absolutely right)(\W|$)", r"i (may|might|must|probably|think i) (have )?"
        r"(been|pushed|moved|missed|got|gotten|misunderstood|jumped|rushed|went)", r"(i )?(pushed|moved|went|"
        r"jumped|rushed) (too )?(fast|quickly|hard|too far|ahead)", r"(that'?s|that is|that was) (on me|my "
        r"(fault|mistake|bad))", r"i (got|had) (that|it) wrong", r"i (missed|didn'?t (get|hear|understand))",
        r"(what|how) (did|have) i (do|say|get wrong|miss|not get)", r"(tell|help) me (more )?(about )?what "
        r"(i|i'?ve) (did|done|said|missed|got wrong)", r"(it'?s|that'?s) (okay|ok|alright|fine) (to|if you) "
        r"(be|are|feel|'?re) (angry|mad|annoyed|frustrated|upset|disappointed) (with|at) me",
        r"(i want|i'?d like|i'?d really like) to (hear|know|understand) (more about )?(what|how|why|it|your "
        r"frustration|what'?s not working)", r"what (isn'?t|is not|hasn'?t been|has not been|'?s not) "
        r"(working|helping|helpful)", r"i can see (how|why) (i|that|this|what i)",
        r"i'?m sorry (that )?i (interrupted|pushed|missed|didn'?t|rushed|made|got|cut)",
        r"(fair|good) (point|enough)", r"thank you for (telling me|saying) (that|this)( directly| straight)?",
        r"(you|that) (have|has|'?ve) (a )?(good )?point",
    ]),
    # Owning one's own misstep: what was said landed wrong, and the trainee says so (3RS:
    # acknowledging one's part). Said with one apology it is repair; apologies heaped on
    # apologies are placating, and "I didn't mean it like that" alone explains the
    # intention away (defending): rules.py reads those two in context.
    ("rupture_repair", "owning_misstep", 0.75, [
        r"(that|it|this|what i said|my question|the question|what i just said) (came out|sounded|came across|"
        r"was put) (as )?(all |completely |totally |really |a bit |kind of )?(wrong|badly|the wrong way|harsh|harsher|"
        r"wrongly|judgy|judgemental|judgmental|cold|dismissive|blaming|(a lot |much )?(worse|harsher|colder) than)",
        r"i (put|said|phrased|worded|asked|explained|handled) (that|it|this) (really |so |very )?(badly|wrong|wrongly|"
        r"poorly|clumsily|the wrong way|insensitively)", r"(that|it) was (clumsy|careless|insensitive|thoughtless|"
        r"tactless|unfair|not fair|not okay|not ok|not helpful|unhelpful) of me",
        r"let me (try|put|say|ask) (that|it|this) (again|differently|another way|better)", r"let me (rephrase|"
        r"try again|start again|start over)", r"(that was|i was) (out of line|out of order|wrong to)",
    ]),
    ("meta_communication", "meta_communication", 0.8, [
        r"(been|asking) (a lot|loads|lots) of questions", r"<im> (asking|talking) (a lot|loads|too much|lots)", r"(how|the way) (we'?re|we are|i'?m|i am) (talking|doing this|working|going about)", r"something about (how|the way) "
        r"(we|i)",
        r"(what'?s|what is) (happening|going on) (between us|here|right now|in here|in this room)",
        r"i (notice|'?m noticing|am noticing|noticed|sense|'?m sensing)", r"between (us|you and me|the two of us)",
        r"(in|here in) this room", r"how (is|'?s) (it|this) (for you )?(to|being|talking) (talk|here|with me|"
        r"to me)", r"how (it|this) (feels|is) (for you )?(to|being) (talk|here|with me)",
        r"(talk|talking) (with|to) me (feels|is|right now)", r"(step|stepping) back (for a moment|a moment|"
        r"for a second)?", r"(we|i) (seem to|keep) (be )?(going|getting) (around|stuck|nowhere|in circles)",
        r"it feels like (we|i)", r"(right now|in this moment) (it seems|i|you seem)",
    ]),
    ("suicide_inquiry", "ask_active_thoughts", 0.85, [
        r"(thinking|thought|thoughts|think) (about|of) (<kill>|killing yourself|suicide)",
        r"(are|have|were) you (been )?(feeling |having )?(suicidal|thoughts of suicide|thinking about suicide)",
        r"(do|did|have) you (ever )?(think|thought) (about )?(<kill>|that you'?d be better off dead)",
        r"(want|wanting|wish|wished|wishing) to (<kill>|not wake up|not be here)",
        r"<kill> (yourself|your life)", r"when you say .{0,40}(better off|not be here|disappear|end it)",
        r"(do|are) you (mean|saying) .{0,30}(<kill>|suicide|end your life|not want to live|not be alive)",
        r"(thoughts|thinking) of (ending|taking) your (own )?life",
    ]),
    ("suicide_inquiry", "ask_wish_dead", 0.8, [
        r"wish(ed|ing)? (you were|you'?d|to be|that you were) (dead|not (alive|here|around))",
        r"(go to sleep|fall asleep) and not wake up", r"better off dead",
        r"(wish|wished|wishing) you (could|would) (just )?(disappear|not wake up|not exist|die)",
    ]),
    ("suicide_inquiry", "ask_method", 0.85, [
        r"(thought|think|thinking) about how(\s*[?.!]*$| (you (would|might|could)|you'?d) (do it|end|kill|take))",
        r"how (you )?(would|might|could) (you )?(do it|end it|kill|take your)", r"(a|any) (way|method|means) "
        r"(to|of|you'?d|you would|in mind)", r"(have|do) you (got |have )?(access to |got )?(pills|medication|"
        r"tablets|a gun|a weapon|a rope|means)", r"(pills|medication|tablets|a gun|weapons?) (at|in) (home|"
        r"the house|your (house|flat|apartment))", r"what (would|might) you (use|do)",
    ]),
    ("suicide_inquiry", "ask_intent", 0.85, [
        r"(intend|intention|intent|mean|meaning|planning|going) to (act|do it|go through|follow through|"
        r"act on)", r"act(ing)? on (these|those|the|them|it|that|this)", r"(intention|intent|intend|intending) "
        r"(of|on|to) (act|acting|do|doing|go|going|follow|following|end|ending|kill|killing|take|taking)",
        r"(would|will|could|might) you (actually |really |ever )?(do it|go through with|act on|follow through)",
        r"(how|what) (likely|close|near) (are you|is it|do you think).{0,30}(do|act|follow|go through|end)",
        r"(part of you|do you) (wants?|want) to (act|do it|go through)", r"how (likely|close|strong).{0,30}(act|do it|"
        r"go through|follow through)", r"(do|would) you think you (would|might|will) (do it|act|go through)",
    ]),
    ("suicide_inquiry", "ask_plan", 0.9, [
        r"(a|any|the|made a|make a|have a|got a) plan(?!s? (with me|together|for (keeping|staying|your safety|"
        r"safety|this|the|next|today|tonight|tomorrow|work|school|your (job|week|day))|to (keep|stay|get) "
        r"(you |yourself )?(safe|through)|b\b))", r"plan(ned|ning)? (to|how|when|where)(?! (look|apply|find|get "
        r"(a|back|out|up)|start|go (back|out|to (the|work|school))|see|call|meet|visit|keep (you|yourself) safe))",
        r"(worked out|figured out|decided) (how|when|where)", r"(a|any) (date|time|day) in mind",
        r"when (would|might|were) you (planning|going|thinking)",
    ]),
    ("suicide_inquiry", "ask_preparation", 0.9, [
        r"(done|did|taken|made|started) (anything|any steps|something|any preparations?) (to )?(prepare|get ready|"
        r"towards|toward)", r"(prepare|prepared|preparing|preparations) (for|to)", r"(collected|saved|stored|"
        r"gathered|bought|got hold of) (up )?(pills|tablets|medication|anything)", r"(written|wrote) (a )?"
        r"(note|letter|goodbye)", r"(given|giving) (away|things away)", r"(rehearsed|practised|practiced) (it|ending|how|what)",
        r"(ever )?(tried|attempted) (it )?(before|to (kill|end|take)|suicide)", r"(a|any) (previous |past )?"
        r"(attempt|attempts)",
    ]),
    ("means_safety", "means_safety", 0.85, [
        r"(pills|medication|tablets|medicine|gun|weapon|rope|knife|knives|means).{0,50}(somewhere safe|safe "
        r"place|locked|lock (them|it) (up|away)|away from|out of the house|someone else|hold on to|keep (them|it)"
        r"|get rid|remove|hand (them|it) in)", r"(make|making) (your )?(home|house|flat|place|things) (a bit )?"
        r"safer", r"(who|someone) (could|can|might) (keep|hold|look after|store) (them|it|the)",
        r"(lock|put) (them|it|the (pills|medication|tablets)) (away|up|somewhere)", r"limit (your )?access",
        r"(access|get to) (the )?(pills|medication|means|weapons?) (when|if|during)",
    ]),
    ("reasons_for_living", "reasons_for_living", 0.85, [
        r"what (has )?(kept|keeps|is keeping|stopped|stops|held|holds) you (going|alive|here|back|from)",
        r"reasons? (to|for) (live|living|stay|staying|keep going|hold on)", r"what (helps|has helped) you "
        r"(hold on|keep going|get through|stay)", r"part of you (that )?(wants|want) to (live|stay|keep going|"
        r"be here)", r"(what|who) (matters|means something) (to you )?(enough|still)",
        r"what (made|makes) you (come|hold on|stay|reach out)", r"(still|a part) (want|wants) to live",
    ]),
    ("safety_planning", "safety_planning", 0.85, [
        r"safety plan", r"(who|someone) (could|can|would) you (call|reach|contact|text|talk to|turn to)",
        r"if (the |these |those )?(thoughts|urges|feelings) (get|come back|become|return|are|get any) "
        r"(stronger|worse|back|stronger)", r"warning signs?", r"crisis (line|team|number|service)",
        r"(call|ring|contact|text) (me|us|the clinic|a crisis|the crisis|emergency|112|113|911|999|988|116)",
        r"what (could|can|might) you do (if|when|next time|to keep)", r"(get|getting) through (the |tonight|"
        r"the night|the next|this week)", r"(plan|steps) (for|to keep you) (staying )?safe",
        r"keep (yourself|you) safe", r"(make|write|put together) (a|that) plan (together|for)",
    ]),
    ("structuring", "structuring", 0.75, [
        r"(let'?s|can we|could we|we could|i'?d like (us )?to) (take (it )?in )?turns",
        r"one (person |at a time|thing at a time)", r"(i'?d like|i want|i'?m going) to (hear|make sure) "
        r"(from )?(each|both|everyone|jonas|him|you both)", r"(make sure|so that) (everyone|both of you|each of "
        r"you|you both|jonas) (gets|get|has|have) (a )?(chance|space|turn)", r"(we have|there'?s) (about )?"
        r"(\d+|ten|fifteen|twenty|thirty|forty|forty five) minutes", r"(let'?s|can we|could we) (agree|start|"
        r"focus|come back|set|put|park|pause here|look at one)", r"(first|before we) .{0,30}(then|and then|after "
        r"that) (we|i|let'?s)", r"(for|in) (the rest of )?(this|today'?s) (session|hour|meeting)",
        r"(what would|what do) (you both|the two of you|each of you|all of you) (want|hope|need)",
        r"(i'?ll|let me) (pause|stop) (us|you) (here|there|for a moment)",
    ]),
    ("slowing_down", "slowing_down", 0.75, [
        r"slow (us|things|this|it|everything|the pace)( down)?", r"(a|one) (breath|moment) together",
        r"(slow|slowing) (down|this down|things down|it down)", r"take (a|a deep|a few|some) (breath|breaths|"
        r"moment|minute|second)", r"(let'?s|can we|we can) (pause|breathe|take a (breath|moment))",
        r"(no|there'?s no) (rush|hurry)", r"take (your|all the) time", r"(one|a) (step|thing) at a time",
        r"(we|you) (don'?t|do not) (have to|need to) (solve|fix|figure|sort|decide) (this|it|everything|"
        r"all of it)( right now| today| now)?", r"(we|you) have time", r"(just )?(stay|be) with (this|it) "
        r"(for a moment|a moment)",
    ]),
    # ---------------------------------------------------------------- misattuned
    ("advice", "advice", 0.8, [
        r"what you'?re (going|gonna) to do is", r"(isn'?t|is not|not) (very )?healthy", r"you need (fresh air|more|some|to get)", r"(just )?tell (her|him|them|your \w+) (straight|how you feel|the truth)", r"(i can|i'?ll) send you", r"(have you|did you) (try|tried) (maybe )?\w+ing",
        r"you (really |just |definitely |probably |seriously )?(should|ought to|need to|must|gotta|got to|"
        r"have got to)(?! (feel|be feeling|be (so |really )?(tired|exhausted|sick|fed up|worried|scared|angry)|dread|"
        r"hate|miss|wonder|have (felt|been))|(?<=must) be (so |really |pretty |absolutely |completely |totally |"
        r"quite |very |just |feeling |a (bit|little) )*(<feelword>|<stateverb>))", r"have you (ever )?(tried|thought about|considered) (going|"
        r"talking|getting|doing|taking|trying|using|making|writing|exercis|joining|being|asking|setting|"
        r"cutting|reading|meditat|yoga|running|\w+ing)", r"why (don'?t|dont|do not|not) you (just )?(?!feel|"
        r"think you|want)", r"(what|the thing) you (need|should|have) to do", r"(i'?d|i would|i) (strongly )?"
        r"(recommend|suggest|advise)", r"my advice", r"if i were you", r"(it|this) (might|would|could|will) "
        r"(really )?help (to|if you)", r"(the best|one) thing (to do |you can do |that (works|helps) )?(is|would "
        r"be)", r"(try|trying) (to |and |doing |going |getting |talking |writing |taking |some |a |out |"
        r"exercising|meditating|going)", r"you (could|can|might) (just |always |also |maybe )?(try|go|talk|"
        r"start|join|get|take|put|set|call|write|make|stop|ask|tell|spend)", r"make sure (you|to)",
        r"how about (you|trying|going|doing)", r"(just|simply) (go|get|try|stop|ignore|talk to|put|leave|walk)",
        r"(it'?s|is) (best|important|better) (to|that you|if you)", r"(go|get) (to bed|some sleep|outside|"
        r"some exercise|a hobby)", r"(a good|one) (idea|tip|trick|strategy) (is|would be|might be)",
        r"what (works|worked|helps|helped) for (a lot of|many|most) (people|parents|teens|my clients)",
        r"(you|he|she) (needs|need) (firmer|clearer|more|stricter|some) (rules|boundaries|discipline|structure)",
        r"(take|confiscate|turn off) (his|her) (phone|computer|games|screen)",
    ]),
    ("lecturing", "lecturing", 0.75, [
        r"(research|studies|the evidence|science|experts|the literature) (shows?|says?|suggests?|has shown|have "
        r"shown|tells us)", r"(it'?s|it is) (well )?(known|established|proven)", r"(the )?(brain|nervous system|"
        r"amygdala|prefrontal|cortisol|serotonin|dopamine|hormones?|fight or flight|fight-or-flight)",
        r"(teenagers|adolescents|teens|kids|young people|children|depressed people|people with depression) "
        r"(typically|often|usually|tend to|are known|need|go through)", r"what (happens|is happening) (is|in "
        r"your (brain|body))\b", r"(depression|anxiety|anger|trauma|grief|suicidality) is (a|an|the|basically|actually|"
        r"really|just|very common)", r"(the|a) (cycle|model|theory|stages?) of", r"(let me|i'?ll|i want to) "
        r"(explain|tell you about|teach you|educate)", r"psycho ?education", r"(it'?s|it is) (very |really |"
        r"quite )?(common|normal|typical) (for|in|among) (people|teens|teenagers|parents|adolescents|kids)",
        r"(cognitive|behavioural|behavioral|cbt|dbt|mindfulness) (therapy|model|approach|skills?) (shows|is|"
        r"teaches|works)", r"(statistically|on average|in general,? people)",
    ]),
    ("persuading", "persuading", 0.75, [
        r"(just|only|really) wants? (what'?s|the) best", r"(maybe|perhaps) (she|he|they|your \w+) (has|have|'?s got|got) a "
        r"point", r"are you (really|honestly) (trying|doing)", r"if (everything|it|things) (was|were) (fine|okay|ok)", r"(might|may) as well make the (most|best)", r"<im> not your (last|old|previous)", r"(you might be|you'?re) "
        r"projecting", r"(it'?s|that'?s) actually (a )?(very |really )?(important|relevant|useful)",
        r"(yes,? but|yeah,? but) (you|it|that|this|i)", r"but (don'?t you|can'?t you|surely|think about|"
        r"what about|if you (just|only|tried))",
        r"(don'?t|can'?t) you (see|understand|realise|realize|agree)", r"<youre> (wrong|overreacting|"
        r"exaggerating|being unreasonable|not seeing|missing the point)", r"<thats> (not|simply not|just not) "
        r"(true|right|how it works|the case|what happened|fair to)", r"i (just )?(disagree|don'?t agree|don'?t "
        r"think that'?s (true|right|fair))", r"(the )?(fact|truth|reality) is", r"you (have|got) to (admit|"
        r"agree|see|accept)", r"(surely|obviously|clearly) (you|that|it|this)", r"(come on|look),? (it|you|"
        r"that|this)", r"actually,? (it|that|you|therapy|this|things|i)", r"(let me|i'?ll) (prove|show) (you|it)",
        r"(therapy|this|it) (does|can|will|really does) (work|help)", r"(give|giving) (it|therapy|this|me) a "
        r"(chance|try)", r"(think|imagine) (about )?how (much|good|great|nice) (it|things|life)",
        r"you'?ll (see|thank me)", r"(if|when) you (just|only) (tried|gave|did|listened)",
    ]),
    ("defending", "defending", 0.85, [
        r"my (age|experience|qualifications|background) (isn'?t|is not|doesn'?t|does not|has nothing)", r"<im> nodding because", r"(that'?s|it'?s) what (therapists|we|i) do", r"i have a (degree|phd|doctorate|license|licence)", r"i was "
        r"(listening|paying attention)", r"(we|i) use (a|an) (completely |totally )?(different |proper )?evidence", r"<im> (\d+|thirty|forty|twenty|fifty)[a-z -]*(years old|and|,)", r"(how old i am|my age) (has|is) (nothing|irrelevant|"
        r"not)",
        r"<ive> been (doing this|a (therapist|psychologist|counsellor|counselor)|practi[cs]ing|working|"
        r"trained)", r"<im> (a )?(qualified|trained|experienced|licensed|professional|certified|an expert)",
        r"my (training|degree|credentials|qualifications|experience|education|license|years)",
        r"(years|decades) of (experience|training|practice)", r"<thats> (not|un) ?fair", r"(you'?re|you are) "
        r"not being (fair|reasonable)", r"<im> (just |only )?(trying|here) to help", r"<im> doing my (best|job)",
        r"i (never|didn'?t|did not) (said|say|mean|do) (that|it|anything)", r"i know what <im> doing",
        r"(that|it) (isn'?t|is not|wasn'?t|was not) (what i (said|meant)|my fault)", r"(that|it) (isn'?t|is not|wasn'?t|was not|'?s not) (how|what) i (meant|intended)",
        r"<im> sorry you feel (that way|like that)", r"(you|don'?t) (have to|need to) (be|get) (rude|nasty|"
        r"personal|so aggressive)", r"(age|how old i am) (has|doesn'?t have) nothing",
        r"(with all due respect|in my defen[cs]e|to be fair to me)", r"i (do|did) (listen|understand|care)",
    ]),
    # Supplying or interpreting a feeling the client has not expressed, as a fact about
    # them: the client can only agree or argue. rules.py lets a tentative guess stand as a
    # complex reflection and reads it as defending in a heated complaint.
    ("interpreting", "interpreting", 0.8, [
        r"what (you'?re|you are|your) (really|actually|truly) (feeling|experiencing|going through|grieving)",
        r"what you (really|actually|truly) (feel|felt) (is|was|about)",
        r"deep down,? (inside,? )?(you|<youre>|<youve>)", r"(the|your) real (feelings?|emotions?)\b[^.?!]{0,30}?"
        r"\b(is|are|was)", r"(is|are|'?s|was) (really|actually|clearly|obviously|just|simply) "
        r"(your |unresolved |unprocessed |suppressed |repressed |buried )?(grief|sadness|sorrow|anger|rage|fear|"
        r"shame|guilt|loneliness|resentment|depression|anxiety|trauma|jealousy)\b(?! (is|are|can|might|may|"
        r"would|could))", r"<youre> (secretly|really just|actually just|just really) (feeling )?<feelword>",
        r"(even if|even though|whether or not) you (don'?t|can'?t|won'?t|do not|cannot) (see|feel|admit|realise|"
        r"realize|know|say) (it|that)", r"<youre> (in|still in) denial", r"(classic|textbook|typical) (grief|"
        r"depression|denial|avoidance|repression|projection|anxiety|trauma)",
        r"(you|your body|your (chest|heart|stomach|head)) (is|are) (telling you|showing) (that )?(you'?re|you are)",
    ]),
    ("moralising", "moralising", 0.8, [
        r"(that'?s|that is|that was|you'?re being) (a bit |quite |really |very )?(rude|disrespectful|inappropriate|"
        r"uncalled for)", r"keep (it|things|this) (polite|respectful|civil)", r"(don'?t|do not) take that tone",
        r"watch (your|that) (tone|language|mouth)", r"(don'?t|do not) (speak|talk) to me (like that|that way)", r"no need to (raise|shout|swear|be (rude|like that|so (rude|aggressive|dramatic)))", r"(don'?t|do not) (say|talk|speak) (things )?like that", r"(not|isn'?t|un)(fair|okay|ok|right) (to|on) (talk|speak|"
        r"say|your|him|her)", r"(can'?t|cannot|shouldn'?t) (talk|speak) about (your|him|her|\w+) .{0,25}like that",
        r"you (shouldn'?t|should not|mustn'?t|must not) (feel|think|say|talk|be) (like that|that way|that|so)",
        r"<thats> (a )?(wrong|selfish|terrible|not okay|not ok|not nice|not right|sinful|immoral|cowardly)",
        r"(think|thinking) (about|of) (what it would do to |how )?(your|the) (family|kids|children|mother|mom|"
        r"mum|parents|wife|husband|partner|son|daughter|sister|brother|friends|dad|father|girlfriend|boyfriend|"
        r"loved ones|people who love you)", r"(how|what) (would|will|could|might) (your|the) (family|kids|mother|"
        r"mum|mom|parents|children|son|daughter|sister|brother|friends|dad|father|partner|wife|husband) (feel|do|"
        r"say|think|go through)", r"how (could|would|can) you do (that|this) to (your|them|her|him)", r"(it'?s|suicide is|that is) (a )?"
        r"(sin|selfish|a permanent solution|the coward)", r"you (ought to|should) be (grateful|ashamed|thankful)",
        r"(a good|good) (parents?|mothers?|fathers?|sons?|daughters?) (don'?t|do not|wouldn'?t|would not|"
        r"should)", r"<youre> (lucky|so lucky|fortunate)", r"(other|some) people have it (much |way )?worse",
        r"(that'?s|it'?s) no way to (talk|speak|behave)", r"(you|we) (don'?t|do not) (talk|speak) (like that|"
        r"about (your|people) like that)",
    ]),
    ("minimising", "minimising", 0.85, [
        r"(aren'?t|are not|isn'?t|is not|not) worth it", r"you'?ll (make|find|have) (much |way )?better", r"<im> sure "
        r"(they|she|he|it|your \w+) (listen|care|love|mean|will|would|does|do)", r"(parents|people|teachers) are "
        r"(just )?busy", r"(don'?t|do not) beat yourself up", r"(you'?re|you are) a (good|great|loving) (dad|mum|"
        r"mom|mother|father|parent|person)",
        r"<its> (really |honestly |probably |actually |just |truly )?not (that|so|really that|as|all that) bad",
        r"(it|this|that|things|they) (really |honestly |probably |actually )?(isn'?t|aren'?t|is not|are not) "
        r"(really )?(that|so|as|all that) bad", r"not (nearly |half )?as bad as (it|you|they|things|that) "
        r"(seems?|looks?|feels?|sounds?|think|thought|imagine|fear)", r"nowhere near as bad", r"(everyone|everybody|all (teens|teenagers|parents|of us)) "
        r"(feels?|goes through|gets|has|is) (like that|that way|this|sad|down|low|that sometimes|sometimes)",
        r"<youll> (be )?(fine|okay|ok|alright|all right|get through|feel better|get over)",
        r"(it|things|life|everything) (will|'?ll|is going to|gonna) (get|be) (better|fine|okay|ok|alright)",
        r"<dont> worry", r"you have (so much|a lot|everything|your whole life) (to live for|ahead)",
        r"(cheer up|chin up|look on the bright side|stay positive|think positive)", r"at least (you|it|he|she|"
        r"there)", r"(it|things) could be worse", r"(just )?(a phase|a bad day|hormones|teenage stuff|growing "
        r"pains)", r"<im> sure (it'?s nothing|you (don'?t|won'?t)|you'?ll|he'?ll|she'?ll|it'?ll)",
        r"no big deal", r"(you'?re|you are) (too )?young (to|for)", r"(snap|get) out of it", r"(it'?s|that'?s) "
        r"(just|only) (a|the)", r"you (don'?t|do not) (really )?mean (that|it)", r"<youre> (not|not really) "
        r"(going to|gonna) (do anything|kill)", r"(plenty of|lots of) people (love|care)",
        r"(you|he|she) (will|'?ll) grow out of",
    ]),
    ("blaming", "blaming", 0.85, [
        r"why (on earth |the hell )?would you (do|say|think) (that|this|such)", r"you shouldn'?t have (done|said|written|gone)",
        r"(to be fair,? )?you (haven'?t|have not|didn'?t|did not|never) (done|do|did|tried|try|bothered)", r"(maybe|perhaps) "
        r"the problem (isn'?t|is not|is)", r"(shouting|yelling|screaming) (at him|at her|at them|like that)", r"(you'?re|you are) (definitely|really) (are|being)?", r"you (definitely|really) are",
        r"(it'?s|that'?s) (all )?your (own )?fault", r"what did you expect", r"you (brought|did) (this|it) "
        r"(on|to) yourself", r"<youre> (being )?(so )?(lazy|dramatic|difficult|childish|ridiculous|"
        r"unreasonable|selfish|manipulative|impossible|too sensitive|oversensitive|hysterical)",
        r"(if|had) you (had |'?d )?(just )?(listened|tried|done|worked|made an effort)", r"(shame on|be "
        r"ashamed of) (you|your)", r"you (always|never) (do|make|blame|complain|listen|try)",
        r"(maybe|perhaps) (you|it'?s you|you'?re) (are )?(the (problem|reason))", r"(part of|the) problem is "
        r"(you|your)", r"(you|you'?re|your) (are )?(making|made) (it|this|things|him|her) worse",
        r"(your|you) (parenting|yelling|screaming|shouting) (is|caused|causes|makes)",
    ]),
    ("pressure", "pressure", 0.8, [
        r"(shrugging|silence|that|nodding) (isn'?t|is not) (really )?an answer", r"use (your )?words", r"i need (an|a "
        r"real|some) answer",
        r"(come on|c'?mon),? (just )?(tell|say|answer|talk|give|you)", r"(you|we) (need|have) to (talk|tell me|"
        r"answer|open up|try harder|engage|cooperate|participate|work with me|say something)",
        r"i (need|want) you to (talk|tell|answer|open up|say|try|engage|look at me|be honest)",
        r"answer (the|my) question", r"(we'?re|we are) not (going to|gonna) get anywhere (if|unless|like this)",
        r"you (have|need) to give me (something|more)", r"(why|how come) (won'?t|don'?t|can'?t|aren'?t) you "
        r"(talk|say|answer|tell|speak|open up|look)", r"i can'?t help you (if|unless) you", r"(just|please) "
        r"(say|tell me|answer) (something|anything)", r"(you'?ve|you have) (got|been) (to|here) for (ages|"
        r"weeks)", r"(hurry|quickly|faster|be quick)", r"(are you|you) (even )?listening( to me)?",
        r"^\W*(just |please |come on,? )?say something", r"(i'?m|we'?re) (waiting|still waiting)", r"look at me when",
    ]),
    ("controlling", "controlling", 0.85, [
        r"you (have|need) to stay", r"(we )?(still )?have (\w+ )?(minutes|time) left", r"(go|goes|put it) in (your|the) "
        r"(notes|file|record)",
        r"if you (don'?t|won'?t|do not|will not|keep|refuse).{0,40}(i'?ll|i will|i'?m going to|i have to|"
        r"we'?ll|we will|we have to|then)", r"<ill> have to (call|tell|report|inform|contact|admit|notify)",
        r"(i'?m|i am) (going to|gonna) (call|tell|report|ring|inform) (your|the|child|social|the police|"
        r"someone|an ambulance)", r"you (will|are going to|'?re going to) (do|have to) (what|as|exactly)",
        r"<im> the one who (decides|makes)", r"(you don'?t|you have no) (have a )?choice", r"(that'?s|this "
        r"is) (the|my) rule", r"(admit|admitted|section|sectioned|committed|hospitali[sz]ed|locked up) "
        r"(you|right now|today|immediately)", r"(you'?ll|you will) (have to )?(be|go) (admitted|to hospital|"
        r"to the hospital|to the ward)", r"(i|we) (must|have to) (admit|hospitali[sz]e|call (the )?(police|"
        r"ambulance))", r"(child protection|child services|social services|cps|barnevernet)",
        r"(sit down|calm down|stop (shouting|yelling|it)|lower your voice)(?! together)", r"(do as|do what) i say",
    ]),
    ("changing_subject", "changing_subject", 0.75, [
        r"(let'?s|lets) (just )?move on", r"do you have any (pets|hobbies|siblings)",
        r"(anyway|anyways|moving on|on another note|by the way|speaking of|changing the subject)",
        r"(let'?s|can we|we should|why don'?t we) (move on|talk about something|change the subject|get back "
        r"to|focus on something|leave that|not (talk|go) (about|there)|talk about (school|work|your hobbies|"
        r"something (else|more positive|nicer|lighter)))", r"enough (about|of) (that|this)",
        r"(how|what) about (your|the) (weekend|holidays?|hobbies|football|sports|plans for|summer|weather)",
        r"(did you see|have you seen|do you like) (the|any|that) (game|match|movie|show|film|weather)",
        r"(something|things) (more )?(positive|cheerful|happier|lighter)", r"(let'?s|we can) (come back to|"
        r"leave|park) (that|this|it) (for )?(later|another time|next time)",
    ]),
    ("euphemistic_suicide_question", "euphemistic_suicide_question", 0.9, [
        r"(anything|something) (stupid|silly|drastic|rash|dumb|foolish)", r"<youre> not (going to|gonna|"
        r"thinking (of|about)|planning (to|on)) (do|hurt|harm|kill|end|doing|hurting|harming|killing|ending)",
        r"you (wouldn'?t|would never|won'?t) (do|hurt|harm|kill|end|try)", r"<youre> not (suicidal|thinking of "
        r"suicide)", r"(no|not having|not got|you don'?t have) (any )?(dark|bad|silly) thoughts",
        r"(no|not any) thoughts (of|about) (harming|hurting|suicide|ending)", r"<youre> (safe|okay|ok|fine),? "
        r"(right|aren'?t you|yeah|though)\??", r"(end|ending) it all,? (are|would) you",
        r"you (don'?t|do not) (really )?want to (die|hurt yourself|kill yourself),? (do you|right)",
        r"(nothing|not) (like )?that,? (right|is it|i hope)", r"(harm|hurt) yourself or anything",
    ]),
    ("checklist_mode", "checklist_mode", 0.85, [
        r"(i|we) (need|have|'?ve got|got) to (ask|go through|complete|fill (in|out)|do) (you )?(some|a few|"
        r"these|the|a couple of|my|our) (standard |routine |required |mandatory |set )?(questions|form|"
        r"checklist|assessment|screening|items)", r"on a scale (of|from)", r"(next|first|last|following) "
        r"(question|item)", r"(question|item) (number )?(\d+|one|two|three|four|five|six)", r"for (the|my|our) "
        r"(form|records|paperwork|file|documentation|system)", r"(standard|routine|mandatory) (procedure|"
        r"protocol|questions?)", r"tick (the|a|this|that) box", r"(protocol|procedure) (says|requires)",
        r"(yes or no|just yes or no)", r"i (just )?have to (ask|check) (this|these|everyone)",
        r"(score|rate) (it|that|yourself) (from|on|out of)",
    ]),
    ("taking_sides", "taking_sides", 0.85, [
        r"(she|he|they)'?s got a point", r"listen(ing)? to your (mum|mom|mother|dad|father|parents)",
        r"your (husband|wife|partner|ex|ex-husband|ex-wife|mother|father|mum|mom|dad) (is|'?s) (right|wrong|"
        r"being (unreasonable|difficult|too soft|too strict))", r"i (agree|'?m with you|side) with (you|your "
        r"(husband|wife|partner|ex)|him|her) (that|about|on|,|here)", r"<youre> (completely |absolutely |"
        r"totally )?right (about )?(him|her|jonas|that he|that she|he|she)",
        r"(he|she|jonas|your son|your daughter) (is|'?s) (being )?(lazy|manipulative|lying|a liar|impossible|"
        r"out of control|spoiled|a brat|difficult|disrespectful|ungrateful)", r"(he|jonas|your son|she) (needs|"
        r"has) to (listen|respect|obey|do what) (to )?(you|his mother|his mum|her mother)",
        r"(he|jonas|your son|she) (should|must) (be )?(punished|grounded|ashamed)",
        r"(your )?(husband|dad|father|ex) (clearly |obviously )?(doesn'?t|does not) (care|understand|help)",
    ]),
    ("placating", "placating", 0.8, [
        r"(<im>|i'?m) (so|really|very|terribly|truly|deeply|extremely) sorry", r"sorry,? sorry",
        r"(i apologi[sz]e|<im> sorry).{0,60}(i apologi[sz]e|<im> sorry|sorry)", r"(please|pls) (don'?t|do "
        r"not) (be|get) (angry|mad|upset|cross)", r"<ill> do (whatever|anything) you (want|need|say|like)",
        r"<im> (a )?(terrible|useless|bad|awful|hopeless) (therapist|at this|person)",
        r"(you'?re|you are) (absolutely|totally|completely|so) right,? (i'?m|im|i am|sorry|i should|i was)",
        r"(whatever|anything) you (want|say)", r"i (feel|'?m) (so )?(bad|awful|terrible) (about|that)",
        r"(forgive|excuse) me", r"i didn'?t mean to (upset|offend|anger)",
    ]),
    ("disengaging", "disengaging", 0.8, [
        r"(you'?re|you are) free to (find|leave|go|see)", r"(find|see) (another|a different) (therapist|counsellor|"
        r"psychologist)", r"(we|you) (might|may) as well (stop|end|leave|go)", r"(we'?ll|we will|let'?s) (just )?leave it "
        r"(then|there)(?! for (today|this week|the day|this session|now))",
        r"(i|we) (can'?t|cannot) (help you|do anything|force you|make you|help if)", r"if you (don'?t|do not) "
        r"want (to be here|help|to talk|to try|to do this).{0,30}(then|there'?s|i can'?t|we can|fine|leave|"
        r"go)", r"(maybe|perhaps) (this|therapy|counselling|counseling|i) (isn'?t|is not|'?s not|am not) "
        r"(for you|right for you|the right|working)", r"(we|you) (can|could|might as well) (just )?(end|stop|"
        r"finish|leave) (here|early|now|the session|today)", r"(^|\W)(whatever|fine)[.!]*\s*$", r"i give up",
        r"^\W*(there'?s|there is) (no point|nothing (more )?i can)", r"(if you (want|wanna)|up to you if you "
        r"(want|wanna)) (waste|to waste)", r"(not|isn'?t) my (problem|job)", r"(suit|please) yourself",
        r"(have it|do it) your way", r"i (don'?t|do not) know what (else )?(to|i can) (do|say)( with you)?",
        r"(see you|we'?ll see) next (week|time)",
    ]),
    ("self_focus", "self_focus", 0.75, [
        r"my (eldest|youngest|oldest|kid|boy|girl|own)", r"(it )?(really )?works for me", r"when i (can'?t|cannot|feel|get) "
        r"\w+,? i",
        r"when i was (your age|a (teen|teenager|kid|student|young))", r"i (also|too) (have|had|went|struggled|"
        r"felt|lost|was)", r"my (own )?(son|daughter|kids|children|mother|mum|mom|father|dad|husband|wife|"
        r"divorce|experience|brother|sister|family|teenager|childhood)", r"(that|this) (reminds me|happened to "
        r"me|is like my)", r"i know exactly (how|what) you", r"(let me tell you|i'?ll tell you) (about )?(my|a "
        r"story|when i)", r"i (had|have) a (client|friend|patient) (who|that)", r"(same|me) (thing )?happened "
        r"to me", r"<ive> been there", r"<im> (the )?same", r"i (used to|once) (be|feel|think|do|have)",
    ]),
    ("interrupting", "interrupting", 0.7, [
        r"(sorry,? )?(let me|can i|i need to|i have to|i'?m going to|i'?ll) (stop|interrupt|cut) you",
        r"(hold on|hang on|wait),? (let me|i|a second|a minute|wait)", r"wait,? wait", r"(let me|i need to) "
        r"(just )?(jump|cut) in", r"^\W*stop\b(?! (there|here) for (today|now|this week))",
        r"stop (right )?there(?! for (today|now|this week)|,? (it'?s|that'?s) (time|all))",
    ]),
    # ---------------------------------------------------------------- neutral
    # Ending on time and booking the next session: the frame, neither attuned nor not.
    # rules.py leaves it to the whole-turn reader when the client is mid-disclosure.
    ("small_talk", "session_time", 0.5, [
        r"(stop|finish|end|wrap (it |things )?up|leave it|pause|close) ((it|things|us) )?(there |here |now )?for "
        r"(today|this week|the day|this session|this time)", r"(that'?s|that is) (all )?(our|the) time",
        r"we'?re (at|out of|almost out of|nearly out of|running out of|running short of|short of) time",
        r"(our|the) time (is|'?s) (up|nearly up|almost up|over)", r"we'?ve (run|gone) (out of|over) time",
        r"we'?re at the (hour|end of (our|the) (time|session|hour))", r"same time next (week|time|\w+day)",
        r"thank(s| you)( both| all| everyone)? for (coming|today)( in| today)?",
    ]),
    ("small_talk", "small_talk", 0.5, [
        r"^\W*(hi|hello|hey|good (morning|afternoon|evening)|welcome|nice to meet you|thanks for coming|"
        r"how are you( doing| today)?|how'?s it going|come in|have a seat|take a seat)\b",
        r"^\W*(mm+ ?hm+|uh ?huh|okay|ok|right|yeah|yes|i see|sure|alright|hm+)\W*$",
    ]),
]


def compiled() -> list[tuple[str, str, float, list[re.Pattern[str]]]]:
    return [(fam, name, s, [compile_pattern(p) for p in pats]) for fam, name, s, pats in LEXICON]
