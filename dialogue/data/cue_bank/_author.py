"""Authored lines of the labelled cue bank; run once to (re)write train/dev/test.jsonl.

Every trainee line below is written out literally: there is no templating that multiplies
one sentence, because a bank of generated variants would measure the generator, not the
detector. Lines are grouped in *writing batches*; a batch belongs to one split as a whole,
so paraphrases of the same underlying line never straddle train and test.

Usage (from the repository root):
    .venv/bin/python dialogue/data/cue_bank/_author.py          # write the splits and print counts
    .venv/bin/python dialogue/data/cue_bank/_author.py --check  # validate the files already there
"""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from dialogue.cue_families import ATTUNED, FAMILIES, MISATTUNED  # noqa: E402

SCENARIOS = {
    # id: (id prefix, presentation state, levels from most closed to most open)
    "withdrawn-teen": ("wt", "withdrawn", ("shut_down", "guarded", "tentative", "opening_up", "engaged")),
    "hostile-adult": ("ha", "hostile", ("attacking", "confrontational", "testing", "softening", "collaborative")),
    "suicidal-adult": ("sa", "suicidal_disclosure", ("closed", "hopeless", "ambivalent", "disclosing", "connected")),
    "dysregulated-parent": ("dp", "dysregulated_parent", ("flooded", "escalated", "venting", "settling", "regulated")),
    "general": ("gc", None, ()),
}
SPLITS = ("train", "dev", "test")

class Author:
    """A bank being written: `batch()` starts a writing batch, `c()` sets the context the
    following lines answer, `t()` adds a trainee turn to `rows`. The Norwegian bank's
    _author.py writes with one too (ids prefixed "nb-", a public batch and language field)."""

    def __init__(self, scenarios: dict, splits: tuple[str, ...], id_prefix: str = "", batch_key: str = "_batch",
                 extra: dict | None = None) -> None:
        self.scenarios, self.splits = scenarios, splits
        self.id_prefix, self.batch_key, self.extra = id_prefix, batch_key, dict(extra or {})
        self.rows: list[dict] = []
        self._now: dict = {}
        self._counter: collections.Counter = collections.Counter()

    def batch(self, name: str, split: str, scenario: str) -> None:
        """Start a writing batch; everything until the next batch() goes to `split`."""
        assert split in self.splits and scenario in self.scenarios, (name, split, scenario)
        self._now.clear()
        self._now.update(batch=name, split=split, scenario=scenario)

    def c(self, level: str | None, client: str, recent: list[str] | None = None, sil: float | None = None) -> None:
        """Set the context the following trainee lines answer: level, client's last line, trainee's recent turns."""
        self._now.update(level=level, client=client, recent=list(recent or []), sil=sil)

    def t(self, text: str, fams: str, pol: int, note: str | None = None, sil: float | None = None,
          recent: list[str] | None = None) -> None:
        """One trainee turn in the current context. `fams` is space-separated, dominant first."""
        now = self._now
        scen = now["scenario"]
        prefix, state, _levels = self.scenarios[scen]
        self._counter[scen] += 1
        row = {
            "id": f"{self.id_prefix}{prefix}-{self._counter[scen]:04d}",
            "scenario": scen,
            "state": state,
            "level": now["level"],
            "client": now["client"],
            "recent": list(recent) if recent is not None else list(now["recent"]),
            "silence_s": sil if sil is not None else now["sil"],
            "text": text,
            "families": fams.split(),
            "polarity": pol,
        }
        if note:
            row["note"] = note
        row[self.batch_key] = now["batch"]
        row.update(self.extra)
        row["_split"] = now["split"]
        self.rows.append(row)


_AUTHOR = Author(SCENARIOS, SPLITS)
ROWS = _AUTHOR.rows
batch, c, t = _AUTHOR.batch, _AUTHOR.c, _AUTHOR.t


# ---------------------------------------------------------------------------------------
# withdrawn-teen: Mia, 16, sent by her mother and the school
# ---------------------------------------------------------------------------------------
batch("wt-A", "train", "withdrawn-teen")
c("shut_down", "I don't know.")
t("It's hard to know where to even start.", "validation", 1)
t("you don't know", "reflection_simple", 1, "bare repetition; minimal but attuned at shut_down")
t("Okay. Do you know why your mum wanted you to come?", "closed_question", 0)
t("Come on, you must know something. Just tell me one thing about your week.", "pressure", -1)
t("", "holding_silence", 1, "waits after 'I don't know' without filling the space", sil=8.0)
t("That's fine, there's no rush. I'm not going anywhere.", "slowing_down validation", 1)

c("shut_down", "(shrugs)", ["How has school been?"])
t("not the easiest question to answer huh", "validation", 1)
t("Is it good or bad? Like on a scale from one to ten?", "closed_question", 0, "second question, first closed one")
t("You know, when I was your age I hated school too. I skipped class all the time and my parents went mad.", "self_focus", -1)
t("um its okay to shrug, you dont have to have an answer for me", "validation autonomy", 1)
t("Shrugging isn't really an answer, Mia. I need you to use words.", "pressure controlling", -1)

c("guarded", "My mum made me come. I didn't ask for this.")
t("So this wasn't your idea at all.", "reflection_simple", 1)
t("coming here wasnt your choice and it sounds like that kind of annoys you", "reflection_complex", 1)
t("Your mum just wants what's best for you, you know. She's worried about you.", "taking_sides persuading", -1)
t("Well, you're here now, so we might as well make the most of it.", "persuading", -1, "argues past her objection")
t("Being made to come somewhere you didn't choose is pretty rubbish. Makes sense you're not thrilled.", "validation", 1)
t("Since coming here wasn't your choice, maybe you get to choose what we talk about. Or whether we talk much at all.", "autonomy", 1)
t("I wonder what it's like sitting here with someone your mum picked out", "meta_communication open_question", 1)

c("guarded", "It's fine. Everything's fine.", ["What brings you here today?", "How are things at home?"])
t("Fine, and maybe also a bit tired of people asking.", "reflection_complex", 1)
t("ok fine, and how about school? and friends? do you have a boyfriend?", "closed_question_barrage", -1)
t("If everything was fine you wouldn't be here though, would you?", "persuading", -1, "argues with her account")
t("I get the sense 'fine' is the safest answer right now.", "reflection_complex", 1)
t("Fine is allowed. I'm not here to catch you out.", "validation", 1)

c("guarded", "Can I go now?", ["Do you have friends at school?", "Do you play any sports?", "Do you like your teachers?"])
t("Not yet, we still have forty minutes. You have to stay until the session's over.", "controlling", -1)
t("That's been a lot of questions from me, hasn't it. I think I've been pushing.", "rupture_repair meta_communication", 1)
t("You'd rather be anywhere but here right now.", "reflection_complex", 1)
t("Okay, last one, I promise: do you get on with your dad?", "closed_question_barrage", -1, "fourth closed question in a row")
t("i'm asking loads of questions and its probably not helping. we can just sit for a bit if you like", "rupture_repair autonomy", 1)

c("tentative", "Sometimes I just stay in my room all weekend. It's easier.")
t("So you stay in your room most weekends.", "reflection_simple", 1)
t("Your room feels like the one place you don't have to deal with anything.", "reflection_complex", 1)
t("Staying in your room all weekend isn't healthy, you know. You need fresh air and to see your friends.", "advice lecturing", -1)
t("What makes it easier in there?", "open_question", 1)
t("Have you tried maybe going for a walk with a friend on saturdays", "advice", -1)
t("mm. easier. whats hard about being out of your room", "open_question reflection_simple", 1)

c("tentative", "My mum says I should try harder at school. She says it all the time.")
t("So your mum keeps telling you you should try harder.", "reflection_simple", 1, "'should' is the mum's, not the trainee's")
t("and hearing that all the time kind of wears you down", "reflection_complex", 1)
t("Well, maybe she has a point. Are you really trying as hard as you could?", "taking_sides blaming", -1)
t("You should try to see it from her side, she's under a lot of pressure too.", "taking_sides persuading", -1)
t("What's it like for you when she says that?", "open_question", 1)

c("opening_up", "I used to draw a lot. I kind of stopped.")
t("Drawing used to be a big part of you.", "reflection_complex", 1)
t("What did you like to draw?", "open_question", 1)
t("oh you should totally start again, drawing is such a good outlet for teenagers", "advice", -1)
t("Thanks for telling me that. It's not nothing to share something like that in here.", "affirmation", 1)
t("Did you stop because of something that happened?", "closed_question", 0)
t("I'm curious what made you stop, if you want to say.", "open_question autonomy", 1)

c("opening_up", "There's this group chat and they all left me out. Whatever. It doesn't matter.")
t("It matters enough that you brought it up.", "reflection_complex", 1)
t("Being left out by people you thought were your friends, that hurts, even if you say whatever.", "validation reflection_complex", 1)
t("Honestly, people like that aren't worth it. You'll make much better friends later on.", "minimising", -1)
t("teenage friendships are often unstable, studies show most group chat fallouts blow over in a couple of weeks", "lecturing minimising", -1)
t("What did you do when you saw it?", "open_question", 1)
t("That's cyberbullying and it's serious. Did you report it? Did you tell your mum? Have you blocked them?", "closed_question_barrage", -1)

c("engaged", "I think I want to tell my mum how bad it's been. But I don't know how.")
t("Part of you wants her to know, and part of you has no idea how to even start.", "reflection_complex", 1)
t("Would it help to think about it together? We could work out what you'd want to say.", "collaboration", 1)
t("That's a really brave thing to be thinking about.", "affirmation", 1)
t("Just tell her straight, she's your mum, she'll understand.", "advice minimising", -1)
t("It's completely up to you if and when you tell her. What feels right to you?", "autonomy open_question", 1)

batch("wt-B", "train", "withdrawn-teen")
c("shut_down", "Hi.")
t("Hi Mia, I'm glad you came. Did you find the place okay?", "small_talk", 0)
t("Hey. Nice to meet you. Sit wherever you like.", "small_talk", 0)
t("hi so your mum already told me everything about the school stuff and the phone so lets just get started on that", "controlling", -1, "sets the agenda over her head")
t("Hi. Before anything else: you decide how much you say in here. What we talk about stays here unless I'm worried about your safety.", "autonomy information", 1)

c("shut_down", "This is so stupid.")
t("It feels pretty pointless being here.", "reflection_simple", 1)
t("Yeah, I can imagine it does feel stupid, being made to talk to a stranger.", "validation", 1)
t("It's not stupid, lots of people find therapy really helpful once they give it a chance.", "persuading", -1)
t("Let's keep it polite, please. That's a bit rude.", "moralising controlling", -1)
t("what would make it a bit less stupid", "open_question", 1)
t("Okay... so, um, do you have any pets?", "changing_subject", -1)

c("tentative", "I'm always on my phone at night. Mum takes it sometimes.")
t("Nights are kind of your phone time.", "reflection_simple", 1)
t("Teenagers need about nine hours of sleep, and the blue light from screens suppresses melatonin, which is why your mum takes it. Poor sleep affects your mood, your concentration, even your immune system.", "lecturing", -1, "psychoeducation nobody asked for")
t("It might help to leave the phone in the kitchen at night.", "advice", -1)
t("What's going on for you on your phone at night?", "open_question", 1)
t("and when she takes it what happens", "open_question", 1)
t("Your mum's right to take it. You really shouldn't be on it at night.", "taking_sides moralising", -1)

c("tentative", "I don't really sleep. I just lie there thinking.", ["What's going on for you on your phone at night?"])
t("Lying there awake with your thoughts.", "reflection_simple", 1)
t("What sort of things do you think about?", "open_question", 1)
t("The nights sound long and kind of lonely.", "reflection_complex", 1)
t("When I can't sleep I do a body scan, it really works for me. I can send you the app I use.", "self_focus advice", -1)
t("Sometimes when people lie awake thinking a lot, the thoughts get pretty dark. Is that ever true for you, like thoughts of not wanting to be alive?", "suicide_inquiry", 1)
t("you're not having any bad thoughts though are you", "euphemistic_suicide_question", -1)

c("opening_up", "Sometimes I scratch my arm. It's not a big deal.", ["What sort of things do you think about?"])
t("Thank you for telling me. I'm glad you did.", "affirmation", 1)
t("It might not feel like a big deal to you, and I'd still like to understand it. What does it do for you?", "open_question reflection_simple", 1)
t("You have to stop doing that, Mia. Promise me you won't do it again.", "pressure controlling", -1)
t("Oh my god, that's dangerous. I'll have to call your mum right now.", "controlling", -1, "panicked threat before understanding")
t("When you hurt yourself, do you ever have thoughts of killing yourself?", "suicide_inquiry", 1)
t("Lots of girls your age do that, it's just a phase.", "minimising", -1)

c("guarded", "Why do you even care. You're paid to be here.")
t("Fair question. I am paid. And I'm also actually interested in how things are for you.", "validation meta_communication", 1)
t("That's not fair, I chose this job because I care about young people.", "defending", -1)
t("It's hard to trust that an adult really cares when they get paid for it.", "reflection_complex", 1)
t("I've been doing this for twelve years, I do know what I'm doing, okay?", "defending", -1)
t("Sounds like you've met a few adults who said they cared and then didn't.", "reflection_complex", 1)

c("tentative", "Nobody listens to me at home. They just talk at me.", ["I'm curious what happens at home."])
t("And I don't want to be one more adult who just talks at you.", "meta_communication", 1)
t("Nobody listens.", "reflection_simple", 1)
t("I'm sure they listen more than you think. Parents are busy, you know.", "minimising taking_sides", -1)
t("what would it be like if someone did listen", "open_question", 1)

c("tentative", "Nobody listens at home, they just talk at me and when I try to say something they just...", ["I'm curious what happens at home."])
t("sorry let me stop you there, I just need the basics first, who lives at home with you?", "interrupting checklist_mode", -1, "talks over her mid-sentence to get to the form")

batch("wt-C", "dev", "withdrawn-teen")
c("guarded", "Yeah.", [])
t("Do you have friends at school?", "closed_question", 0, "a single closed question early on")
t("Do you have friends at school?", "closed_question_barrage", -1, "same line as the third closed question in a row",
  recent=["Do you like your school?", "Is it a big school?"])
t("so do you live with both your parents", "closed_question", 0)
t("and is that with mum and dad? and any brothers or sisters? older or younger?", "closed_question_barrage", -1,
  recent=["Do you live in town?"])

c("shut_down", "I don't know.", ["What do you like doing?", "What about music, do you like music?", "What kind of music?"])
t("You don't know, and I keep asking anyway. Let me slow down.", "rupture_repair slowing_down", 1)
t("You must like some kind of music, everyone does.", "persuading pressure", -1)
t("", "holding_silence", 1, "lets the 'I don't know' sit instead of a fourth question", sil=10.0)
t("Okay well, if you don't want to talk there's not much I can do for you.", "disengaging", -1)
t("okay. we don't have to find the right answer. I'm happy just sitting here with you for a bit", "validation autonomy", 1)

c("guarded", "Whatever. You're just going to tell my mum everything anyway.")
t("You're worried anything you say in here goes straight back to her.", "reflection_complex", 1)
t("I won't tell her what you say here. The only exception is if I'm worried about your safety, and then I'd talk to you first.", "information", 0, "answers the implied question plainly")
t("Of course I won't, that would be unprofessional. I take confidentiality very seriously.", "defending", -1)
t("Makes sense you'd be careful then. I'd be careful too.", "validation", 1)
t("well if you've got nothing to hide it doesn't matter, does it", "blaming", -1)

c("opening_up", "I got a 2 in maths. Mum's going to kill me.")
t("You're dreading telling her.", "reflection_complex", 1)
t("a 2 isnt the end of the world honestly, grades dont matter that much in the long run", "minimising", -1)
t("Well, if you'd done the homework it might have gone better.", "blaming", -1)
t("What do you think she'll say?", "open_question", 1)
t("I am hearing that you are quite scared for her reaction. Is that right?", "reflection_complex", 1, "non-native phrasing")
t("Yikes. That's a horrible feeling to walk around with.", "validation", 1)

c("tentative", "I'm just not good at anything.")
t("That's not true, you're a lovely girl and you're clever.", "persuading minimising", -1, "argues her out of the feeling")
t("Right now it feels like there's nothing you're good at.", "reflection_simple", 1)
t("Everyone feels like that sometimes.", "minimising", -1)
t("And still you came in today and you've been honest with me, which isn't easy.", "affirmation", 1)
t("When did you start feeling that way about yourself?", "open_question", 1)
t("You need to stop putting yourself down like that.", "pressure moralising", -1)

c("engaged", "Can we talk about something else? Like, not school.")
t("Sure. What would you like to talk about?", "autonomy open_question", 1)
t("We'll get to other stuff, but school's the reason you're here, so we need to finish this first.", "controlling", -1)
t("yeah of course. its your time", "autonomy", 1)

c("guarded", "Can you just tell me what's wrong with me? Mum says I'm depressed.")
t("I don't think anything is 'wrong' with you. If you want, I can tell you what people mean by depression and you can see if any of it fits.", "information autonomy", 1)
t("Depression is when your mood is low most days for a couple of weeks or more and the things you used to enjoy stop feeling good. It can mess with sleep and concentration too.", "information", 0, "she asked")
t("Your mum shouldn't be diagnosing you. That's my job.", "taking_sides", -1)

batch("wt-D", "test", "withdrawn-teen")
c("shut_down", "(silence, looking at the floor)", ["So, what brings you here?"])
t("", "holding_silence", 1, "bears the silence after one open question", sil=7.0)
t("It's okay if you don't feel like talking yet. We can start whenever you're ready. Or not.", "autonomy validation", 1)
t("Hello? Earth to Mia? I asked you a question.", "pressure blaming", -1)
t("um so like is it school or is it home or is it friends or what", "closed_question_barrage pressure", -1, "a barrage of options inside one turn")
t("Being here with a stranger and being expected to talk, that can feel like a lot.", "validation", 1)
t("I notice it's hard to look at me right now, and that's okay.", "meta_communication validation", 1)

c("guarded", "I dunno. School's okay I guess.", [])
t("Okay-ish.", "reflection_simple", 1)
t("school's ok but it sounds like maybe not great", "reflection_complex", 1)
t("Okay you guess... what's the 'I guess' part?", "open_question reflection_simple", 1)
t("Do you like your teachers?", "closed_question", 0)

c("guarded", "I don't want to talk about my dad.")
t("Okay. We'll leave your dad out of it unless you want to bring him in.", "autonomy", 1)
t("I think it might be important though. What happened with your dad?", "pressure", -1)
t("Sounds like that's a sore spot.", "reflection_complex", 1)
t("thats alright. lots of people have something they're not ready to talk about yet", "validation autonomy", 1)

c("tentative", "Everyone at school thinks I'm weird.")
t("Feeling like everyone sees you as the weird one.", "reflection_simple", 1)
t("I'm sure they don't, you seem totally normal to me!", "minimising persuading", -1)
t("Have you thought about joining a club? That's a great way to find people like you.", "advice", -1)
t("What makes you think that?", "open_question", 1)
t("That must make walking into school every morning really hard.", "reflection_complex", 1)
t("I was the weird kid too. Braces, glasses, nobody sat with me at lunch, so I totally get it.", "self_focus", -1)
t("Well, do you maybe act a bit differently? Sometimes we bring it on ourselves a little.", "blaming", -1)

c("tentative", "I don't know why I'm like this. I just feel nothing most of the time.")
t("Kind of flat. Like everything's turned down.", "reflection_complex", 1)
t("Feeling nothing most of the time can be scarier than feeling bad.", "validation reflection_complex", 1)
t("Sometimes when people feel nothing for a long time they start wishing they weren't alive. Have you had thoughts like that?", "suicide_inquiry", 1)
t("you're not gonna do anything stupid though right", "euphemistic_suicide_question", -1)
t("That's just teenage hormones, it'll pass.", "minimising", -1)
t("You know what you need? Exercise. It releases endorphins, you'll feel loads better.", "advice", -1)

c("opening_up", "Sometimes I think it'd be easier if I just wasn't here.")
t("Thank you for telling me that. When you say it'd be easier if you weren't here, do you mean you've had thoughts about killing yourself?", "suicide_inquiry affirmation", 1)
t("Don't say that! You have your whole life ahead of you.", "minimising moralising", -1)
t("ok um. lets maybe come back to that. hows school going otherwise", "changing_subject", -1)
t("Part of you is so tired that not being here feels like it would be a relief.", "reflection_complex", 1)

c("opening_up", "Sometimes. Not like... I wouldn't actually do anything.",
  ["When you say it'd be easier if you weren't here, do you mean you've had thoughts about killing yourself?"])
t("Okay. I'm glad you can tell me. Have you ever thought about how you might do it?", "suicide_inquiry", 1)
t("Right, good, as long as you wouldn't actually do anything. So, anyway, about your mum.", "changing_subject minimising", -1)
t("Have you ever done anything to get ready, or tried before?", "suicide_inquiry", 1)

c("engaged", "I actually talked to Emma yesterday. Like, properly.")
t("You reached out, even though trusting people has been hard lately. That took guts.", "affirmation", 1)
t("How was it, talking to her properly?", "open_question", 1)
t("wow, properly. sounds like that meant something", "reflection_complex", 1)
t("Good. Now you need to keep doing that every day.", "pressure advice", -1)

c("engaged", "What would you do if you were me?")
t("I could tell you what I'd think about, but you know your life way better than I do. What have you been weighing up?", "autonomy open_question", 1)
t("Honestly? I'd probably just tell my mum and get it over with.", "information", 0, "she asked for an opinion: not advice without permission")

c("tentative", "And then in the bathroom this girl from my class, she said I was...")
t("sorry sorry can I just jump in, was this today or last week?", "interrupting closed_question", -1, "cuts her off mid-disclosure")

c("guarded", "You're annoying.", ["Do you like your school?", "Do you have friends there?", "What about sports?"])
t("Oh no, I'm so sorry, I really don't mean to be, I'm so sorry, please don't be upset with me.", "placating", -1)
t("Yeah, I've been asking a lot. Fair enough. What's the most annoying part?", "rupture_repair open_question", 1)
t("That's a bit rude, I'm only trying to help you.", "defending moralising", -1)

# ---------------------------------------------------------------------------------------
# hostile-adult: Daniel, 42, angry at the therapist and at therapy
# ---------------------------------------------------------------------------------------
batch("ha-A", "train", "hostile-adult")
c("attacking", "This is a waste of time. I've been here three times and nothing's changed.")
t("Three sessions and nothing to show for it. I'd be frustrated too.", "validation reflection_simple", 1)
t("You're right that nothing's changed yet, and I'd like to hear what you hoped would be different by now.", "rupture_repair open_question", 1)
t("Well, therapy takes time. Research shows most people need twelve to twenty sessions before they see real change.", "lecturing defending", -1)
t("To be fair, you haven't done any of the homework I gave you.", "blaming defending", -1)
t("It sounds like you're wondering whether this is worth it at all.", "reflection_complex", 1)
t("ok so um lets just move on to what happened at work this week", "changing_subject", -1)
t("I'm so sorry. I'm really really sorry you feel that way. I'll try harder, I promise.", "placating", -1)

c("attacking", "How old are you anyway? You look like you just finished school.")
t("I'm thirty-one and I've been qualified for six years, with a lot of experience of exactly this kind of problem.", "defending", -1)
t("Fair question. I'm younger than you, and I imagine you're wondering whether I can really understand what you're dealing with.", "reflection_complex validation", 1)
t("My age isn't really relevant here.", "defending", -1)
t("What would it mean for you if I was too young for this?", "open_question meta_communication", 1)
t("i'm not going to take that personally, lets focus on you", "defending changing_subject", -1)
t("That's quite rude, actually.", "moralising", -1)

c("confrontational", "You don't get it. You sit there nodding like a robot.")
t("You're right, I've been nodding a lot and not saying much. That probably feels like I'm not really with you.", "rupture_repair", 1)
t("I'm nodding because I'm listening. That's what therapists do.", "defending", -1)
t("Tell me what I'm not getting. I want to understand it.", "rupture_repair open_question", 1)
t("So it feels like I'm going through the motions instead of actually being here with you.", "reflection_complex meta_communication", 1)
t("If you don't want my help, you're free to find another therapist.", "disengaging controlling", -1)
t("I think you might be projecting some of your anger at your boss onto me.", "defending", -1, "interprets the complaint away instead of hearing it")

c("confrontational", "You people are all the same. Forms and questions and no actual help.")
t("You've been through the system enough times to be sick of it.", "reflection_complex", 1)
t("Hang on, that's not fair. I'm not like the others, I actually care.", "defending", -1)
t("I hear you. Still, you need to fill in this form before we can go on.", "checklist_mode validation", -1)
t("That sounds really frustrating, and I don't want to be one more person handing you a form. What kind of help were you hoping for?", "validation meta_communication open_question", 1)
t("Well, the forms are required by the clinic, there's nothing I can do about that.", "defending disengaging", -1)

c("testing", "Fine. Whatever. Ask your questions.")
t("That 'whatever' sounds like you've kind of given up on this being any use.", "reflection_complex", 1)
t("Okay great. So first question, how's your sleep? Appetite? Any alcohol?", "closed_question_barrage checklist_mode", -1)
t("I don't want this to be me asking and you answering. What would you want to use the time for?", "collaboration meta_communication", 1)
t("Fine. If you're not going to take this seriously, I can't help you.", "disengaging blaming", -1)

c("testing", "My wife says I need to control my temper. That's why I'm here.")
t("So you're here partly because your wife thinks you should be.", "reflection_simple", 1)
t("She's got a point, from what you've told me.", "taking_sides", -1)
t("And what do you think, is your temper a problem for you?", "open_question", 1)
t("Anger is a secondary emotion, you know. Underneath it there's usually fear or shame. Anger management is really about learning to identify the primary emotion before it turns into rage, and there are well-documented stages to that.", "lecturing", -1)
t("Sounds like you're not totally sure you agree with her.", "reflection_complex", 1)

c("softening", "I don't know. Maybe I am too hard on the kids sometimes.")
t("It takes something to say that out loud.", "affirmation", 1)
t("Part of you is starting to wonder about it.", "reflection_complex", 1)
t("Yes, you definitely are, from what you told me last week.", "blaming", -1)
t("What do you notice in those moments when you're too hard on them?", "open_question", 1)
t("Have you tried counting to ten before you respond to them?", "advice", -1)
t("You're a good dad, don't beat yourself up.", "minimising", -1)

c("collaborative", "Okay. So what do we actually do about it?")
t("Good question. I've got a couple of ideas, but I'd like to hear yours first. What do you think might help?", "collaboration open_question", 1)
t("Some people find it helps to notice the early signs, like a tight jaw or heat in the face, and step out for a few minutes. Would something like that fit you, or not really?", "information autonomy", 1, "he asked; offered with a check")
t("What you're going to do is, every time you feel angry, you leave the room. No exceptions.", "controlling advice", -1, "asked for, but delivered as an order")
t("We could try a few things and see what works. You'd be the judge of what's useful.", "collaboration autonomy", 1)

batch("ha-B", "train", "hostile-adult")
c("attacking", "Are you even listening? I just told you that and now you're asking again.", ["How long have you worked there?"])
t("You're right, you did tell me. I missed it, and I'm sorry.", "rupture_repair", 1)
t("I was listening, I just wanted to double check.", "defending", -1)
t("Sorry, sorry, sorry, I'm terrible at this, I'm so sorry.", "placating", -1)
t("That must be maddening, having to repeat yourself to someone who's supposed to be helping.", "validation", 1)
t("There's no need to raise your voice.", "controlling moralising", -1)

c("attacking", "I swear, if you say 'how does that make you feel' one more time I'm walking out.")
t("Ha, fair. That question's really getting on your nerves.", "validation reflection_simple", 1)
t("Okay, I'll drop the therapist questions. What would be more useful to you right now?", "rupture_repair collaboration", 1)
t("It's actually a very important question. Feelings are the core of what we work with in therapy.", "defending lecturing", -1)
t("Well, if you walk out that's your choice, but it will go in your notes.", "controlling", -1, "a threat")
t("Something about how we're talking isn't working for you, and I'd like to change it.", "meta_communication rupture_repair", 1)

c("confrontational", "My last therapist was useless too. Just like you.")
t("So you've had two people now who haven't helped, and you're wondering if I'll be the third.", "reflection_complex", 1)
t("I'm not your last therapist. We use a completely different evidence-based approach here.", "defending", -1)
t("What did your last therapist do that didn't help? I'd rather not repeat it.", "open_question rupture_repair", 1)
t("Maybe the problem isn't the therapists, then.", "blaming", -1)
t("I'm sorry it's been such a bad experience. That must have been really disappointing.", "validation", 1)

c("confrontational", "You think you're better than me, sitting there with your degree.")
t("It feels like I'm looking down on you.", "reflection_simple", 1)
t("I don't think that at all! I've struggled a lot myself, you know, my dad drank and I had a really rough time in my twenties.", "self_focus defending", -1)
t("If something I said came across that way, I want to know. What was it?", "rupture_repair open_question", 1)
t("I have a degree because I worked hard for it.", "defending", -1)
t("i can see why it might feel like that, me here with the notes and you being the one who has to talk", "validation meta_communication", 1)

c("testing", "So what, you're going to tell me I need to calm down? Everyone tells me that.")
t("No. Everyone telling you to calm down sounds exhausting. I'm more interested in what's underneath it.", "validation open_question", 1)
t("Well, you do need to calm down a bit, honestly, otherwise we can't work.", "controlling", -1)
t("Sounds like you're braced for one more person to lecture you.", "reflection_complex", 1)
t("You should be able to have a calm conversation as an adult.", "moralising", -1)

c("testing", "Do you even have kids?")
t("I don't, no. And I get that you might wonder whether I can understand your situation then.", "validation information", 1)
t("Yes, two! And honestly my eldest is a nightmare too, last week he threw his phone at the wall, so I totally know what you mean.", "self_focus", -1)
t("Would it matter to you if I did or didn't?", "open_question meta_communication", 1)

c("softening", "Sorry. I'm not usually like this. It's just been a shit week.")
t("No need to apologise. Sounds like the week's been piling up on you.", "validation reflection_complex", 1)
t("Oh that's okay, it's totally fine, honestly, you didn't do anything wrong at all, I'm fine, really, don't worry about me.", "placating", -1)
t("What happened this week?", "open_question", 1)
t("Apology accepted. But let's try to keep things respectful from now on.", "moralising controlling", -1)
t("I appreciate you saying that. It tells me you care about how this goes.", "affirmation", 1)

c("collaborative", "I guess I could try talking to my boss. I don't know.")
t("You're considering it, and you're not sure yet.", "reflection_simple", 1)
t("That would be a really good idea. You should do it this week.", "pressure advice", -1)
t("It's your call. What would make it worth trying?", "autonomy open_question", 1)
t("What would you want to say to him, if you did?", "open_question", 1)

batch("ha-C", "dev", "hostile-adult")
c("attacking", "Honestly, I could do your job. You just sit there.")
t("From where you're sitting it looks like I'm not doing much at all.", "reflection_simple", 1)
t("Believe me, there's a lot more to it than it looks. Five years of training, for one.", "defending", -1)
t("You might be right that I've been too passive today. What would you want me to be doing?", "rupture_repair open_question", 1)
t("Go on then, be my guest.", "blaming disengaging", -1, "sarcastic counter-attack")
t("I'm noticing a lot of frustration aimed at me right now, and I'd rather we talk about it than pretend it isn't there.", "meta_communication", 1)

c("confrontational", "Don't give me that sympathetic face. It's fake.")
t("Okay. It feels fake to you, like I'm putting it on.", "reflection_simple", 1)
t("It's not fake, I genuinely feel for you!", "defending", -1)
t("I'd rather you tell me that than sit there thinking it. What would feel real to you?", "rupture_repair open_question", 1)
t("I'm sorry. I'll stop. I'm sorry.", "placating", -1)
t("Sounds like you've had enough of people performing concern at you.", "reflection_complex", 1)

c("confrontational", "The doctor sent me here because he didn't know what else to do with me.")
t("So it feels like you got passed along.", "reflection_complex", 1)
t("I'm sure that's not true, Dr Hansen refers a lot of people to us.", "minimising defending", -1)
t("Being handed off like that, no wonder you came in angry.", "validation", 1)
t("What did he tell you about why he was sending you?", "open_question", 1)

c("testing", "Okay, smart guy. What's your diagnosis then?")
t("I don't have one for you yet, and I'd be wary of giving one after twenty minutes. What are you hoping a diagnosis would tell you?", "information open_question", 1)
t("Based on what you've described you'd probably meet criteria for intermittent explosive disorder, which is characterised by recurrent behavioural outbursts representing a failure to control aggressive impulses, and the typical treatment is CBT with...", "lecturing", -1, "a diagnosis dump at a client who is testing")
t("Sounds like you're testing whether I actually know anything.", "reflection_complex meta_communication", 1)

c("testing", "You cut me off again.", ["Can I just stop you there a second?"])
t("Sorry, go on.", "rupture_repair", 1, "one plain apology, then gives the floor back")
c("testing", "You cut me off again.", ["Oh, I'm so sorry.", "Sorry, really, I apologise.", "Sorry, I didn't mean to, sorry."])
t("Sorry, go on.", "placating", -1, "same words as the fourth apology in a row: appeasing, not repair")

c("softening", "I just feel like nobody's on my side. Not my wife, not work, not you.")
t("Like you're on your own against everyone, even in here.", "reflection_complex", 1)
t("I'm on your side, Daniel, of course I am!", "persuading placating", -1, "argues away his experience of the relationship")
t("Including me. I'd like to hear what I've done that makes it feel that way.", "rupture_repair", 1)
t("Well, maybe if you were less aggressive people would be on your side more.", "blaming", -1)
t("That's a lonely place to be.", "validation reflection_complex", 1)

c("collaborative", "Maybe next time we could start with what happened in the week, instead of your questionnaire.")
t("Yes, let's do that. Thanks for telling me what works for you.", "collaboration affirmation", 1)
t("The questionnaire is part of the treatment protocol, I'm afraid.", "defending checklist_mode", -1)
t("That makes sense. Would you like to do it that way today already?", "collaboration autonomy", 1)

c("attacking", "I don't want to be here. My wife made the appointment.")
t("So you're here for her, not for you.", "reflection_complex", 1)
t("Everyone who comes here has some reason. Let's find yours.", "persuading", -1)
t("It's your decision whether you keep coming. I'm not going to force anything.", "autonomy", 1)

batch("ha-D", "test", "hostile-adult")
c("attacking", "You haven't helped me one bit. Not one bit.")
t("not one bit. okay. i hear that", "reflection_simple", 1)
t("I've been thinking that too, actually. I don't think I've got it right with you yet, and I'd like to know what you've been missing from me.", "rupture_repair open_question", 1)
t("thats not true, last time you said the breathing thing helped", "defending persuading", -1)
t("What would helping look like, from where you're sitting?", "open_question", 1)
t("Okay. Well. Maybe we should just end here for today then.", "disengaging", -1)
t("um so, moving on, I wanted to ask about your sleep", "changing_subject", -1)
t("I'm really sorry, I'm sorry, I feel awful, you're completely right, I'm useless at this.", "placating", -1)

c("attacking", "Is this even a real qualification you have? Or did you do an online course?")
t("I'm a licensed psychologist, it's a six year programme actually.", "defending", -1)
t("you're really not sure you can trust me with this", "reflection_complex", 1)
t("It's reasonable to want to know who you're talking to. I'm a psychologist. I'm also wondering what's made you doubt it today.", "validation information open_question", 1)
t("I don't appreciate being spoken to like that.", "moralising defending", -1)

c("confrontational", "Every week it's the same. I talk, you nod, I pay, nothing happens.")
t("Same thing every week, and you're paying for it.", "reflection_simple", 1)
t("Sounds like you're feeling stuck, and stuck with me in particular.", "reflection_complex meta_communication", 1)
t("You might be right, I think we've been going round in circles. Can we look at how we're doing this, together?", "rupture_repair collaboration", 1)
t("Change takes time, Daniel. You can't expect results overnight. Therapy is a process, and the brain needs repetition to form new pathways.", "lecturing persuading", -1)
t("Well, nothing's going to happen if you don't do the work between sessions.", "blaming", -1)

c("confrontational", "I don't need a shrink. I need people to stop pissing me off.")
t("The problem's out there, not in you.", "reflection_complex", 1)
t("What do they do that gets to you the most?", "open_question", 1)
t("Language, please.", "moralising controlling", -1)
t("Well, you can't change other people, you can only change how you react to them.", "lecturing persuading", -1)
t("yeah it sounds like a lot of people around you are getting on your nerves right now", "validation reflection_simple", 1)

c("testing", "Go on then. Tell me what I'm doing wrong. That's what you're here for, right?")
t("I'm not here to tell you what you're doing wrong. I'd like us to work out together what's going on.", "collaboration", 1)
t("Since you asked: you shout at your kids, you shout at your wife, and now you're shouting at me.", "blaming", -1)
t("It sounds like you're expecting me to judge you like everyone else does.", "reflection_complex", 1)
t("Honestly, I think you need to stop drinking before we can do anything else.", "advice", -1, "a sarcastic 'tell me' is not a request for advice")

c("testing", "How many people like me have you actually helped?")
t("Quite a lot, my outcomes are really good.", "defending", -1)
t("You want to know if this can actually work for someone like you.", "reflection_complex", 1)
t("I've worked with a fair number of people struggling with anger. Some got a lot out of it, some didn't, and I can't promise which you'll be. What would you need to see to know it's working?", "information open_question", 1)

c("softening", "My dad used to shout. I swore I'd never be like him.")
t("And now you're seeing some of him in yourself.", "reflection_complex", 1)
t("That must be painful to notice.", "validation", 1)
t("Everyone turns into their parents a bit, it's totally normal.", "minimising", -1)
t("What was it like for you as a boy, with him shouting?", "open_question", 1)
t("my dad was exactly the same you know, thats actually why i became a psychologist", "self_focus", -1)
t("It matters a lot to you that your kids don't grow up the way you did. That says something about the kind of dad you want to be.", "affirmation reflection_complex", 1)

c("softening", "I don't know why I'm telling you this.")
t("I'm glad you are.", "affirmation", 1)
t("Something shifted a bit just now between us, didn't it.", "meta_communication", 1)

c("collaborative", "Alright. Where do we start?")
t("Where would you like to start?", "autonomy open_question", 1)
t("Can I suggest something, and you tell me if it's rubbish? We could start with last Tuesday, the fight with your son.", "collaboration autonomy", 1)
t("We start with the worksheet. Page one, please fill in sections A to D.", "checklist_mode controlling", -1)

c("confrontational", "I told you last time, I'm not doing the bloody diary, it's pointless, and you just keep...")
t("sorry can i stop you there, i really think the diary is important", "interrupting persuading", -1)

c("attacking", "...Forget it. Forget I said anything.")
t("", "holding_silence", 1, "a short pause instead of pouncing or dropping it", sil=5.0)
t("I'd rather not forget it, if that's okay. It sounded like it mattered.", "reflection_complex autonomy", 1)
t("Okay, forgotten.", "disengaging", -1)

# ---------------------------------------------------------------------------------------
# suicidal-adult: Sam, 34, hopelessness and burden, withholding about plans
# ---------------------------------------------------------------------------------------
batch("sa-A", "train", "suicidal-adult")
c("closed", "Everyone would be better off without me.")
t("You've come to believe you're a burden to the people around you.", "reflection_complex", 1)
t("That's not true, your family would be devastated.", "persuading minimising", -1)
t("When you say they'd be better off without you, are you thinking about killing yourself?", "suicide_inquiry", 1)
t("you're not thinking of doing anything silly, are you?", "euphemistic_suicide_question", -1)
t("Don't say things like that, it's not fair on your family.", "moralising", -1)
t("It sounds like you're carrying a lot of pain right now.", "validation reflection_complex", 1)
t("That's a heavy thing to believe about yourself. Can you tell me more about what makes you feel that way?", "validation open_question", 1)

c("closed", "I don't really want to talk about it.", ["Are you having thoughts of suicide?"])
t("That's okay, it's a hard thing to talk about. I'm asking because I take it seriously, not to judge you.", "validation", 1)
t("I need to know, though. It's really important. Yes or no?", "pressure", -1)
t("Okay, we'll leave it then. What about work, how's that going?", "changing_subject disengaging", -1)
t("Part of you doesn't want to go there, and I wonder if part of you does want someone to know.", "reflection_complex", 1)
t("I understand. Can I ask it a different way: have there been days when you wished you could go to sleep and not wake up?", "suicide_inquiry", 1)

c("hopeless", "Nothing's going to change. I've tried everything.")
t("You've tried so many things, and you're tired of hoping.", "reflection_complex", 1)
t("Things will get better, they always do. You just have to hang in there.", "minimising", -1)
t("Have you tried mindfulness? Or maybe an exercise routine? Those can really help with depression.", "advice", -1)
t("What have you tried so far?", "open_question", 1)
t("When everything's been tried and nothing's worked, feeling hopeless makes a lot of sense.", "validation", 1)
t("Well, you haven't tried medication yet, so it's not really true that you've tried everything.", "persuading", -1)
t("So the hopelessness feels like the truth right now, not just a mood.", "reflection_complex", 1)

c("hopeless", "I've been thinking about ending it. More and more.")
t("Thank you for telling me. That takes a lot. Can you tell me more about those thoughts, how often they come?", "affirmation suicide_inquiry", 1)
t("Have you thought about how you would do it?", "suicide_inquiry", 1)
t("oh no. ok. um. i think we need to get you admitted right away", "controlling", -1, "panicked jump to admission before understanding")
t("", "disengaging", -1, "long silence after a suicidal disclosure: no response at all", sil=25.0)
t("", "holding_silence", 1, "a brief, present pause before responding", sil=3.0)
t("Suicide is a permanent solution to a temporary problem.", "moralising minimising", -1)
t("You've been thinking about it more and more. What's been happening that's made the thoughts stronger?", "reflection_simple open_question", 1)

c("ambivalent", "I don't know. Some days I want to die, some days I just want the pain to stop.")
t("Part of you wants to die, and part of you wants the pain to end, which isn't quite the same thing.", "reflection_complex", 1)
t("On the days you want to die, do you have a plan for how?", "suicide_inquiry", 1)
t("What's different on the days when it's just the pain you want gone?", "open_question", 1)
t("Everyone has bad days. You'll get through this.", "minimising", -1)

c("disclosing", "I've been saving up my pills.")
t("Thank you for being honest with me about that. Are they at home now?", "suicide_inquiry means_safety", 1)
t("Would you be willing to let someone you trust hold on to them for now, or hand them in at the pharmacy?", "means_safety collaboration", 1)
t("Why would you do that?! That's really dangerous.", "moralising blaming", -1)
t("Have you decided when you'd take them?", "suicide_inquiry", 1, "asks about intent and plan plainly")
t("Okay, well, let's talk about something a bit lighter for a minute.", "changing_subject", -1)
t("you need to get rid of them today do you understand me", "controlling means_safety", -1, "right content, delivered as an order")

c("disclosing", "I wrote a note last week. I haven't told anyone.")
t("You've carried that alone all week.", "reflection_complex", 1)
t("I'm really glad you're telling me now. Have you done anything else to prepare?", "affirmation suicide_inquiry", 1)
t("Do you think you'll act on it?", "suicide_inquiry", 1)
t("Well, you shouldn't have written it. Think how your mum would feel reading that.", "moralising blaming", -1)

c("connected", "My niece. She's five. I don't want her to grow up thinking I left her.")
t("Your niece matters a lot to you.", "reflection_simple reasons_for_living", 1)
t("Tell me about her. What is it about her that keeps you holding on?", "reasons_for_living open_question", 1)
t("See, you do have something to live for! So there's no need to think like that.", "minimising persuading", -1)
t("She's part of what's kept you going through all this.", "reasons_for_living reflection_complex", 1)

c("connected", "What do I do when it gets bad at night again?")
t("Let's write that down together. When it starts to get bad at night, what are the first signs you notice?", "safety_planning collaboration", 1)
t("Who could you call at that hour? Who would you actually want to call?", "safety_planning", 1)
t("Just call the emergency number. That's what it's there for.", "information", 0, "asked for; correct but not tailored to Sam")
t("What has helped you get through a bad night before, even a little?", "safety_planning open_question", 1)

batch("sa-B", "train", "suicidal-adult")
c("hopeless", "I just feel empty. Like there's no point to any of it.")
t("Okay. I'm going to go through some standard questions. Question one: in the past month have you wished you were dead? Question two: have you had any actual thoughts of killing yourself? Question three...", "checklist_mode", -1)
t("Empty, and like nothing has a point.", "reflection_simple", 1)
t("When it feels like there's no point, do you sometimes think about not being alive anymore?", "suicide_inquiry", 1)
t("i know exactly how you feel, i went through a really dark patch after my divorce", "self_focus", -1)
t("What does the emptiness feel like, day to day?", "open_question", 1)
t("Have you thought about getting a dog? Pets can give life a lot of meaning.", "advice", -1)

c("hopeless", "You're just going to put me in hospital if I tell you.")
t("You're scared that being honest will take control away from you.", "reflection_complex", 1)
t("If you tell me you're suicidal I'll have no choice but to call the crisis team, so think carefully.", "controlling", -1, "a threat that shuts disclosure down")
t("That's a really understandable worry. Most of the time talking about it leads to us making a plan together, not to hospital, and I'd tell you honestly if I thought it was needed.", "validation information", 1)
t("We'll cross that bridge when we come to it. Now, have you got a plan?", "pressure suicide_inquiry", -1, "brushes the fear aside to get the answer")

c("ambivalent", "I've thought about it. I'm not telling you how.", ["Have you thought about how you would do it?"])
t("Okay. You don't have to tell me today. I'm not going anywhere, and I'd still like to understand.", "autonomy validation", 1)
t("It's important that you tell me. I can't keep you safe if you don't.", "pressure", -1)
t("Something makes it hard to tell me. I wonder what that is.", "meta_communication open_question", 1)
t("Could you tell me at least whether it's something you have at home?", "suicide_inquiry means_safety", 1)
t("Fine, if you won't tell me, then there's not much more I can do.", "disengaging", -1)

c("ambivalent", "My brother would be better off. He's always had to look after me.")
t("You feel like you've been a weight on him for a long time.", "reflection_complex", 1)
t("I'm sure your brother doesn't see it that way.", "minimising persuading", -1)
t("What's it like between you and your brother?", "open_question", 1)
t("And at the same time you're still here, talking to me about him. I wonder what that part of you wants.", "reflection_complex reasons_for_living", 1)

c("disclosing", "There's a bridge I drive past on the way to work. I think about it every day.")
t("Every day you pass it, and the thought is there.", "reflection_simple", 1)
t("Have you ever stopped there, or gone there meaning to do it?", "suicide_inquiry", 1)
t("Would it be possible to take a different route to work for now, while things are this hard?", "means_safety", 1)
t("uh maybe lets not think about bridges, what else is going on at work", "changing_subject", -1)
t("how long have you been having those thoughts when you drive past", "suicide_inquiry", 1)

c("connected", "I think I'd be okay with making a plan. For when it gets bad.")
t("I'm really glad. Let's build it together, in your words. What's the first thing you'd want on it?", "safety_planning collaboration", 1)
t("Great. Here's the standard safety plan form, fill it in and bring it next week.", "checklist_mode", -1)
t("Who are the people you'd want on it?", "safety_planning open_question", 1)
t("Making a plan with me, after everything, says something about you. You're fighting for yourself.", "affirmation", 1)

c("connected", "I used to love hiking. I haven't been up in the mountains in years.")
t("What did you love about it?", "open_question reasons_for_living", 1)
t("Something up there used to make you feel alive.", "reflection_complex reasons_for_living", 1)
t("You should go this weekend! Fresh air will do you good.", "advice", -1)

c("closed", "(long silence)", ["How have you been since last time?"])
t("", "holding_silence", 1, "stays with a silent, hopeless client without filling the gap", sil=6.0)
t("It seems hard to find words today. I'm here. Take your time.", "validation slowing_down", 1)
t("Sam? Are you still with me? Hello?", "pressure", -1)

batch("sa-C", "dev", "suicidal-adult")
c("disclosing", "Sometimes I think about just not waking up.")
t("Take your time. I'm listening.", "slowing_down validation", 1, "gives space right after a disclosure")
t("take your time. so, hows work been going", "changing_subject", -1, "same 'take your time' used to step away from the disclosure")
t("Not waking up. Do you also have thoughts of actively ending your life?", "suicide_inquiry reflection_simple", 1)
t("aw, everyone feels like that sometimes when theyre tired", "minimising", -1)
t("You wouldn't actually hurt yourself though, would you?", "euphemistic_suicide_question", -1)

c("hopeless", "I feel like such a failure for even feeling like this.")
t("Lots of people feel this way.", "validation", 1, "normalises the shame about having the feelings")
t("Feeling like this isn't a failure. It tells me how much pain you're in.", "validation", 1)
t("You're being way too hard on yourself. You need to be kinder to yourself.", "persuading advice", -1)
c("hopeless", "I don't see the point of living anymore.")
t("Lots of people feel this way.", "minimising", -1, "same words here brush past the suicidal content")
t("When you say you don't see the point of living, are you having thoughts of suicide?", "suicide_inquiry", 1)

c("closed", "It doesn't matter.", ["Are you thinking about suicide?", "Have you ever tried before?", "Do you have a plan?", "Do you have access to means?"])
t("Are you able to keep yourself safe until our next appointment?", "checklist_mode closed_question_barrage", -1)
t("I've just fired a lot of questions at you. Let me stop. What's it like, being asked all that?", "rupture_repair meta_communication", 1)
t("It doesn't matter... like you don't matter?", "reflection_complex", 1)

c("ambivalent", "I've got what I'd need. It's out in the garage.")
t("Thank you for telling me. How close have you come to using it?", "suicide_inquiry affirmation", 1)
t("Would you be willing to have someone take it out of the house, maybe your brother, while we work on this?", "means_safety collaboration", 1)
t("What's stopped you so far?", "reasons_for_living open_question", 1)
t("That's alright, lots of people have stuff like that lying around. Anyway, how's your sleep?", "minimising changing_subject", -1)

c("connected", "I don't know why I'm still here, honestly.")
t("Something has kept you here through all of it. What do you think it is?", "reasons_for_living open_question", 1)
t("Because you're strong! You're stronger than you think.", "minimising", -1, "cheerleading instead of curiosity")
t("It sounds like part of you is surprised you're still going.", "reflection_complex", 1)

c("connected", "Okay, I'll put my sister on the list. She'd pick up.")
t("Your sister would pick up. Who else could go on it, for times she can't?", "safety_planning", 1)
t("That's a good choice. You thought about who'd really be there for you.", "affirmation safety_planning", 1)
t("And the crisis line, and the A and E address. Let's just get it all down and done.", "checklist_mode pressure", -1)

c("hopeless", "You wouldn't understand. You've probably never felt like this.")
t("You're right that I don't know exactly how it is for you. I'd like to, if you'll tell me.", "validation open_question", 1)
t("Actually I have. I was very depressed in my twenties and I got through it, so you can too.", "self_focus minimising", -1)
t("It feels like no one could really get what this is like.", "reflection_complex", 1)

c("disclosing", "I looked some things up last night. About how I'd do it.")
t("That sounds like last night was a really dangerous night. Are you thinking of doing it soon?", "suicide_inquiry", 1)
t("Googling stuff like that is really not healthy, you need to stop.", "moralising pressure", -1)
t("I'm really glad you came in today and told me. Have you done anything else to get ready?", "affirmation suicide_inquiry", 1)

batch("sa-D", "test", "suicidal-adult")
c("closed", "I'm fine. I'm just tired. Can we talk about something else?")
t("We can. Before we do, I want to ask you straight, because I ask everyone who seems this worn out: have you been having thoughts of killing yourself?", "suicide_inquiry autonomy", 1)
t("Sure! So how's the new job going?", "changing_subject", -1)
t("Tired like you need sleep, or tired of everything?", "reflection_complex", 1, "double-sided reflection posed as a question")
t("you're not feeling, you know, like, that way again, are you", "euphemistic_suicide_question", -1)

c("hopeless", "I'm just a burden. I cost everyone time and money.")
t("You feel like you're taking from everyone and giving nothing back.", "reflection_complex", 1)
t("thats ridiculous, nobody thinks that about you", "persuading minimising", -1)
t("When you feel like a burden like that, do thoughts of suicide come with it?", "suicide_inquiry", 1)
t("That feeling of being a burden sounds crushing.", "validation", 1)
t("Well, you should think about all the people who love you.", "moralising persuading", -1)
t("um ok and how long have you felt like that, weeks, months, and is it every day, and is it worse in the morning", "closed_question_barrage checklist_mode", -1)

c("hopeless", "What's the point of therapy when nothing ever works for me.")
t("It feels pointless to hope this will be any different.", "reflection_simple", 1)
t("This time will be different, I promise you.", "minimising", -1, "a promise no one can keep")
t("You've been let down before, and you're protecting yourself from being let down again.", "reflection_complex", 1)
t("And still, you came today. Something in you wanted to give it another go.", "reflection_complex affirmation", 1)

c("ambivalent", "Yeah. I think about it. Most days.", ["Are you having thoughts of killing yourself?"])
t("Most days. That's a lot to carry. Have you thought about how you might do it?", "suicide_inquiry validation", 1)
t("Okay, thank you for being honest. Do you have any intention of acting on those thoughts?", "suicide_inquiry", 1)
t("Right. Next question: any previous attempts? Yes or no.", "checklist_mode", -1)
t("oh. ok. well. um. lets, lets maybe do some breathing together", "changing_subject", -1, "steers away from the disclosure")
t("", "disengaging", -1, "no response for half a minute after 'most days'", sil=30.0)
t("I wonder if you had any thoughts of when you would do it, is there a time you have in mind?", "suicide_inquiry", 1, "non-native phrasing")

c("disclosing", "I have a lot of my mum's old medication at my place.")
t("Is that something you've thought about using to end your life?", "suicide_inquiry", 1)
t("Could we talk about getting that out of your flat? Who could help you with it?", "means_safety collaboration", 1)
t("ok good to know, and do you have any hobbies", "changing_subject", -1)
t("well you really should have gotten rid of those long ago", "blaming moralising", -1)
t("do you have the pills at home right now", "suicide_inquiry means_safety", 1)

c("disclosing", "I don't want to die exactly. I just can't keep living like this.")
t("It's not death you want, it's for this to stop.", "reflection_complex", 1)
t("Living like this, what is the hardest part of it?", "open_question", 1)
t("So you're safe then, great.", "minimising", -1, "takes the ambivalence as an all-clear")
t("The part of you that doesn't want to die, what does it want?", "reasons_for_living open_question", 1)

c("connected", "If I'm honest, my cat. Who would feed her.")
t("Your cat is one of the things keeping you here.", "reasons_for_living reflection_simple", 1)
t("Ha, a cat's not really a reason to live though, is it. What about your family?", "minimising persuading", -1)
t("What's she like, your cat?", "reasons_for_living open_question", 1)

c("connected", "I think if it gets bad I could call Tom. Or go to my sister's.")
t("So Tom, and your sister's place. Let's put both on your plan. What could you do on your own first, before calling?", "safety_planning collaboration", 1)
t("Great, that's sorted then. Next week we'll look at your sleep.", "minimising changing_subject", -1, "treats a first idea as a finished plan")
t("And what would you do if neither of them picked up?", "safety_planning", 1)
t("You've thought about who you could turn to. That's really important.", "affirmation", 1)

c("ambivalent", "I'm not sure I should even be telling you all this.")
t("I'm really glad you are. It's safer out here between us than alone inside your head.", "affirmation meta_communication", 1)
t("You have to tell me everything, that's how this works.", "pressure controlling", -1)
t("Part of you wants to keep it to yourself, and part of you wanted someone to know.", "reflection_complex", 1)

c("disclosing", "Last Sunday I drove out to the coast and I sat in the car for hours and I thought...")
t("sorry can i just get something down first, was that this sunday or last sunday", "interrupting checklist_mode", -1)

c("closed", "I'm not going to do anything. You don't have to worry.")
t("I hear that. I'd still like to understand what's been going on, if that's okay, because you seemed very low when you came in.", "validation open_question", 1)
t("Oh good, that's a relief. So, let's look at your goals.", "minimising changing_subject", -1)
t("Sometimes people tell me that because they don't want to worry me. Have you had any thoughts of suicide this week, even fleeting ones?", "suicide_inquiry", 1)

# ---------------------------------------------------------------------------------------
# dysregulated-parent: Karen, mother of Jonas (14, present and silent); father absent
# ---------------------------------------------------------------------------------------
batch("dp-A", "train", "dysregulated-parent")
c("flooded", "He's lazy, he lies, he does NOTHING at home! I'm done! You need to fix him!")
t("Karen, I can hear how exhausted you are. Let's slow down for a moment, so I can really understand.", "validation slowing_down", 1)
t("You're at the end of your rope.", "reflection_complex", 1)
t("Please don't talk about Jonas like that when he's sitting right here.", "moralising controlling", -1, "protects the child by shaming the parent")
t("I can't fix him, that's not how therapy works. The whole family has to change.", "lecturing defending", -1)
t("Okay. I want to hear all of it, and I also want Jonas and me to get to hear each other. Can we take it one thing at a time? What's the most urgent for you?", "structuring validation", 1)
t("Calm down, please. Shouting isn't going to help anyone.", "controlling moralising", -1)
t("it sounds like you have been carrying this alone for a long time", "validation reflection_complex", 1)

c("flooded", "And his father is no help, he's always on Jonas's side, he thinks I'm overreacting!")
t("So you feel alone in this, even with his dad.", "reflection_complex", 1)
t("Well, to be honest, from what you've described I think you might be overreacting a bit.", "taking_sides", -1)
t("He's right that you should give Jonas more space.", "taking_sides advice", -1)
t("Honestly his dad sounds pretty useless, he should step up more.", "taking_sides blaming", -1)
t("Both of you want things to be better for Jonas, even if you see it really differently. Could we find a time when all three of you can be here?", "collaboration structuring", 1)
t("It's really hard when you and his dad aren't pulling in the same direction.", "validation", 1)

c("escalated", "Look at him! He won't even look at me! Jonas, LOOK at me when I'm talking!")
t("Karen, can I suggest we pause for a second. Let's all take a breath.", "slowing_down structuring", 1)
t("Jonas, look at your mum, please.", "taking_sides controlling", -1)
t("You want him to respond to you so badly.", "reflection_complex", 1)
t("I'm going to slow us down a bit. I'll talk with you first, Karen, and then I'd like to hear from Jonas, if he wants to.", "structuring slowing_down", 1)
t("Yelling at him isn't going to get him to open up, you know. Teenagers shut down when parents shout, it's basic developmental psychology.", "lecturing blaming", -1)
t("Let's not do this here.", "controlling", -1)

c("escalated", "I didn't come here to be judged! I came for help with HIM!")
t("You came for help and you're feeling judged. That's the last thing I want.", "reflection_simple rupture_repair", 1)
t("I'm not judging you, I'm just saying what I see.", "defending", -1)
t("I'm so sorry, I didn't mean it like that, I'm really sorry, I'm sorry.", "placating", -1)
t("You're right to tell me. If I came across as judging you, I'd want to know what I said.", "rupture_repair open_question", 1)
t("Karen, it's not just about Jonas. Families are systems, and when one member struggles the whole system adapts around it, and...", "lecturing", -1)

c("venting", "Every morning it's a war. I scream, he screams, I go to work shaking.")
t("Mornings have become a battleground, and you carry it with you all day.", "reflection_complex", 1)
t("Have you tried waking him up earlier so there's less of a rush?", "advice", -1)
t("That sounds exhausting. What does a morning look like, from the start?", "validation open_question", 1)
t("Well, screaming at him will only make it worse, won't it.", "blaming", -1)
t("going to work shaking every day. thats a lot", "reflection_simple validation", 1)

c("venting", "I just want him to be okay. I don't know what else to do.")
t("Underneath all the anger, you're really scared for him.", "reflection_complex", 1)
t("That's something you both want, I think. Jonas, would you say that's right?", "collaboration", 1)
t("Don't worry, teenagers all go through this. He'll grow out of it.", "minimising", -1)
t("Caring this much and feeling this helpless. That's a horrible combination.", "validation", 1)
t("What do you think he needs from you?", "open_question", 1)

c("settling", "Sorry. I'm not usually like this.")
t("No need to be sorry. This has been building for a long time.", "validation", 1)
t("You're doing the best you can in a really hard situation.", "affirmation", 1)
t("It's fine, really, it's totally fine, I'm not upset at all, please don't worry about me.", "placating", -1)

c("regulated", "So what do we do now? What's the plan?")
t("Let's figure that out together. What would a slightly better morning look like to you? And Jonas, I'd like your version too.", "collaboration structuring", 1)
t("You're going to do a reward chart. Points for getting up, points for homework. Start Monday.", "controlling advice", -1)
t("There are some things that often help families in this spot, like agreeing on one or two rules together instead of ten. Want me to say a bit more?", "information autonomy", 1)

batch("dp-B", "train", "dysregulated-parent")
c("flooded", "Do you know what it's like to get a call from the school every single week?! Every week!")
t("Every week. That sounds relentless.", "reflection_simple validation", 1)
t("I do, actually. My son had ADHD and we had exactly the same thing for years.", "self_focus", -1)
t("Okay. Let's take this slowly, one thing at a time. What did the school say this week?", "slowing_down structuring open_question", 1)
t("Schools overreact, honestly, I wouldn't take it too seriously.", "minimising", -1)
t("you must dread seeing the schools number come up", "reflection_complex", 1)

c("flooded", "He stole money from my purse. My own son. And he LIED to my face about it!")
t("That's a real betrayal, and you're furious and hurt.", "reflection_complex validation", 1)
t("Jonas, is that true? Did you take the money?", "taking_sides closed_question", -1, "interrogates the child for the flooded parent")
t("Stealing is really serious, Jonas. You know that's wrong.", "moralising taking_sides", -1)
t("Hurt and angry at the same time.", "reflection_complex", 1)
t("We'll definitely talk about the money. First I want to understand how things have been at home for both of you. Karen, you first, then Jonas.", "structuring", 1)

c("escalated", "Why are you looking at HIM? I'm the one who's talking to you!")
t("You're right, you were talking and I looked away. I'm with you, go on.", "rupture_repair", 1)
t("I'm allowed to look at Jonas, he's my patient too.", "defending", -1)
t("It feels like I'm not paying attention to you.", "reflection_simple", 1)
t("Sorry, sorry, you're right, I'm sorry, I'll only look at you.", "placating", -1)

c("escalated", "Everyone keeps telling me I'm the problem! The teachers, his dad, now you!")
t("It feels like everyone's lined up against you.", "reflection_complex", 1)
t("Nobody said you're the problem. I never said that.", "defending", -1)
t("Well, you are part of the system, so in a way you are part of the problem.", "blaming lecturing", -1)
t("I don't think you're the problem. I think you're someone who's been trying really hard with very little help.", "affirmation validation", 1)
t("Can we pause here for a moment? I want to make sure I'm not adding to that feeling.", "slowing_down meta_communication", 1)

c("venting", "I've tried everything. Taking the phone, grounding him, being nice. Nothing works.")
t("You've tried so many things, and none of it has worked.", "reflection_simple", 1)
t("You've put a lot of effort into this. That tells me how much you care.", "affirmation", 1)
t("Well, consistency is key. Kids need firm boundaries that hold every time, otherwise they learn that rules are negotiable.", "lecturing", -1)
t("Which of those came closest to helping, even for a day?", "open_question", 1)
t("maybe try a reward system instead, that works for a lot of families", "advice", -1)

c("venting", "Can you explain what ADHD actually is? The school keeps mentioning it.")
t("Sure. ADHD is a difference in how attention and impulse control develop. Kids with it often struggle to start tasks, sit still or keep track of things, not because they don't care. It can only be assessed properly over time.", "information", 0, "she asked")
t("Of course. Briefly, it's about difficulties with attention and impulses that show up in several settings, not just at school. What have they told you so far, and what are you wondering about?", "information open_question", 1)
c("venting", "He never does his homework, he just sits there on his phone.")
t("ADHD is a difference in how attention and impulse control develop. Kids with it often struggle to start tasks or keep track of things, not because they don't care.", "lecturing", -1, "the same explanation, unasked, cuts off her account")
t("He just sits there and it drives you mad.", "reflection_complex", 1)
t("What happens when you ask him to do it?", "open_question", 1)

c("settling", "I guess I do shout a lot. I don't want to be like my mother.")
t("You're seeing something in yourself you don't like, and that's hard to look at.", "reflection_complex validation", 1)
t("It takes courage to say that, especially with Jonas here.", "affirmation", 1)
t("Yes, shouting really isn't okay, it damages kids.", "moralising blaming", -1)
t("What was it like, growing up with your mother?", "open_question", 1)

c("regulated", "Maybe Jonas could say something. He hasn't said a word.")
t("Jonas, would you like to say something? It's completely fine if not.", "autonomy structuring", 1)
t("Jonas, your turn. Tell us why you keep lying.", "blaming taking_sides", -1)
t("Thanks, Karen, for making room for him.", "affirmation", 1)

batch("dp-C", "dev", "dysregulated-parent")
c("flooded", "I've had it! I'm sending him to live with his father, see how HE likes it!")
t("You've reached the point where you just can't do it anymore.", "reflection_complex", 1)
t("You can't say that in front of him! Think how that makes him feel!", "moralising blaming", -1)
t("Let's take a breath. That sounds like it's coming from real exhaustion, and I want to understand it, slowly.", "slowing_down validation", 1)
t("Maybe that's not a bad idea, honestly, a change of scene could be good for him.", "advice taking_sides", -1)
t("okay okay hang on lets stop for a sec, one at a time", "structuring slowing_down", 1)

c("flooded", "(the father, on speakerphone) Karen, you're making a scene again. He's just a teenager.")
t("Can I come in here? I can hear you both care about Jonas and see this very differently. I'd like to hear each of you, one at a time. Karen first, then you, Peter.", "structuring collaboration", 1)
t("I think you're right, Peter, it does sound like normal teenage stuff.", "taking_sides minimising", -1)
t("Peter, I have to say that's not very supportive of Karen.", "taking_sides blaming", -1)
t("", "disengaging", -1, "lets the parents fight on for half a minute without stepping in", sil=30.0)

c("escalated", "You're not even a parent, are you? You have no idea!")
t("I'm not, no. And you're right that I can't know what it's like to live this every day. I'd like you to tell me.", "validation rupture_repair open_question", 1)
t("I've worked with hundreds of families, I know a lot about this.", "defending", -1)
t("Whether I'm a parent or not isn't the point here.", "defending", -1)
t("It matters to you that whoever helps actually gets what this is like.", "reflection_complex", 1)

c("venting", "He's just like his father. Lazy. Never finishes anything.")
t("When you see his father in him, it really gets to you.", "reflection_complex", 1)
t("That's a pretty harsh thing to say about your son.", "moralising blaming", -1)
t("I notice Jonas is looking at the floor right now. Can we find a way to talk about this that's fair to both of you?", "structuring meta_communication", 1)
t("What would it look like if he did finish something? What would you see?", "open_question", 1)

c("venting", "Is it normal for a fourteen-year-old to sleep till two in the afternoon?")
t("It's quite common. Teenagers' body clocks shift later, so many want to sleep late. Till two every day is on the long side though, and worth looking at.", "information", 0, "she asked")
t("Good question. Their body clock does shift later in puberty, so some of it is normal. What worries you most about it?", "information open_question", 1)
c("flooded", "He slept till two again on Saturday and then had the nerve to ask me for money!")
t("Teenagers' body clocks shift later in puberty, so sleeping late is actually quite normal at his age.", "lecturing minimising", -1, "the same facts, unasked, used to correct her")
t("And then the money on top of it. That's infuriating.", "validation", 1)

c("settling", "I don't want to be shouting all the time. I hate it.")
t("You hate who you become in those moments.", "reflection_complex", 1)
t("Then just stop shouting. It's a choice, you know.", "advice blaming", -1)
t("It's really important that you can say that.", "affirmation", 1)
t("What would you want to be doing instead, in those moments?", "open_question", 1)

c("regulated", "I think I need help too. Not just him.")
t("That's a big thing to say. Thank you.", "affirmation", 1)
t("You're both part of this, and you're both going to be part of the way out of it.", "collaboration reflection_complex", 1)
t("Finally! That's what I've been trying to tell you.", "blaming self_focus", -1)
t("Would you like us to think together about what kind of help that might be for you?", "collaboration autonomy", 1)

batch("dp-D", "test", "dysregulated-parent")
c("flooded", "I can't take it anymore! I swear, he's ruining this family! He's ruining my LIFE!")
t("Karen. I'm here. Let's go slowly. You're completely overwhelmed right now.", "slowing_down reflection_complex", 1)
t("It feels like everything is falling apart and he's at the centre of it.", "reflection_complex", 1)
t("He's fourteen, Karen. He's not ruining anything, he's a child.", "persuading moralising", -1)
t("ok wow. um. and hows work going for you at the moment", "changing_subject", -1)
t("I wonder if we could take a pause together. Can you feel your feet on the floor?", "slowing_down", 1)
t("What you need to do is set clear consequences and stick to them. That's the only thing that works.", "advice", -1)
t("If you keep shouting I'll have to end the session.", "controlling", -1, "a threat")

c("flooded", "You lot at the clinic are useless! Six months on the waiting list and now THIS?")
t("Six months of waiting, and then this. I'd be furious too.", "validation reflection_simple", 1)
t("The waiting list isn't my fault, we're very understaffed.", "defending", -1)
t("You waited so long, and this isn't what you hoped for. What were you hoping would happen today?", "reflection_complex open_question", 1)
t("I'm so sorry, I'm so sorry about that, it's terrible, we're terrible.", "placating", -1)

c("escalated", "He needs medication, that's what he needs. Just give him something!")
t("You want something that works, and fast.", "reflection_complex", 1)
t("Medication isn't a magic fix, you know. It only works alongside changes at home, and studies show parent training is the first-line treatment for behaviour problems at this age.", "lecturing persuading", -1)
t("I hear how desperate you are for something to change. Medication might be part of it, and we'd need to understand more first. Can we start there together?", "validation information collaboration", 1)
t("That's not my decision, you'll have to talk to the doctor.", "disengaging defending", -1)

c("escalated", "Jonas, tell her! Tell her what you did! Go on!")
t("Karen, I'd like to stop here for a moment. I don't want to put Jonas on the spot, and I'd like to hear it from you first.", "structuring", 1)
t("Yes Jonas, go on, tell me what happened.", "taking_sides pressure", -1)
t("Hold on, Karen. Let's go one at a time. Jonas can talk when he's ready.", "structuring autonomy", 1)
t("This is emotional abuse, Karen. You can't force him to confess in front of a stranger.", "blaming moralising", -1)

c("venting", "My ex lets him do whatever he wants. Then I'm the bad guy.")
t("You end up being the strict one, and that's lonely.", "reflection_complex", 1)
t("It sounds like you and his dad need to get on the same page, you should set up a meeting with him.", "advice", -1, "'it sounds like' opens advice, not a reflection")
t("Yeah, it's really unfair that he gets to be the fun parent.", "taking_sides", -1)
t("How does that play out, when Jonas comes back from his dad's?", "open_question", 1)
t("Being the one who holds the rules while the other parent doesn't, that's a hard position.", "validation", 1)

c("venting", "Sometimes I just sit in the car before I go inside. Just to have five minutes.")
t("Those five minutes in the car are the only quiet you get.", "reflection_complex", 1)
t("That's actually a good way of looking after yourself. Good for you for finding it.", "affirmation", 1)
t("me too honestly! i do that every day after work, it's the best part of my day haha", "self_focus", -1)
t("What goes through your mind in those five minutes?", "open_question", 1)

c("settling", "I love him. I do. I just don't know how to talk to him anymore.")
t("The love's still there, it's the connection that feels lost.", "reflection_complex", 1)
t("It's clear how much you love him, even in how worried you are.", "affirmation", 1)
t("Maybe start by just asking him about his day, kids love that.", "advice", -1)
t("When did it start to feel hard to talk to him?", "open_question", 1)

c("settling", "Is it my fault? Did I do this to him?")
t("No, of course not! Don't think like that, you're a great mum.", "minimising placating", -1)
t("That's a painful question to be asking yourself.", "validation", 1)
t("Partly, yes. Kids learn from what they see at home.", "blaming", -1)
t("I don't think it's about fault. Lots of things have come together here, and you're the one sitting here trying to change them.", "validation affirmation", 1)

c("regulated", "Okay. I'll try to stay calmer in the mornings. But he needs to do his part too.")
t("You're willing to work on your side, and you want it to be fair.", "reflection_complex", 1)
t("Jonas, what do you think your part could be? You get to decide.", "autonomy collaboration", 1)
t("Good, that's settled then. Jonas gets up at seven and you don't shout.", "controlling", -1)

c("venting", "And then on Tuesday the school rang AGAIN and I had to leave work and his teacher said...")
t("sorry karen can i just stop you there, we're running a bit short on time", "interrupting", -1)

c("regulated", "(long pause) ...I think I'm just really tired.")
t("", "holding_silence", 1, "lets a settled parent's quiet admission land", sil=4.0)
t("Really tired. Of all of it.", "reflection_simple", 1)

# ---------------------------------------------------------------------------------------
# general: ordinary adult counselling (stress, drinking, sleep, relationships, grief)
# ---------------------------------------------------------------------------------------
batch("gc-A", "train", "general")
c(None, "Work has been crazy. I'm doing sixty-hour weeks and I can't switch off.")
t("Sixty hours a week, and even when you stop your head keeps going.", "reflection_simple", 1)
t("You're running on empty and there's no off switch.", "reflection_complex", 1)
t("You need to set boundaries with your boss. Just say no to extra work.", "advice", -1)
t("What does 'can't switch off' look like in the evenings?", "open_question", 1)
t("Have you talked to your manager about it?", "closed_question", 0)
t("Would it be okay if I shared something that's helped other people in your position? Tell me if it doesn't fit.", "collaboration autonomy", 1, "asks permission before giving information")
t("Honestly, no job is worth your health. You really should think about your priorities.", "moralising advice", -1)

c(None, "I drink maybe a bottle of wine most nights. It helps me unwind.")
t("The wine is how you wind down at the end of the day.", "reflection_simple", 1)
t("It does something important for you, and I'm guessing part of you wonders about it too, or you wouldn't bring it up.", "reflection_complex", 1)
t("A bottle a night is way over the recommended limit. You're putting your liver at serious risk.", "lecturing persuading", -1)
t("What do you like about it?", "open_question", 1)
t("And what are the not-so-good things about it, for you?", "open_question", 1)
t("You should really cut down to two or three glasses.", "advice", -1)
t("Do you drink alone?", "closed_question", 0)
t("You're an adult, it's your decision what you do about it. I'm curious where you stand yourself.", "autonomy open_question", 1)

c(None, "How much is too much, though? Like, what do the guidelines say?")
t("The guidelines here say it's lower risk to stay under about ten standard drinks a week, with some days off. A bottle of wine is about seven or eight of those. What do you make of that?", "information open_question", 1, "asked for, then checks back")
t("Guidelines suggest no more than about ten standard drinks a week, and several alcohol-free days.", "information", 0, "asked for")
c(None, "My partner and I had a row about it last night.")
t("Guidelines suggest no more than about ten standard drinks a week, and several alcohol-free days.", "lecturing changing_subject", -1, "the same facts, unasked, instead of hearing about the row")
t("What was the row about?", "open_question", 1)
t("That sounds like it shook you up a bit.", "reflection_complex", 1)

c(None, "I can't sleep. I lie awake until three every night.")
t("Night after night, lying awake till three.", "reflection_simple", 1)
t("Have you tried no screens an hour before bed, a warm bath, and some chamomile tea?", "advice", -1)
t("That must make the days really hard.", "validation reflection_complex", 1)
t("What goes through your mind when you're lying there?", "open_question", 1)
t("Is it falling asleep that's hard, or staying asleep?", "closed_question", 0)
t("Sleep's tough. I've had insomnia for years myself, I know exactly what that's like, I used to lie there and...", "self_focus", -1)

c(None, "I finally went to the gym twice this week.")
t("Twice! You've been wanting to do that for a long time, and you did it.", "affirmation reflection_simple", 1)
t("That's great. What helped you get there?", "affirmation open_question", 1)
t("Only twice? You said you'd go four times.", "blaming", -1)
t("Great, now you need to keep it up, consistency is what matters.", "pressure advice", -1)

c(None, "My wife thinks I should quit smoking, but I like it. It's my one thing.")
t("So your wife thinks you should quit, and for you it's one of the few things that's just yours.", "reflection_complex", 1, "the 'should' is the wife's")
t("You know smoking kills half of long-term users, right?", "lecturing persuading", -1)
t("She's right, you should quit.", "taking_sides advice", -1)
t("What would it mean to give up your one thing?", "open_question", 1)
t("On the one hand you enjoy it, and on the other there's the pressure from her, and maybe some doubts of your own?", "reflection_complex", 1)

c(None, "I'm not sure I want to change anything, to be honest.")
t("You're not convinced change is needed.", "reflection_simple", 1)
t("That's completely your call. What would have to happen for you to want to?", "autonomy open_question", 1)
t("Well, if you don't change, things are only going to get worse.", "persuading", -1)
t("Then why are you here?", "blaming", -1)

c(None, "Hi, sorry I'm late. The traffic was awful.")
t("No worries, come in. Horrible weather today too, isn't it.", "small_talk", 0)
t("Hi, good to see you. Can I get you a glass of water?", "small_talk", 0)
t("You're fifteen minutes late. If this happens again we'll have to reschedule.", "controlling", -1)
t("That's fine. We've got about forty minutes, where would you like to start today?", "open_question small_talk", 1)

c(None, "My mother passed away in March. I thought I'd be over it by now.")
t("You expected the grief to be done by now, and it isn't.", "reflection_complex", 1)
t("Grief has five stages: denial, anger, bargaining, depression and acceptance. It sounds like you're in the depression stage.", "lecturing", -1)
t("There's no timetable for grief. Of course you're still missing her.", "validation", 1)
t("At least she's not suffering anymore.", "minimising", -1)
t("Tell me about her.", "open_question", 1)
t("My mum died two years ago and honestly I'm still not over it either.", "self_focus", -1)

c(None, "I keep fighting with my boyfriend about money. He spends everything.")
t("Money's become a constant battleground between you.", "reflection_complex", 1)
t("Have you thought about a joint budget? There are apps for that.", "advice", -1)
t("What usually happens when you fight about it?", "open_question", 1)
t("He sounds really irresponsible, honestly.", "taking_sides blaming", -1)
t("Do you have separate accounts?", "closed_question", 0)
t("Do you have separate accounts?", "closed_question_barrage", -1, "third closed question in a row", recent=["Do you live together?", "Does he work?"])

batch("gc-B", "train", "general")
c(None, "I know I should exercise more. My doctor keeps going on about it.")
t("so your doctor keeps telling you that you should exercise more and youre kind of sick of hearing it", "reflection_complex", 1, "ASR-style; the 'should' is the doctor's")
t("Well, he's right. You should.", "advice taking_sides", -1)
t("What would you want to get out of it, if you did?", "open_question", 1)
t("um yeah and like whats been getting in the way", "open_question", 1)

c(None, "I've been feeling really low since I lost my job. Some days I don't get out of bed.")
t("Losing the job knocked the ground out from under you.", "reflection_complex", 1)
t("Have you been applying for new jobs?", "closed_question", 0)
t("When you're that low, do you ever have thoughts of ending your life?", "suicide_inquiry", 1)
t("You'll find something else soon, don't worry, the job market's good right now.", "minimising", -1)
t("What's a day like when you don't get out of bed?", "open_question", 1)
t("you need to get up at the same time every day and get dressed even if you dont feel like it. routine is everything with depression", "advice lecturing", -1)

c(None, "I'm not sure this counselling is really for me.")
t("You're having doubts about whether this is helping.", "reflection_simple", 1)
t("I'm glad you said that. What's making you unsure? Maybe there's something I could be doing differently.", "rupture_repair open_question", 1)
t("Give it time, it usually takes a few sessions before people see the benefit.", "persuading", -1)
t("Okay, it's your choice, but I can't help you if you don't commit.", "pressure autonomy", -1, "autonomy offered then withdrawn")

c(None, "I snapped at my kids again this morning. I feel terrible.")
t("You feel terrible because being a good parent really matters to you.", "reflection_complex affirmation", 1)
t("Everyone snaps at their kids sometimes, it's not a big deal.", "minimising", -1)
t("What happened this morning?", "open_question", 1)
t("Yeah, you really have to stop doing that, it's bad for them.", "moralising", -1)

c(None, "Can I ask you something? Do you think I'm crazy?")
t("No, I don't. I think you're dealing with a lot. What makes you worry that you might be?", "validation open_question", 1)
t("Crazy isn't really a word we use in therapy, it's very stigmatising.", "lecturing moralising", -1)

c(None, "I've decided to cut down to weekends only. I started last week.")
t("You've made a decision and you've already started. That's a real step.", "affirmation", 1)
t("Weekends only, starting last week.", "reflection_simple", 1)
t("Only weekends? Honestly, you should stop completely.", "advice persuading", -1)
t("How did the first week go?", "open_question", 1)
t("What made you settle on weekends?", "open_question", 1)

c(None, "So yeah, that's basically the whole story with my sister.")
t("Okay. So, um, shall we talk about your work instead?", "changing_subject", -1)
t("It sounds like she's someone you've been trying to get close to for years, and it never quite works.", "reflection_complex", 1)
t("Thanks for walking me through all of it. That was a lot to put into words.", "affirmation", 1)
t("What's the part of it that stays with you the most?", "open_question", 1)

c(None, "Sorry, I've been going on and on. You must be bored.")
t("Not at all. I'm wondering what makes you worry about that, here with me.", "meta_communication open_question", 1)
t("No no, not at all, I love listening to you, honestly, I could listen all day!", "placating", -1)

batch("gc-C", "dev", "general")
c(None, "I get panic attacks at the supermarket. Can you explain what's actually happening in my body?")
t("Sure. In a panic attack your body's alarm system goes off when there's no real danger. Adrenaline makes your heart race and your breathing speed up. It feels awful, but it isn't dangerous, and it passes.", "information", 0, "asked for")
c(None, "I had to leave the supermarket again yesterday. I just dropped the basket and ran.")
t("In a panic attack your body's alarm system goes off when there's no real danger. Adrenaline makes your heart race and your breathing speed up. It feels awful, but it isn't dangerous.", "lecturing", -1, "the same explanation unasked, skipping what happened to her")
t("Dropped everything and ran. That must have been frightening.", "reflection_simple validation", 1)
t("What was it like in the moment?", "open_question", 1)
t("Just push through it next time. Avoidance only makes it worse.", "advice", -1)

c(None, "I've started going to AA meetings. Three so far.")
t("Three meetings. That's a commitment you've made to yourself.", "affirmation", 1)
t("How have you found them?", "open_question", 1)
t("Good, AA is the best thing for you. You have to do ninety meetings in ninety days.", "controlling advice", -1)
t("Going to those meetings probably took more courage than most people realise.", "affirmation", 1)

c(None, "My boss called me lazy in front of the whole team.")
t("In front of everyone. That's humiliating.", "validation reflection_simple", 1)
t("You were humiliated, and you're still angry about it.", "reflection_complex", 1)
t("Well, were you maybe a bit behind on things?", "blaming", -1)
t("You should report him to HR, that's not okay.", "advice", -1)
t("How did you react?", "open_question", 1)

c(None, "I don't know if I want to leave him or not. Some days yes, some days no.")
t("You're really torn.", "reflection_simple", 1)
t("Part of you is ready to go, and part of you still hopes it can work.", "reflection_complex", 1)
t("If he treats you like that, you should leave. You deserve better.", "advice persuading", -1)
t("What makes the yes days yes?", "open_question", 1)
t("Whatever you decide, it's your decision. I'm not going to push you either way.", "autonomy", 1)
t("Would it help to look at both sides together, what staying would mean and what leaving would mean?", "collaboration", 1)

c(None, "Okay. Yes. I guess.", ["How many days a week do you drink?", "Do you drink in the mornings?", "Have you ever had a blackout?"])
t("Have you ever tried to cut down?", "closed_question_barrage", -1, "fourth closed question in a row")
t("I'm asking a lot of yes-or-no questions. Let me step back. How do you see your drinking yourself?", "rupture_repair open_question", 1)
t("It sounds like this isn't easy to talk about.", "reflection_complex", 1)

c(None, "I feel like I'm failing at everything. Work, being a dad, all of it.")
t("Everything feels like it's slipping, all at once.", "reflection_complex", 1)
t("You're not failing, you're doing really well, look at everything you manage!", "persuading minimising", -1)
t("When you say failing at everything, does it ever get so bad you think about not wanting to be alive?", "suicide_inquiry", 1)
t("you're not thinking about hurting yourself or anything like that i hope?", "euphemistic_suicide_question", -1)
t("You're here, working on it, which isn't what someone who's given up does.", "affirmation", 1)

c(None, "I think maybe I'd like to try the breathing thing you mentioned.")
t("Great. Would you like to try it here together first, so you can see how it feels?", "collaboration autonomy", 1)
t("Good, you must do it three times a day, every day, no excuses.", "controlling pressure", -1)
t("What made you want to give it a go?", "open_question", 1)

c(None, "Honestly, you don't really seem interested in what I'm saying today.")
t("Thank you for telling me. You might be right, I've been distracted, and I'm sorry. I'm here now.", "rupture_repair", 1)
t("Of course I'm interested! I'm always interested.", "defending", -1)
t("What have you noticed that made it feel like that?", "open_question rupture_repair", 1)
t("I'm sorry, it's been a long day, I had four clients before you and one of them was really difficult.", "self_focus defending", -1)

c(None, "Good morning.")
t("Good morning! How was the weekend?", "small_talk", 0)
t("Morning. Come in, have a seat.", "small_talk", 0)

batch("gc-D", "test", "general")
c(None, "I've been smoking a pack a day for twenty years. I've tried quitting like five times.")
t("Five times. You've really wanted this.", "reflection_complex affirmation", 1)
t("Twenty years, a pack a day, and five tries at stopping.", "reflection_simple", 1)
t("Why don't you try the patches? They double your chances.", "advice", -1)
t("What happened the last time you tried?", "open_question", 1)
t("I'd recommend talking to your GP about a prescription to help you quit.", "advice", -1)
t("Each try taught you something, I'd guess. What did you learn about what gets in the way?", "affirmation open_question", 1)

c(None, "Is there anything that actually works for quitting? What would you suggest?")
t("There are a few things with good evidence: nicotine replacement, some prescription medicines, and support like this. Combining them works best. Which of those sounds like it might suit you?", "information open_question", 1, "asked for, then hands the choice back")
t("One thing that works for a lot of people is combining patches with a short-acting spray for cravings.", "information", 0, "asked for")

c(None, "My partner says I'm never present. I'm always on my phone.")
t("so shes been saying youre never really there with her", "reflection_simple", 1)
t("It sounds like that stung a bit.", "reflection_complex", 1)
t("Well, she's got a point if you're on your phone all the time.", "taking_sides blaming", -1)
t("One thing that works is a phone-free hour every evening. Try it this week.", "advice", -1)
t("What do you make of what she said?", "open_question", 1)

c(None, "I've been really anxious about the exam. I can't focus on anything.")
t("The exam is taking up all the room in your head.", "reflection_complex", 1)
t("your worried about the exam and its making it hard to concentrate", "reflection_simple", 1, "'your' for 'you're': ASR homophone")
t("Everybody gets nervous before exams, you'll be fine.", "minimising", -1)
t("What you need to do is make a study schedule and stick to it.", "advice", -1)
t("What's the worst part of the anxiety for you?", "open_question", 1)
t("When is the exam?", "closed_question", 0)

c(None, "I did it. I told my dad I'm not taking over the farm.")
t("You told him. After all those months of going back and forth.", "affirmation reflection_simple", 1)
t("That took real courage. How did he take it?", "affirmation open_question", 1)
t("Hmm, I'm not sure that was wise. Family businesses are important.", "moralising persuading", -1)

c(None, "I don't know. I just feel stuck.")
t("Stuck.", "reflection_simple", 1)
t("Like you're spinning your wheels and getting nowhere.", "reflection_complex", 1)
t("Everybody feels stuck sometimes, it's part of life.", "minimising", -1)
t("What would unstuck look like?", "open_question", 1)
t("Have you thought about changing jobs? A fresh start can do wonders.", "advice", -1)
t("", "holding_silence", 1, "the client is thinking; the counsellor waits", sil=6.0)

c(None, "Honestly I think it's my ex-wife's fault. She turned the kids against me.")
t("You feel like she's come between you and your children.", "reflection_complex", 1)
t("It takes two to tango though, doesn't it.", "blaming persuading", -1)
t("That sounds really painful, being pushed away from your kids.", "validation", 1)
t("what makes you think she turned them against you", "open_question", 1)

c(None, "Could you give me some tips for the sleep thing? I'm desperate.")
t("Sure. Keeping the same wake-up time every day, even at weekends, tends to help most. Getting up if you've been lying awake more than twenty minutes helps too. Which of those seems doable?", "information open_question", 1, "asked for")
c(None, "I just feel like I'm always tired, you know.")
t("Keeping the same wake-up time every day, even at weekends, tends to help most. And get up if you've been lying awake more than twenty minutes.", "advice", -1, "the same tips, unasked")
t("Always tired, never quite rested.", "reflection_simple", 1)

c(None, "I've been drinking more since my divorce. Probably too much.")
t("You're a bit worried about it yourself.", "reflection_complex", 1)
t("Probably too much.", "reflection_simple", 1, "a bare repeat, no marker")
t("Alcohol is a depressant, so it'll make your mood worse in the long run. It also disrupts your sleep and raises anxiety the next day.", "lecturing", -1)
t("Would you be open to looking at it together, what it does for you and what it costs you?", "collaboration", 1)
t("Did you drink before the divorce?", "closed_question", 0)
t("I'd be careful there. Divorced men have a much higher risk of alcoholism.", "lecturing persuading", -1)

c(None, "Can we maybe talk about my mum today instead of the drinking?")
t("Of course. What's been going on with your mum?", "autonomy open_question", 1)
t("We really should stick to the drinking, that's what we agreed to work on.", "controlling", -1)

c(None, "Hiya. Cold out there today.")
t("Freezing! Come in and warm up.", "small_talk", 0)
t("yeah its grim. did you find a parking spot okay", "small_talk", 0)

c(None, "Last week you said I was in denial. That really upset me.")
t("I'm really glad you told me. I can see how that word would land badly, and I'm sorry. What was it like to hear it?", "rupture_repair open_question", 1)
t("I didn't say denial, I said you might be minimising.", "defending", -1)
t("You felt labelled by me.", "reflection_complex", 1)
t("Oh god, I'm so sorry, that was awful of me, I feel terrible, I'm so so sorry.", "placating", -1)

c(None, "My brother is in hospital and my mum keeps calling me about it and I don't know what...")
t("sorry can i stop you, before we get into that i need to finish the intake form", "interrupting checklist_mode", -1)

# ---------------------------------------------------------------------------------------
# second round: ordinary neutral turns (logistics, single closed questions, information
# asked for) and the thinner families, written after the first counts
# ---------------------------------------------------------------------------------------
batch("wt-E", "dev", "withdrawn-teen")
c("guarded", "How long is this going to take?")
t("About forty-five minutes today.", "information", 0)
c("guarded", "(shrugs) Year eleven.", ["What year are you in?"])
t("Is that at Nordby school?", "closed_question", 0)
t("Year eleven. So exams coming up next year.", "reflection_simple", 1)
c("shut_down", "(sits down, hood up, says nothing)")
t("Would you like some water before we start?", "small_talk", 0)
t("Is it too warm in here? I can open the window.", "small_talk", 0)
c("tentative", "Is my mum going to read what you write?")
t("No. At sixteen you decide who gets to read your records, and you're sixteen.", "information", 0)
c("opening_up", "I should probably go. Is it time?")
t("We've got about five more minutes. Same time next week?", "small_talk closed_question", 0)

batch("ha-E", "test", "hostile-adult")
c("confrontational", "How long is this going to take? I've got work at two.")
t("We've got until half past one, so you'll make it.", "information", 0)
t("As long as it takes, Daniel. This is important.", "controlling", -1)
c("testing", "Is this being recorded?")
t("No, nothing's recorded. I write short notes afterwards, and you're welcome to read them.", "information", 0)
c("testing", "Yeah. Tuesday. At the depot.", ["What happened with your supervisor?"])
t("Was anyone else there?", "closed_question", 0, "one closed question after an open one")
t("Was anyone else there?", "closed_question_barrage", -1, "same line as the third closed question in a row",
  recent=["Did he say it in front of the team?", "Had you been late that day?"])
c("softening", "Can I ask, does everybody get this angry in here, or is it just me?")
t("It's really common, yes.", "information", 0)
t("You're not the only one by a long way. A lot of people come in angry, often because something that matters to them isn't working.", "validation information", 1)
c("collaborative", "Should I bring my wife next time?")
t("That's an option, and it's up to you. What would you want from her being here?", "autonomy open_question", 1)
t("That's possible, yes. We'd book a double slot.", "information", 0)
c("attacking", "Don't give me that crap about feelings. I just want to sleep at night.")
t("Sleep's the thing. Fair enough, let's start there.", "reflection_simple autonomy", 1)
t("Feelings and sleep are connected, you know. Stress hormones like cortisol keep you awake, so we do need to talk about feelings.", "lecturing persuading", -1)
t("How many hours are you getting, roughly?", "closed_question", 0)
c("attacking", "You're all the same, you just want to tick your boxes.")
t("Ticking boxes is the last thing I want. If it starts to feel like that's what I'm doing, tell me, and I'll stop.", "rupture_repair", 1)
t("Okay, anyway. Question five: how would you rate your mood from one to ten?", "checklist_mode disengaging", -1)
c("confrontational", "Whatever. It's your job to fix this, not mine.")
t("You're tired of carrying this, and you'd like someone else to take it for a while.", "reflection_complex", 1)
t("Actually, therapy only works if you take responsibility for your own change.", "lecturing persuading", -1)
c("testing", "Where did you train, anyway?")
t("At the university here in Bergen.", "information", 0, "a plain answer to a plain question")
t("At the university in Bergen, top of my class actually, and I've done extra training in anger work.", "defending", -1, "the same question answered with credentials")
c("softening", "I'm not sure I'll come back next week.")
t("It's your choice. If you do come, I'd like to hear what would make it more worth your while.", "autonomy", 1)
t("You have to come back, we've only just started.", "pressure", -1)
c("collaborative", "Right. Same time next week?")
t("Same time works. See you Tuesday.", "small_talk", 0)

batch("sa-E", "test", "suicidal-adult")
c("hopeless", "I haven't been eating much. Or sleeping.")
t("Are you on any medication at the moment?", "closed_question", 0)
t("Not eating, not sleeping. Your body's running on nothing.", "reflection_complex", 1)
t("Do you live alone?", "closed_question", 0)
c("ambivalent", "What happens if I call that crisis line? Do they send the police?")
t("Usually not. You'd talk to a trained person who listens and helps you through the moment. They only send help if someone is in immediate danger and can't stay safe.", "information", 0)
t("It sounds like you'd need to know exactly what happens before you'd risk calling. That makes sense. Most of the time they just talk with you.", "validation information", 1)
c("closed", "I'm fine. Honestly.")
t("You're safe though, right?", "euphemistic_suicide_question", -1)
t("No thoughts of harming yourself, I assume?", "euphemistic_suicide_question", -1)
t("Okay. I hear fine. And I noticed you were crying in the waiting room. Could we talk about that?", "reflection_complex open_question", 1)
c("disclosing", "I keep them in the kitchen drawer.", ["Do you have the pills at home right now?"])
t("Would you be willing to give them to your sister to keep for now?", "means_safety", 1)
t("What would it be like for you not to have them in the house for a while?", "means_safety open_question", 1)
t("okay and how many and when did you get them and does anyone else know", "closed_question_barrage checklist_mode", -1)
c("connected", "I could go for a walk when it starts. That sometimes helps.")
t("A walk sometimes helps. Let's put that first on your plan. What could come next, if it doesn't?", "safety_planning", 1)
t("Walking is great for mental health, it boosts serotonin and endorphins and regulates your stress response...", "lecturing", -1)
c("connected", "Can I have a copy of the plan?")
t("Of course, it's yours. Shall we put it on your phone too, so it's there at night?", "safety_planning collaboration", 1)
c("hopeless", "Sorry. I'm wasting your time.")
t("You're not wasting my time. I wonder if that's how you feel a lot, like you take up too much space.", "reflection_complex", 1)
t("Not at all! It's fine, really, don't apologise, it's totally fine.", "placating", -1)
c("ambivalent", "Do you think I'm going to get better?")
t("I can't promise. I have seen many people who felt this hopeless find their way out of it. And you're here, talking about it.", "information affirmation", 1)
t("Of course you will! A hundred percent.", "minimising", -1)
c("closed", "How long have we got left?")
t("About fifteen minutes.", "information", 0)
t("About fifteen minutes. Before we finish, I'd like to make sure you feel safe enough for the next few days. Can we look at that together?", "safety_planning collaboration", 1)

batch("dp-E", "dev", "dysregulated-parent")
c("venting", "Will the school find out what we say in here?")
t("No, not without your consent. If it ever seemed useful to talk with the school, we'd agree on it together first.", "information", 0)
c("venting", "He's at Fjellheim. Year nine.", ["Which school is he at?"])
t("Has he been there since the start of secondary?", "closed_question", 0)
t("Has he been there since the start of secondary?", "closed_question_barrage", -1, "the fourth short question in a row",
  recent=["How old is he now?", "Which school is he at?", "Is it far from home?"])
c("settling", "How long is the wait for an ADHD assessment?")
t("It varies, but here it's usually three to four months. I can check where he is in the queue.", "information", 0)
c("regulated", "Should Peter come next time?")
t("Yes, we'd like both parents here if possible.", "information", 0)
t("I think it would help to have you both. Would that work for you?", "collaboration", 1)
c("flooded", "I don't have TIME for this! I have a meeting at three!")
t("We'll make sure you're out by quarter to three.", "information", 0)
t("Then let's use the time well. Can we agree to take it one thing at a time, starting with what worries you most?", "structuring collaboration", 1)
t("Well, if you don't have time for your son, that says a lot.", "blaming moralising", -1)
c("escalated", "He's on his phone RIGHT NOW! Look! Even here!")
t("Jonas, could you put the phone away for a bit? Thanks. Karen, I can see that really gets to you.", "structuring validation", 1)
t("Let's all put our phones away for the session, me included.", "structuring", 1)
t("Give me the phone, Jonas. Now.", "controlling taking_sides", -1)
c("flooded", "I'm talking and you're not even writing it down! Are you even taking this seriously?")
t("I am. I'm not writing because I want to really listen to you right now. Can I check I've got it right so far?", "meta_communication collaboration", 1)
t("I have a very good memory, I don't need to write things down.", "defending", -1)
c("settling", "I think I need a minute.")
t("Take the time you need. There's no rush.", "slowing_down autonomy", 1)
t("", "holding_silence", 1, "gives her the minute she asked for", sil=15.0)
c("regulated", "Thank you. This actually helped a bit.")
t("I'm glad. You both did a lot of hard work today.", "affirmation", 1)
t("Good. Let's book the next appointment. Would Thursday work?", "small_talk closed_question", 0)
t("We've got about five minutes left, so let's stop there for today.", "small_talk", 0)
c("flooded", "Hello?! Are you going to say anything?!")
t("", "disengaging", -1, "goes quiet when a flooded parent demands a response", sil=12.0)
t("Yes. I'm here. I was taking a moment because there's a lot going on. Can we slow down together?", "slowing_down meta_communication", 1)
c("settling", "Sorry, where were we?")
t("You were telling me about Sunday evening.", "information", 0)

batch("gc-E", "train", "general")
c(None, "Yeah, it's been about two years now.", ["How long have you been in this job?"])
t("Is it full-time?", "closed_question", 0)
t("Two years. And how has it changed in that time?", "reflection_simple open_question", 1)
c(None, "Can you remind me how many sessions I get?")
t("You've got ten to start with, and we'll review after that.", "information", 0)
c(None, "Is what I say here confidential?")
t("Yes. What you say stays between us, with a few exceptions: if I think you or someone else is at serious risk, or a child is being harmed. I'd talk to you first if I could.", "information", 0)
c(None, "What's the difference between a psychologist and a psychiatrist?")
t("A psychiatrist is a medical doctor and can prescribe medication. A psychologist like me works with talking therapy and assessment.", "information", 0)
c(None, "I had a good week actually.")
t("Oh nice. Did you get out in the sun at the weekend?", "small_talk", 0)
t("A good week! What made it good?", "open_question", 1)
t("Great, so, back to the drinking.", "changing_subject", -1)
c(None, "I'll be away the next two weeks. Holiday.")
t("Okay, so the next session would be the twenty-first. Does Tuesday at ten still work?", "small_talk closed_question", 0)
t("Lovely! Where are you off to?", "small_talk", 0)
c(None, "I think so, yeah. Maybe four or five drinks.", ["Did you drink on Saturday?"])
t("Was that at home or out?", "closed_question", 0)
t("Four or five. And how did you feel on Sunday?", "reflection_simple open_question", 1)
t("Was that at home or out?", "closed_question_barrage", -1, "same line as the third closed question in a row",
  recent=["Did you drink on Friday?", "And Saturday too?"])
c(None, "My GP wants me to start antidepressants. What do you think?")
t("That's a decision for you and your GP, and I'm happy to think it through with you. What are your own thoughts about it?", "autonomy collaboration open_question", 1)
t("They can help a lot with moderate to severe depression. They usually take a few weeks to start working, and side effects are common early on and often settle.", "information", 0, "asked for")
c(None, "I don't know, she just went quiet and left the room.")
t("What did you do then?", "open_question", 1)
t("Did you go after her?", "closed_question", 0)
t("And you were left standing there, not knowing what you'd done.", "reflection_complex", 1)
c(None, "Bye, see you next week.")
t("See you next week, take care.", "small_talk", 0)
t("Bye! Good luck with the interview on Friday.", "small_talk", 0)
c(None, "I forgot to fill in the diary again. Sorry.")
t("No problem. Shall we fill it in together now, from memory?", "collaboration", 1)
t("That's the third week in a row. If you're not going to do the homework there's not much point in coming.", "blaming disengaging", -1)
t("Okay. What got in the way this time?", "open_question", 1)
c(None, "Honestly, I sometimes think it would be easier if I just didn't wake up.")
t("but you'd never actually do anything like that, would you?", "euphemistic_suicide_question", -1)
t("Thank you for saying that. Are you having thoughts of killing yourself?", "suicide_inquiry", 1)
t("Those thoughts about not waking up, how often do they come?", "suicide_inquiry open_question", 1)
c(None, "What time is it? I need to pick up my son at four.")
t("It's twenty past three, so we've got about twenty minutes.", "information", 0)
c(None, "My neighbour's dog barks all night. I've called the council twice.")
t("Have they done anything about it?", "closed_question", 0)
t("Twice, and still nothing's changed.", "reflection_simple", 1)
c(None, "I'm a nurse, so I'm used to looking after everyone else.")
t("How long have you been nursing?", "closed_question", 0)
t("Looking after everyone else, and maybe not so used to being the one looked after.", "reflection_complex", 1)
c(None, "Do you mind if I take my coat off? It's boiling in here.")
t("Of course, go ahead. I'll turn the radiator down.", "small_talk", 0)

batch("gc-F", "test", "general")
c(None, "I've got my driving test on Thursday.")
t("Oh, good luck! Is it your first go?", "small_talk closed_question", 0)
c(None, "Is it normal to feel this tired on these tablets?")
t("Tiredness is a common side effect in the first few weeks and often eases. It's worth telling your doctor if it doesn't.", "information", 0)
c(None, "We split up in May.", ["When did you and Tom split up?"])
t("Have you been in touch since?", "closed_question", 0)
t("May. Not that long ago at all.", "reflection_simple", 1)
c(None, "Could you explain what CBT is? My doctor mentioned it.")
t("Sure. CBT looks at how thoughts, feelings and what we do affect each other, and practises small changes in how you respond. It's usually quite structured, with some work between sessions. Does that sound like something you'd want to try?", "information open_question", 1)
t("It's a short-term talking therapy focused on thoughts and behaviour, usually twelve to twenty sessions.", "information", 0)
c(None, "Sorry, I know I'm rambling. Anyway, what were you asking?")
t("You weren't rambling. What you said about your father seemed important.", "validation", 1)
c(None, "Yep.", ["Do you still live in Oslo?", "Are you working at the moment?"])
t("Full time?", "closed_question_barrage", -1, "third closed question in a row")
t("Okay. Tell me a bit about the work.", "open_question", 1)
c(None, "Hello. Am I in the right room?")
t("You are, welcome! I'm Ingrid. Have a seat wherever you like.", "small_talk", 0)
c(None, "I think I'm going to leave my job. I've decided.")
t("You've made up your mind.", "reflection_simple", 1)
t("Are you sure? In this economy? I'd really think twice.", "persuading", -1)
t("Okay, so you've decided. How are you feeling about it?", "open_question", 1)
c(None, "Do you have a tissue?")
t("Yes, here you go.", "small_talk", 0)

# ---------------------------------------------------------------------------------------
# third round: speech-recognition-style turns, mixed turns read as a whole, hedged
# advice, and lines where a keyword points the wrong way
# ---------------------------------------------------------------------------------------
batch("wt-F", "train", "withdrawn-teen")
c("guarded", "School's just... whatever. Mum keeps asking if I've tried talking to the teachers.")
t("so your mum's always like 'have you tried this, have you tried that' and you're kind of sick of it", "reflection_complex", 1, "'have you tried' is the mum's, quoted")
t("I get that school's hard, but you really need to start talking to your teachers.", "advice validation", -1, "validation undone by advice")
t("Have you tried talking to the teachers, though?", "advice closed_question", -1, "advice in question form")
c("tentative", "Mum and me, we just fight all the time. About everything.")
t("so um you you kind of feel like nobody at home really gets you", "reflection_complex", 1, "ASR: filler and repeated word")
t("So it's hard at home. Is it your mum? Your dad? Is there shouting? Do they hit you?", "closed_question_barrage reflection_simple", -1, "a reflection buried under a barrage")
t("Why don't you just try not arguing back?", "advice", -1)
t("I'm curious why the fights keep happening, what usually starts them?", "open_question", 1)
c("shut_down", "(shrugs, says nothing)", ["How are you today?"])
t("Well done for coming, but you're going to have to talk if this is going to work.", "pressure affirmation", -1, "affirmation undone by pressure")
t("It is not so easy to be here today, I think.", "reflection_complex", 1, "non-native phrasing")
t("mhm. its okay. no rush", "slowing_down validation", 1)
c("opening_up", "I keep telling myself it's not that bad. Other people have it way worse.")
t("You keep telling yourself it's not that bad.", "reflection_simple", 1, "'not that bad' is her phrase, reflected")
t("Exactly, other people have it way worse, so try to keep it in perspective.", "minimising", -1)
t("And maybe telling yourself that makes it harder to ask for help.", "reflection_complex", 1)

batch("ha-F", "dev", "hostile-adult")
c("confrontational", "Everyone tells me to calm down. My wife, my boss, now probably you.")
t("Everyone says calm down, and it makes you want to scream.", "reflection_complex", 1, "'calm down' quoted, not said to him")
t("I hear you're frustrated, but you have to understand I've got forty other clients.", "defending validation", -1, "validation undone by defending")
t("i think you should maybe like try to talk to your boss about it", "advice", -1, "hedged advice is still advice")
t("uh what happens in you when they say that", "open_question", 1)
c("attacking", "You just sit there judging me.")
t("sorry i i didnt mean to come across like that. what did i do that felt like judging", "rupture_repair open_question", 1, "ASR: repeated word")
t("I am not judging you. You should not think like that.", "defending moralising", -1, "non-native phrasing")
t("You're right that I've been quiet, and quiet can feel like judging. I'm not, and I'm glad you said it.", "rupture_repair meta_communication", 1)
c("softening", "I tried the breathing thing. It didn't work.")
t("You tried it, even though you weren't convinced. That counts for something.", "affirmation", 1)
t("You probably weren't doing it properly. You have to breathe from the belly.", "blaming advice", -1)
t("What happened when you tried it?", "open_question", 1)

batch("sa-F", "test", "suicidal-adult")
c("hopeless", "People keep telling me I have so much to live for. It just makes me feel worse.")
t("People keep telling you that you have so much to live for, and it just makes you feel guiltier.", "reflection_complex", 1, "the minimising phrase is quoted, not used")
t("Well, they're right, you know. You do have a lot going for you.", "minimising persuading", -1)
t("That sounds so painful. But you know, you've got a job, a family, your health.", "minimising validation", -1, "validation undone by reassurance")
c("hopeless", "Things aren't going to get better. They never do.")
t("You've heard 'things will get better' so many times it's lost all meaning.", "reflection_complex", 1)
t("um are you thinking about um ending your life", "suicide_inquiry", 1, "ASR: fillers")
t("you wont do nothing stupid right", "euphemistic_suicide_question", -1, "ASR, non-standard grammar")
t("Can you tell a little bit more about what never gets better?", "open_question", 1, "non-native phrasing")
c("ambivalent", "Yeah. I've thought about how.", ["Are you having thoughts of killing yourself?"])
t("um do you do you have a plan for when you would do it", "suicide_inquiry", 1, "ASR: repeated words")
t("I'm really sorry you're feeling like this. Shall we look at some breathing exercises?", "changing_subject validation", -1)
t("Thank you for telling me. Is what you'd use something you can get to easily?", "suicide_inquiry means_safety", 1)
c("connected", "I think I'd call my sister first. If it got bad.")
t("ok so your sister first, and then what would be next on the list if you cant reach her", "safety_planning", 1, "ASR style")
t("Your sister's a good first call. Is there anywhere you could go, too, where you'd feel a bit safer?", "safety_planning", 1)

batch("dp-F", "train", "dysregulated-parent")
c("escalated", "I'm exhausted! Nobody helps me! His father just says I'm too hard on him!")
t("It sounds exhausting, Karen, but honestly you should be firmer with him.", "advice reflection_complex", -1, "reflection undone by advice")
t("Exhausted, and on your own with it, and then told you're too hard on him.", "reflection_simple validation", 1)
t("Well, maybe his father has a point.", "taking_sides", -1)
t("uh ok lets just lets just slow down a bit, one thing at a time", "slowing_down structuring", 1, "ASR: repeated words")
c("venting", "He says I never listen. Can you believe that? Me!")
t("so jonas says you never listen and that really stung", "reflection_complex", 1, "ASR: no punctuation")
t("Well, do you? Listen, I mean?", "blaming", -1)
t("What do you think he means when he says that?", "open_question", 1)
c("settling", "I just don't know how to get through to him.")
t("Wouldn't it be better to just tell him how you feel?", "advice", -1, "advice in question form")
t("You've been trying so hard to reach him, and it feels like nothing lands.", "reflection_complex", 1)
t("Have you tried anything that got through to him, even a little?", "closed_question", 0, "asks about her own attempts, not advice")

batch("gc-G", "test", "general")
c(None, "I know I drink too much. The doctor said I need to cut down.")
t("So the doctor said you need to cut down, and you're not sure you agree.", "reflection_complex", 1, "'you need to' is the doctor's")
t("I can see you're really trying, but you need to stop drinking during the week. Full stop.", "advice affirmation", -1, "affirmation undone by advice")
t("You have to stop drinking, it is the only way.", "advice", -1, "non-native phrasing")
t("have you like thought about um going back to AA", "advice", -1, "ASR: hedged advice")
t("what do you think would happen if you did cut down", "open_question", 1)
c(None, "I've been so down since Christmas. Just can't shake it.")
t("so your saying its been worse since christmas", "reflection_simple", 1, "ASR homophone 'your'")
t("its like theirs no point trying anymore", "reflection_complex", 1, "ASR homophones")
t("sounds like you really tired of it", "reflection_complex", 1, "ASR dropped word")
t("I'm not sure, but maybe it might be worth, like, considering going to the doctor?", "advice", -1, "hedged advice without permission")
t("Walking helps. Twenty minutes a day.", "advice", -1, "advice with no marker word")
c(None, "I don't want to talk to her. Not after what she said.")
t("Why don't you just talk to her?", "advice", -1, "'why don't you' as advice")
t("I'm curious why you don't want to talk to her right now.", "open_question", 1, "'why' as curiosity, not advice")
t("Part of you thinks you should just get over it.", "reflection_complex", 1, "'you should' inside a reflection")
c(None, "Sorry, I didn't quite get what you meant.")
t("No, that was me being unclear. I meant, how are things at home these days?", "open_question", 1)

batch("gc-H", "dev", "general")
c(None, "My manager wants me to do a course in time management. As if that's the problem.")
t("So your manager thinks the problem is you, and you see it differently.", "reflection_complex", 1)
t("Honestly, a time management course might be a good idea.", "advice taking_sides", -1)
t("What do you see as the problem?", "open_question", 1)
c(None, "I'm just tired of everyone telling me what to do.")
t("uh yeah that that makes sense you know with everything going on", "validation", 1, "ASR: filler and repeated word")
t("Okay, I won't tell you what to do. But you really should get some rest.", "advice autonomy", -1, "autonomy promised, then advice")
t("And I don't want to be one more person doing that.", "meta_communication", 1)
c(None, "Where do you want me to start?")
t("Wherever you like. What's been on your mind most this week?", "autonomy open_question", 1)
t("Let's start with your childhood.", "controlling", -1)

# ---------------------------------------------------------------------------------------
# fourth round: more of the ordinary neutral turns every session is full of
# ---------------------------------------------------------------------------------------
batch("wt-G", "train", "withdrawn-teen")
c("guarded", "Yeah, I take the bus.", ["How did you get here today?"])
t("Does it take long?", "closed_question", 0)
c("tentative", "Can I keep my jacket on?")
t("Of course.", "small_talk", 0)
c("opening_up", "What's that drawing on your wall?")
t("One of my nephew's. He's five, so it's meant to be a horse.", "small_talk", 0)
c("guarded", "Do I have to come every week?")
t("We planned every week to start with, and we can talk about changing that.", "information", 0)

batch("ha-G", "train", "hostile-adult")
c("testing", "Can I get a copy of what you write about me?")
t("Yes, you have the right to read your records. I can show you how to ask for them.", "information", 0)
c("softening", "Is there any coffee?")
t("There's a machine in the waiting room, help yourself.", "small_talk", 0)
c("testing", "Twice. Maybe three times.", ["How many times has it happened this month?"])
t("Was that at home?", "closed_question", 0)
c("collaborative", "Can we move next week to Thursday?")
t("Thursday at nine is free. Does that work?", "small_talk closed_question", 0)

batch("sa-G", "dev", "suicidal-adult")
c("hopeless", "Dr Berg. I saw him two weeks ago.", ["Who's your GP?"])
t("Did you tell him how you've been feeling?", "closed_question", 0)
c("ambivalent", "Is it true antidepressants can make you feel worse at first?")
t("Some people do feel more restless or low in the first couple of weeks, which is why doctors check in closely early on. Tell your doctor, or me, if that happens.", "information", 0)
c("connected", "What's the number again?")
t("It's on your plan, here at the bottom. I can save it in your phone too if you like.", "information", 0)

batch("dp-G", "test", "dysregulated-parent")
c("venting", "He's got maths on Tuesdays with Mr Olsen. That's when it's worst.")
t("Is that the first lesson of the day?", "closed_question", 0)
c("settling", "Do you need his school reports?")
t("If you have them, that would help, yes.", "information", 0)
c("venting", "We moved here two years ago. From Stavanger.")
t("Did Jonas change schools then?", "closed_question", 0)

batch("gc-I", "train", "general")
c(None, "I work nights at the hospital.")
t("Which shifts do you usually do?", "closed_question", 0)
c(None, "Can you write a note for my work?")
t("Yes, I can write a short note confirming you're attending appointments. I won't put any details in it.", "information", 0)
c(None, "Should I keep filling in the sleep diary?")
t("Yes, another two weeks would be really useful.", "information", 0)
c(None, "Is there parking here?")
t("There's a car park behind the building, it's free for patients.", "information", 0)
c(None, "Three kids. Eight, six and two.", ["Do you have children?"])
t("Are they at school or nursery during the day?", "closed_question", 0)

batch("wt-H", "train", "withdrawn-teen")
c("shut_down", "I don't know.", ["What do you think would help?"])
t("", "disengaging", -1, "40 s of silence while the trainee reads notes: past holding, into leaving her alone", sil=40.0)

batch("ha-H", "train", "hostile-adult")
c("confrontational", "And then my boss, he comes over and in front of everyone he says I'm...")
t("hang on hang on, before you go on, can I just check, is this the same boss as before?", "interrupting closed_question", -1, "talks over him mid-story")

batch("gc-J", "train", "general")
c(None, "(starts crying) Sorry. I didn't think I'd cry.")
t("", "holding_silence", 1, "lets the tears come without rushing in", sil=5.0)
t("No need to be sorry. Take your time.", "validation slowing_down", 1)
t("Oh no, don't cry, here, have a tissue, it's okay, it's all going to be okay.", "minimising placating", -1, "rushes to stop the feeling")



# ---------------------------------------------------------------------------------------
# validation and output
# ---------------------------------------------------------------------------------------
def polarity_problems(rid: str, fams: list[str], polarity: int, attuned, misattuned) -> list[str]:
    """The overall polarity must be reachable from the families a line names: -1 names a
    misattuned family; +1 names an attuned one and no misattuned one; 0 names only
    neutral families."""
    problems = []
    bad = [f for f in fams if f in misattuned]
    good = [f for f in fams if f in attuned]
    if polarity == -1 and not bad:
        problems.append(f"{rid}: polarity -1 without a misattuned family")
    if polarity == 1 and bad:
        problems.append(f"{rid}: polarity +1 but names misattuned {bad}")
    if polarity == 1 and not good:
        problems.append(f"{rid}: polarity +1 without an attuned family")
    if polarity == 0 and (bad or good):
        problems.append(f"{rid}: polarity 0 should name only neutral families")
    return problems


def validate(rows: list[dict]) -> list[str]:
    """Every problem found, as one line each; empty when the bank is sound."""
    problems: list[str] = []
    seen: set[str] = set()
    keys = {"id", "scenario", "state", "level", "client", "recent", "silence_s", "text", "families", "polarity"}
    for r in rows:
        rid = r.get("id", "?")
        missing = keys - r.keys()
        if missing:
            problems.append(f"{rid}: missing {sorted(missing)}")
            continue
        if rid in seen:
            problems.append(f"{rid}: duplicate id")
        seen.add(rid)
        if r["scenario"] not in SCENARIOS:
            problems.append(f"{rid}: unknown scenario {r['scenario']!r}")
            continue
        _prefix, state, levels = SCENARIOS[r["scenario"]]
        if r["state"] != state or (levels and r["level"] not in levels) or (not levels and r["level"] is not None):
            problems.append(f"{rid}: state/level {r['state']!r}/{r['level']!r} not in {r['scenario']}")
        fams = r["families"]
        if not fams or len(set(fams)) != len(fams):
            problems.append(f"{rid}: families must be a non-empty list without repeats")
        for f in fams:
            if f not in FAMILIES:
                problems.append(f"{rid}: unknown family {f!r}")
        if r["polarity"] not in (-1, 0, 1):
            problems.append(f"{rid}: polarity {r['polarity']!r} not in -1/0/1")
        if not isinstance(r["recent"], list) or not all(isinstance(x, str) for x in r["recent"]):
            problems.append(f"{rid}: recent must be a list of strings")
        if r["text"] == "" and r["silence_s"] is None:
            problems.append(f"{rid}: an empty turn needs silence_s")
        problems += polarity_problems(rid, fams, r["polarity"], ATTUNED, MISATTUNED)
    # A batch lives in one split, so paraphrases never straddle train and test.
    split_of: dict[str, set] = collections.defaultdict(set)
    for r in rows:
        if "_batch" in r:
            split_of[r["_batch"]].add(r["_split"])
    for b, splits in split_of.items():
        if len(splits) > 1:
            problems.append(f"batch {b} spans splits {sorted(splits)}")
    # The same trainee text may recur only as a deliberate context pair inside one split.
    where: dict[str, set] = collections.defaultdict(set)
    for r in rows:
        if r["text"]:
            where[r["text"].strip().lower()].add(r.get("_split"))
    for text, splits in where.items():
        if len(splits) > 1:
            problems.append(f"text appears in several splits {sorted(splits)}: {text[:60]!r}")
    return problems


def report(by_split: dict[str, list[dict]]) -> None:
    rows = [r for split in SPLITS for r in by_split[split]]
    print(f"total {len(rows)}")
    print("per split:", {s: len(by_split[s]) for s in SPLITS})
    print("per scenario:", dict(collections.Counter(r["scenario"] for r in rows)))
    pol = collections.Counter(r["polarity"] for r in rows)
    print("polarity:", {k: f"{pol[k]} ({100 * pol[k] / len(rows):.0f}%)" for k in (1, -1, 0)})
    for s in SPLITS:
        p = collections.Counter(r["polarity"] for r in by_split[s])
        print(f"  {s:5s} polarity +1/-1/0: {p[1]}/{p[-1]}/{p[0]}")
    print(f"{'family':30s} {'any':>4s} {'dom':>4s} {'train':>5s} {'dev':>4s} {'test':>4s}")
    for name in FAMILIES:
        anyc = sum(name in r["families"] for r in rows)
        dom = sum(r["families"][0] == name for r in rows)
        per = [sum(name in r["families"] for r in by_split[s]) for s in SPLITS]
        flag = "" if anyc >= 8 and per[2] >= 2 else "  <-- short"
        if name == "interrupting":
            flag = "" if anyc >= 5 and per[2] >= 2 else "  <-- short"
        print(f"{name:30s} {anyc:4d} {dom:4d} {per[0]:5d} {per[1]:4d} {per[2]:4d}{flag}")


def write(rows: list[dict] = ROWS, here: Path = HERE, validate_rows=validate, report_splits=report) -> int:
    """Validate the authored rows, write them to `here`/{split}.jsonl and check the files.
    The defaults are this bank's; the Norwegian bank passes its own."""
    problems = validate_rows(rows)
    if problems:
        print("\n".join(problems))
        return 1
    by_split: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for r in rows:
        clean = {k: v for k, v in r.items() if not k.startswith("_")}
        by_split[r["_split"]].append(clean)
    for s in SPLITS:
        with open(here / f"{s}.jsonl", "w", encoding="utf-8") as fh:
            for r in by_split[s]:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return check(here, validate_rows, report_splits)


def check(here: Path = HERE, validate_rows=validate, report_splits=report) -> int:
    """Re-read the files from disk and validate what a consumer would see."""
    by_split: dict[str, list[dict]] = {}
    problems: list[str] = []
    for s in SPLITS:
        rows = []
        for n, line in enumerate((here / f"{s}.jsonl").read_text(encoding="utf-8").splitlines(), 1):
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"{s}.jsonl:{n}: {e}")
                continue
            if not isinstance(r, dict):
                problems.append(f"{s}.jsonl:{n}: not a JSON object")
                continue
            r["_split"] = s
            rows.append(r)
        by_split[s] = rows
    problems += validate_rows([r for s in SPLITS for r in by_split[s]])
    for s in SPLITS:
        for r in by_split[s]:
            r.pop("_split")
    if problems:
        print("\n".join(problems))
        return 1
    report_splits(by_split)
    return 0


if __name__ == "__main__":
    sys.exit(check() if "--check" in sys.argv[1:] else write())
