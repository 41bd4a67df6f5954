//! The context rules, on the sentences the design names: negation, target, praise,
//! intensity, and avoidance that depends on the turn.

use turnscope::detect::Suppression;
use turnscope::transcript::{Transcript, Turn};
use turnscope::{Engine, Finding};

fn counted(engine: &Engine, text: &str, detector: &str) -> Vec<Finding> {
    engine
        .detect(text, false)
        .into_iter()
        .filter(|f| f.counts() && &*f.detector == detector)
        .collect()
}

#[test]
fn negated_matches_never_count() {
    let engine = Engine::new();
    for (text, detector) in [
        ("It's not your fault.", "blame"),
        ("I never said it was your fault.", "blame"),
        ("That doesn't make sense.", "validation"),
        ("I don't understand why you're upset.", "validation"),
        // A negated verb of thinking or saying reaches into what it introduces.
        ("I don't think you're lazy.", "blame"),
        ("I never said you were stupid.", "blame"),
    ] {
        let all = engine.detect(text, false);
        assert!(
            counted(&engine, text, detector).is_empty(),
            "{text:?} counted: {all:?}"
        );
    }
    let f = engine.detect("I never said it was your fault.", false);
    assert!(
        f.iter().any(|f| f.negated && &*f.detector == "blame"),
        "reported as negated: {f:?}"
    );
    // Said to reassure, the whole phrase is validation, not a negated accusation.
    let f = engine.detect("It's not your fault.", false);
    assert!(
        f.iter().any(|f| f.counts() && &*f.detector == "validation"),
        "{f:?}"
    );
}

#[test]
fn negation_does_not_reach_past_but_or_into_the_term() {
    let engine = Engine::new();
    for text in [
        "I'm not accusing you, but you always leave me to clean up.",
        "You don't care about me at all.",
    ] {
        assert!(
            !counted(&engine, text, "blame").is_empty(),
            "{text:?}: {:?}",
            engine.detect(text, false)
        );
    }
}

#[test]
fn blame_needs_the_listener_as_target_and_no_praise() {
    let engine = Engine::new();
    for text in [
        "I always forget my keys.",
        "You always make me laugh.",
        "You always cheer me up when I'm down.",
        // The "you" of a set phrase names nobody.
        "That's a stupid rule if you ask me.",
        "Honestly, the whole plan was idiotic, you know.",
        // An insult word that describes a thing after a determiner.
        "You kept going during this crazy year.",
        "You can rest once this stupid virus is gone.",
        "You are trying hard to change your situation during this crazy year.",
        // An insult whose subject is someone else, though "you" is near.
        "Even if they're a shitty person, you can still enjoy the music.",
        "He is such an idiot, you'll see.",
    ] {
        assert!(
            counted(&engine, text, "blame").is_empty(),
            "{text:?}: {:?}",
            engine.detect(text, false)
        );
    }
    assert!(!counted(&engine, "You always forget my birthday.", "blame").is_empty());
    assert!(!counted(&engine, "You know you're an idiot, right?", "blame").is_empty());
    for text in [
        "You are such a stupid person.",
        "You're an idiot who never listens.",
        "Get your stupid car out of my spot.",
        "You're an idiot, and he knows it.",
        "You act like an idiot sometimes.",
    ] {
        assert!(
            !counted(&engine, text, "blame").is_empty(),
            "{text:?}: {:?}",
            engine.detect(text, false)
        );
    }
}

#[test]
fn set_phrases_with_a_negator_negate_nothing_after_them() {
    let engine = Engine::new();
    for text in [
        "No problem, you can do it!",
        "Don't worry everything will be ok.",
        "No doubt you're feeling exhausted after that week.",
    ] {
        assert!(
            !counted(&engine, text, "validation").is_empty(),
            "{text:?}: {:?}",
            engine.detect(text, false)
        );
    }
    // The insult after a negated verb in another clause is still said.
    assert!(!counted(&engine, "I don't think so, idiot.", "blame").is_empty());
}

#[test]
fn intensity_raises_weight() {
    let engine = Engine::new();
    let plain = counted(&engine, "It's your fault.", "blame");
    let loud = counted(&engine, "It's YOUR FAULT!!", "blame");
    let boosted = counted(&engine, "It's totally your fault.", "blame");
    assert_eq!(plain.len(), 1);
    assert!(loud[0].weight > plain[0].weight, "{loud:?} vs {plain:?}");
    assert!(
        boosted[0].weight > plain[0].weight,
        "{boosted:?} vs {plain:?}"
    );
}

/// The counted findings of `reply`, said by B after A said `before`.
/// Every finding of the reply to `before`, counted or set aside.
fn reply_all(engine: &Engine, before: &str, reply: &str) -> Vec<Finding> {
    let t = Transcript::new(
        "t",
        vec![
            Turn {
                speaker: "A".into(),
                text: before.into(),
                ..Turn::default()
            },
            Turn {
                speaker: "B".into(),
                text: reply.into(),
                ..Turn::default()
            },
        ],
    );
    engine.analyze(&t).turns.swap_remove(1).findings
}

fn reply_counted(engine: &Engine, before: &str, reply: &str) -> Vec<Finding> {
    reply_all(engine, before, reply)
        .into_iter()
        .filter(|f| f.counts())
        .collect()
}

fn reply_findings(engine: &Engine, question: &str, reply: &str) -> Vec<Finding> {
    reply_counted(engine, question, reply)
        .into_iter()
        .filter(|f| &*f.detector == "avoidance")
        .collect()
}

#[test]
fn minimal_replies_are_avoidance_only_as_the_whole_reply() {
    let engine = Engine::new();
    let q = "How did it feel when she left?";
    for reply in ["Whatever.", "Fine.", "Never mind.", "I don't know."] {
        assert!(
            !reply_findings(&engine, q, reply).is_empty(),
            "{reply:?} should be avoidance"
        );
    }
    for reply in [
        "Whatever it takes, I want to fix this between us and start again.",
        "I don't know exactly, but it felt like the floor dropped away and I kept replaying it for days.",
        "Fine is not the word. I was hurt, and I told her so the next morning over coffee.",
    ] {
        let f = reply_findings(&engine, q, reply);
        assert!(f.is_empty(), "{reply:?} is an engaged answer: {f:?}");
    }
}

#[test]
fn discourse_markers_shift_the_topic_only_in_the_turns_opening() {
    // "Anyway" opening a reply turns away from what was asked; deep in a long, engaged
    // turn it closes a digression or the turn itself (`turn_opening`).
    let engine = Engine::new();
    let q = "How was the weekend with your brother?";
    let f = reply_findings(&engine, q, "Anyway, did you get the tickets for Friday?");
    assert!(
        f.iter().any(|f| &*f.category == "topic_shift"),
        "opening shift: {f:?}"
    );
    let story = "It went better than I feared. We talked on the first evening about the house \
                 and about our father, and for once neither of us walked out of the room. He \
                 said he had felt left out of the decisions, and I could see why, because I \
                 made most of them alone while he was abroad. We agreed to sell in the spring \
                 and split the costs. Anyway, thanks for asking, it means a lot.";
    let f = reply_findings(&engine, q, story);
    assert!(
        !f.iter().any(|f| &*f.category == "topic_shift"),
        "buried marker in an engaged answer: {f:?}"
    );
}

fn reply_rules(engine: &Engine, before: &str, reply: &str) -> Vec<String> {
    reply_counted(engine, before, reply)
        .iter()
        .map(|f| f.rule.to_string())
        .collect()
}

/// The rules that counted in the reply, and the structural rules that found validation a
/// lexicon entry already marks (set aside as `covered`, so the sentence counts once).
fn reply_rules_found(engine: &Engine, before: &str, reply: &str) -> Vec<String> {
    reply_all(engine, before, reply)
        .iter()
        .filter(|f| f.counts() || f.suppressed == Some(Suppression::Covered))
        .map(|f| f.rule.to_string())
        .collect()
}

#[test]
fn statements_about_the_listener_in_reply_are_reflections() {
    let engine = Engine::new();
    let before = "I keep putting off the call to my father.";
    for reply in [
        "Part of that call scares you.",
        "Okay. And then you go quiet with him.",
        "So the silence has cost you years with him.",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            rules.contains(&"validation:reflection".to_string()),
            "{reply:?}: {rules:?}"
        );
    }
    for reply in [
        "Thank you for telling me.",
        "You should call him tonight.",
        "Do you want to call him?",
        "I called my father yesterday.",
        "You know, the weather has been awful.",
        "You never listen to anyone, you idiot.",
        // About a third party or what there is in the world: information, not the
        // listener's experience.
        "They might be able to help you with the forms.",
        "There are support groups online that can help you.",
        // A courtesy, a question without its "?", advice in a later clause.
        "You're very welcome.",
        "Has he been calling you lately",
        "You have a lot of options, so just talk to your manager first.",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            !rules.contains(&"validation:reflection".to_string()),
            "{reply:?}: {rules:?}"
        );
    }
}

#[test]
fn validation_beside_an_attack_is_not_validation() {
    let engine = Engine::new();
    for text in ["You sound demented!", "I understand you're an idiot."] {
        let f = engine.detect(text, false);
        assert!(
            !f.iter().any(|f| f.counts() && &*f.detector == "validation"),
            "{text:?}: {f:?}"
        );
        assert!(
            f.iter().any(|f| f.counts() && &*f.detector == "blame"),
            "{text:?}: {f:?}"
        );
    }
    let f = engine.detect("You sound exhausted. Your boss is an idiot.", false);
    assert!(
        f.iter().any(|f| f.counts() && &*f.detector == "validation"),
        "{f:?}"
    );
}

#[test]
fn naming_anger_does_not_cancel_validation() {
    let engine = Engine::new();
    for text in [
        "I understand that you hate feeling stuck.",
        "It sounds like you hate how this ended.",
    ] {
        let f = engine.detect(text, false);
        assert!(
            f.iter().any(|f| f.counts() && &*f.detector == "validation"),
            "{text:?}: {f:?}"
        );
        assert!(
            f.iter().any(|f| f.counts() && &*f.category == "anger"),
            "{text:?}: {f:?}"
        );
    }
}

#[test]
fn script_style_dialogue_is_reported_speech() {
    let engine = Engine::new();
    let text = "My coworker, again. Him: you're so selfish. Me: okay, sure.";
    let f = engine.detect(text, false);
    assert!(
        !f.iter().any(|f| f.counts() && &*f.detector == "blame"),
        "{f:?}"
    );
    let f = engine.detect(
        "You're so selfish, and here is why: you never share.",
        false,
    );
    assert!(
        f.iter().any(|f| f.counts() && &*f.detector == "blame"),
        "{f:?}"
    );
}

#[test]
fn a_feeling_reflected_with_a_rising_tone_is_validation_a_question_is_not() {
    let engine = Engine::new();
    // Statement order with a "?" at the end: MITI's reflection with an upturn in tone.
    for text in [
        "So you feel like nobody at work sees it?",
        "You're feeling let down by all of them?",
        "Okay, and you felt alone after the move?",
        // Stems that announce a reflection keep it one under a rising tone.
        "So you want him to stay but you can't forgive him?",
        "It sounds like you're torn between the two?",
    ] {
        let rules: Vec<String> = counted(&engine, text, "validation")
            .iter()
            .map(|f| f.rule.to_string())
            .collect();
        assert!(
            !rules.is_empty(),
            "{text:?}: {:?}",
            engine.detect(text, false)
        );
    }
    // Question order: a check-in, not validation.
    for text in [
        "Do you feel like nobody at work sees it?",
        "Are you feeling let down by them?",
        "How long have you felt alone?",
        // A rising tone on other stems stays a question ("it sounds like" checks a fact).
        "It sounds like the bus is late again?",
        "You want to quit?",
        // A clause in question order makes the sentence a question.
        "It sounds like you're busy, should I call back later?",
        "So you're upset with me, are you?",
    ] {
        assert!(
            counted(&engine, text, "validation").is_empty(),
            "{text:?}: {:?}",
            engine.detect(text, false)
        );
    }
}

#[test]
fn a_reflection_closed_by_a_check_tag_is_still_a_reflection() {
    // "..., is that right?" asks only whether the reflection was heard right; the
    // statement before it keeps its statement order.
    let engine = Engine::new();
    for text in [
        "You feel stuck between the two of them, is that right?",
        "It seems like you're angry with her, is that true?",
        "I hear you saying the evenings are the hardest, am I right?",
    ] {
        assert!(
            !counted(&engine, text, "validation").is_empty(),
            "{text:?}: {:?}",
            engine.detect(text, false)
        );
    }
    // A tag is no licence for a question: another clause in question order still asks,
    // and so does a tag that stands as a sentence of its own after a question.
    for text in [
        "Do you feel stuck between them, is that right?",
        "It sounds like you're busy, should I call back, is that right?",
        "Do you feel stuck? Is that right?",
    ] {
        assert!(
            counted(&engine, text, "validation").is_empty(),
            "{text:?}: {:?}",
            engine.detect(text, false)
        );
    }
    let before = "My friends all drink and my family never did, so I'm stuck in between.";
    let rules = reply_rules(
        &engine,
        before,
        "So your friends and your family pull you two ways, is that right?",
    );
    assert!(has_rule(&rules, "validation:reflection"), "{rules:?}");
}

#[test]
fn a_reflection_announced_by_so_keeps_a_rising_tone() {
    // MITI: a reflection may end with an upturn. "So" announcing a statement about the
    // listener makes it one; question order, or another sentence that asks, does not.
    let engine = Engine::new();
    let before = "My friends all drink and my family never did, so I'm stuck in between.";
    for reply in [
        "So, from your family's side, the drinking just doesn't fit?",
        "Okay. So your friends and your family pull you two ways?",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            has_rule(&rules, "validation:reflection"),
            "{reply:?}: {rules:?}"
        );
    }
    for reply in [
        "So do your friends know how you feel?",
        "So, are your friends the ones you see most?",
        "So your family doesn't drink? How often do you drink with your friends?",
        "Your family doesn't drink?",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            !has_rule(&rules, "validation:reflection"),
            "{reply:?}: {rules:?}"
        );
    }
}

#[test]
fn an_acknowledgment_that_prefaces_a_question_is_the_question_not_validation() {
    let engine = Engine::new();
    for text in [
        "I understand. What did your sister say?",
        "I hear you. Are you getting any support?",
        "I get it. Have you told anyone at work?",
    ] {
        let f = engine.detect(text, false);
        assert!(
            !f.iter().any(|f| f.counts() && &*f.detector == "validation"),
            "{text:?}: {f:?}"
        );
        assert!(
            f.iter()
                .any(|f| f.suppressed.is_some_and(|s| s.name() == "preface")),
            "{text:?}: {f:?}"
        );
    }
    // Alone or after the question it stays validation; sympathy and reflections of
    // feeling stand on their own beside a question (an emotional reaction is not a
    // courtesy before the question).
    for text in [
        "I understand.",
        "What did she say? I hear you.",
        "I'm so sorry to hear that. Have you told anyone at work?",
        "It sounds like you feel completely alone. Have you told anyone?",
    ] {
        assert!(
            !counted(&engine, text, "validation").is_empty(),
            "{text:?}: {:?}",
            engine.detect(text, false)
        );
    }
}

#[test]
fn a_feeling_embedded_after_how_or_if_is_not_a_reflection() {
    let engine = Engine::new();
    for text in [
        "Tell them how you feel.",
        "If you feel ready, call her.",
        "Write down what happens when you feel that way.",
    ] {
        let rules: Vec<String> = counted(&engine, text, "validation")
            .iter()
            .map(|f| f.rule.to_string())
            .collect();
        assert!(
            !rules.iter().any(|r| r == "validation:you feel"),
            "{text:?}: {:?}",
            engine.detect(text, false)
        );
    }
    assert!(!counted(&engine, "You feel invisible at work.", "validation").is_empty());
    // After a frame of knowing, "that" brings what the speaker vouches for: a reflection,
    // with a question after it too.
    let text = "I understand that you are feeling defeated. Is there anyone you could ask?";
    assert!(
        counted(&engine, text, "validation")
            .iter()
            .any(|f| &*f.rule == "validation:you're feeling"),
        "{:?}",
        engine.detect(text, false)
    );
}

fn has_rule(rules: &[String], rule: &str) -> bool {
    rules.iter().any(|r| r == rule)
}

#[test]
fn instructions_and_questions_in_question_order_are_not_reflections() {
    // A turn that tells the listener what to do gives advice, and one in question order
    // asks, even without a "?": neither is the statement about the listener that MI and
    // ESConv code as a reflection.
    let engine = Engine::new();
    let before = "I have sent out forty applications and heard nothing back.";
    for reply in [
        "First of all, polish your resume.",
        "Search your old job title on the job sites.",
        "Just talk to your old manager about it.",
        "Please spend an hour on it when you feel rested.",
        "In the meantime, breathe slowly when you feel the panic rising.",
        "Yes, definitely allow yourself a week off.",
        "Hello, how are you holding up",
        "Had you been at that company long",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            !has_rule(&rules, "validation:reflection"),
            "{reply:?}: {rules:?}"
        );
    }
    // Encouragement is not a task, and "you" after a sentence's start is not question
    // order: these stay reflections.
    for reply in [
        "Stay strong, you have come so far already.",
        // A feeling the listener need not have is reassurance, not a task.
        "Don't be so down on yourself, you have come so far already.",
        "Forty applications, and you are still going.",
        "After all that work you are exhausted.",
        // "do your" is no question order: "you" is not the subject.
        "You are careful, and do your homework on every company.",
    ] {
        let rules = reply_rules_found(&engine, before, reply);
        assert!(
            has_rule(&rules, "validation:reflection"),
            "{reply:?}: {rules:?}"
        );
    }
}

#[test]
fn a_stance_frame_keeps_a_statement_about_the_listener_a_reflection() {
    // "I can tell ...", "I'm sure ...": the speaker vouches for what they say about the
    // listener (Linehan's level 3, ESConv's affirmation); the frame is not self-disclosure.
    let engine = Engine::new();
    let before = "I stayed up all night helping my sister move out.";
    for reply in [
        "I can tell you care about her a lot.",
        "I'm sure that you tried your best with her.",
        "I bet you were worn out by the end.",
    ] {
        let rules = reply_rules_found(&engine, before, reply);
        assert!(
            has_rule(&rules, "validation:reflection"),
            "{reply:?}: {rules:?}"
        );
    }
    for reply in [
        "I think you should get some sleep.",
        "I feel you were too generous with her.",
        "I know a mover you could call next time.",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            !has_rule(&rules, "validation:reflection"),
            "{reply:?}: {rules:?}"
        );
    }
}

#[test]
fn a_short_reply_that_gives_the_listeners_words_back_is_an_echo() {
    // MI's simple reflection repeats or rephrases what the client said, often without
    // "you": a short statement taking a quarter or more of its content words from the turn
    // replied to.
    let engine = Engine::new();
    let before = "My knee keeps swelling after every long run, and the physio costs a fortune.";
    for reply in [
        "So the knee and the money.",
        "Swelling after the long runs.",
        "Mm. A fortune, on top of the pain.",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(has_rule(&rules, "validation:echo"), "{reply:?}: {rules:?}");
    }
    for reply in [
        // Nothing of the client's words.
        "The clinic opens at nine tomorrow.",
        // About the speaker: self-disclosure.
        "My knee swelled after long runs too.",
        // A question.
        "The knee?",
        "Which knee is swelling",
        // Advice.
        "Put ice on the knee after every run.",
        // A long turn does more than give the words back.
        "The knee swelling after a long run usually comes from the load rising faster than \
         the tissue adapts, so the usual plan is to cut the distance by a third for two \
         weeks and build back slowly while the physio checks the joint.",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(!has_rule(&rules, "validation:echo"), "{reply:?}: {rules:?}");
    }
    // A plain repetition is the simplest reflection; a greeting given back is a greeting.
    let rules = reply_rules(&engine, "Not yet, no.", "Not yet.");
    assert!(has_rule(&rules, "validation:echo"), "{rules:?}");
    let rules = reply_rules(&engine, "Thanks, bye!", "Bye.");
    assert!(!has_rule(&rules, "validation:echo"), "{rules:?}");
    let rules = reply_rules(&engine, "It was fun.", "Was it fun?");
    assert!(!has_rule(&rules, "validation:echo"), "{rules:?}");
    // "We'll" is the speaker ("we"), not the discourse word "well": a turn about the
    // speaker is no reflection.
    let rules = reply_rules(
        &engine,
        "Have you thought about cutting back, just to see how it goes?",
        "We'll see.",
    );
    assert!(!has_rule(&rules, "validation:echo"), "{rules:?}");
    // A reply of nothing but a cue has no words to give back.
    let rules = reply_rules(&engine, "Not yet, no.", "[laughs]");
    assert!(!has_rule(&rules, "validation:echo"), "{rules:?}");
    // Without a turn to reply to there is nothing to echo.
    assert!(!engine
        .detect("So the knee and the money.", false)
        .iter()
        .any(|f| &*f.rule == "validation:echo"));
}

#[test]
fn naming_how_hard_the_situation_is_is_empathy() {
    // "That must be so hard": Linehan's level 6, an emotional reaction in ESConv and
    // EPITOME's terms. It stands beside advice and beside a question in another sentence,
    // as the lexicon's sympathy does, and a frame of knowing may come first.
    let engine = Engine::new();
    let before = "My father is in hospital again and I'm the only one who visits.";
    for reply in [
        "That must be so hard.",
        "Oh no. It's a really tough time for your family.",
        "What a stressful few weeks. Maybe ask your cousins to take a day each.",
        "I know that it's really draining. Does anyone else in the family help?",
        "I understand things are tough right now.",
        // Any subject, with an intensifier between "be" and the hardship word.
        "Caring for a parent is so exhausting.",
        "Hospitals are really scary places.",
    ] {
        let rules = reply_rules_found(&engine, before, reply);
        assert!(
            has_rule(&rules, "validation:hardship"),
            "{reply:?}: {rules:?}"
        );
    }
    for reply in [
        "It's hard for me to visit mine too.",
        "That isn't so hard to arrange.",
        "It's hard to say when he will be discharged.",
        "That must be hard, is anyone helping you?",
        "The parking there is terrible.",
        "I know it's hard for me to get there too.",
        "Do you know if it's hard to park?",
        "My commute is so stressful too.",
        "Nurses are very hard to find these days.",
        "Visiting hours are not so hard to work around.",
        "The food there is terrible.",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            !has_rule(&rules, "validation:hardship"),
            "{reply:?}: {rules:?}"
        );
    }
}

#[test]
fn you_will_foretells_it_does_not_advise() {
    // "You will get through this" reassures (ESConv's affirmation and reassurance);
    // "you should", "you need to" still make a turn advice.
    let engine = Engine::new();
    let before = "I failed the exam again and I feel like giving up.";
    for reply in [
        "You will get through this, one exam at a time.",
        "You won't always feel this low about it.",
    ] {
        let rules = reply_rules_found(&engine, before, reply);
        assert!(
            has_rule(&rules, "validation:reflection"),
            "{reply:?}: {rules:?}"
        );
    }
    for reply in [
        "You should ask for a resit.",
        "You need to rest before the next one.",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            !has_rule(&rules, "validation:reflection"),
            "{reply:?}: {rules:?}"
        );
    }
}

#[test]
fn what_matters_to_the_listener_is_a_reflection_a_pleasantry_is_not() {
    let engine = Engine::new();
    let before = "I just want to see my kids grow up, honestly.";
    for reply in [
        "That's really important to you.",
        "And being there for them matters so much for you.",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            rules.contains(&"validation:reflection".to_string()),
            "{reply:?}: {rules:?}"
        );
    }
    for reply in [
        "It was nice talking to you.",
        "Nice to meet you.",
        "Good to see you.",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            !rules.contains(&"validation:reflection".to_string()),
            "{reply:?}: {rules:?}"
        );
    }
}

#[test]
fn accusations_in_a_couple_argument_are_blame_not_reflections() {
    // A statement about the listener can be a reflection or an accusation: in a fight the
    // words of the accusation must say which, or a supervisor sees validation where there
    // was criticism (Gottman).
    let engine = Engine::new();
    let before = "Can we talk about last weekend?";
    for reply in [
        "You owe me an apology.",
        "You broke your promise.",
        "You left me alone with the kids all weekend.",
        "You're exaggerating again.",
        "You think you're better than everyone.",
        "You are a bully.",
        "You're so dense.",
        "You obviously have no clue what you are talking about.",
        "Because you keep lying about where you are!",
        "Oh my god, here we go. You're being paranoid.",
        "You were never there for me.",
        "You twist everything I say.",
        "You treat me like a maid in my own house.",
        "You're a terrible parent.",
        "Your mother was right about you.",
        "You got what you deserved.",
        "You act like a child.",
        "Shut the f**k up, you a**hole.",
    ] {
        let found = reply_counted(&engine, before, reply);
        assert!(
            found
                .iter()
                .any(|f| matches!(&*f.detector, "blame" | "hostility")),
            "{reply:?}: {found:?}"
        );
        assert!(
            !found.iter().any(|f| &*f.detector == "validation"),
            "{reply:?}: {found:?}"
        );
    }
}

#[test]
fn what_the_listener_did_to_the_speaker_is_no_reflection() {
    // With the speaker as the object after "you", a statement about the listener tells what
    // the listener did to the speaker: an account or a charge, whatever its words.
    let engine = Engine::new();
    let before = "Can we talk about last weekend?";
    for reply in [
        "You left me standing at the station for an hour.",
        "You never once asked me how my day went.",
        "You promised me the weekend.",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            !has_rule(&rules, "validation:reflection"),
            "{reply:?}: {rules:?}"
        );
    }
    // The speaker as subject can stand in a reflection.
    let rules = reply_rules(
        &engine,
        before,
        "You feel like I don't listen to you anymore.",
    );
    assert!(
        rules.iter().any(|r| r.starts_with("validation")),
        "{rules:?}"
    );
}

#[test]
fn an_attack_word_in_the_listeners_own_view_of_themselves_is_a_reflection() {
    // "You feel like you're worthless" gives back how the client sees themselves: the
    // word is theirs, not an attack by the speaker.
    let engine = Engine::new();
    let before = "I messed up again. I'm so stupid.";
    for reply in [
        "You feel like you're worthless when that happens.",
        "It sounds like you feel stupid for trusting him.",
        "You're feeling like an idiot for believing her.",
    ] {
        let all = reply_all(&engine, before, reply);
        assert!(
            all.iter()
                .any(|f| &*f.detector == "blame" && f.suppressed == Some(Suppression::SelfView)),
            "{reply:?}: {all:?}"
        );
        assert!(
            !all.iter().any(|f| f.counts() && &*f.detector == "blame"),
            "{reply:?}: {all:?}"
        );
        assert!(
            all.iter()
                .any(|f| f.counts() && &*f.detector == "validation"),
            "{reply:?}: {all:?}"
        );
    }
    // The speaker's feeling that the listener caused is blame; so is an insult said to
    // the listener after a feeling word of someone else.
    for reply in [
        "You make me feel stupid.",
        "I feel like you're an idiot.",
        "You think you're so smart, idiot.",
    ] {
        let found = reply_counted(&engine, before, reply);
        assert!(
            found.iter().any(|f| &*f.detector == "blame"),
            "{reply:?}: {found:?}"
        );
    }
}

#[test]
fn the_you_of_a_set_phrase_is_nobodys_experience() {
    let engine = Engine::new();
    let before = "The rule is the rule.";
    for reply in [
        "It was a long day, mind you.",
        "It was awful, let me tell you.",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            !has_rule(&rules, "validation:reflection"),
            "{reply:?}: {rules:?}"
        );
    }
}

#[test]
fn a_refusal_about_the_listeners_business_is_no_reflection() {
    let engine = Engine::new();
    let all = reply_all(
        &engine,
        "Did you call your sister?",
        "That's none of your business.",
    );
    assert!(
        all.iter()
            .any(|f| f.counts() && &*f.detector == "avoidance"),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|f| &*f.rule == "validation:reflection"
                && f.suppressed == Some(Suppression::Covered)),
        "{all:?}"
    );
    assert!(
        !all.iter()
            .any(|f| f.counts() && &*f.detector == "validation"),
        "{all:?}"
    );
}

#[test]
fn sarcasm_in_a_couple_argument_is_hostility_not_validation() {
    // Mock titles count only as a vocative; sarcastic apologies and praise are hostile.
    let engine = Engine::new();
    let before = "You left the dishes in the sink again.";
    for reply in [
        "Nice going, genius.",
        "Well excuse me for having a life.",
        "Oh, I'm SO sorry I didn't clean the kitchen to your standards.",
        "Sure, because you're always right about everything.",
        "Thanks a lot for nothing.",
    ] {
        let found = reply_counted(&engine, before, reply);
        // A mock title said to the listener is contempt, so blame; the rest is hostility.
        assert!(
            found
                .iter()
                .any(|f| &*f.detector == "hostility" || &*f.detector == "blame"),
            "{reply:?}: {found:?}"
        );
        assert!(
            !found.iter().any(|f| &*f.detector == "validation"),
            "{reply:?}: {found:?}"
        );
    }
    let all = engine.detect("You're a genius, that fixed it!", false);
    assert!(
        all.iter()
            .any(|f| &*f.rule == "blame:genius" && f.suppressed == Some(Suppression::NotVocative)),
        "{all:?}"
    );
    assert!(!all
        .iter()
        .any(|f| f.counts() && (&*f.detector == "hostility" || &*f.detector == "blame")));
}

#[test]
fn a_sentence_the_lexicon_marks_counts_once() {
    // "That took courage" is the lexicon's affirmation; the structural reflection rule
    // finds the same sentence and is set aside as `covered`, so the turn's figures count
    // one validation, not two. Where the lexicon marks nothing, the rule counts.
    let engine = Engine::new();
    let before = "We both came today even though we nearly cancelled.";
    let all = reply_all(&engine, before, "That took courage from both of you.");
    let counted: Vec<&Finding> = all
        .iter()
        .filter(|f| f.counts() && &*f.detector == "validation")
        .collect();
    assert_eq!(counted.len(), 1, "{all:?}");
    assert!(
        all.iter()
            .any(|f| &*f.rule == "validation:reflection"
                && f.suppressed == Some(Suppression::Covered)),
        "{all:?}"
    );
    let rules = reply_rules(&engine, before, "Coming here meant a lot to both of you.");
    assert_eq!(rules, ["validation:reflection"]);
}

#[test]
fn a_swear_word_said_as_an_exclamation_does_not_set_sympathy_aside() {
    let engine = Engine::new();
    for text in [
        "Damn, that's rough.",
        "Shit, I'm so sorry.",
        "Omg that's terrifying.",
        "Ugh, that sounds awful.",
    ] {
        let all = engine.detect(text, true);
        assert!(
            all.iter()
                .any(|f| f.counts() && &*f.detector == "validation"),
            "{text:?} lost its sympathy: {all:?}"
        );
    }
    // Still hostile for escalation.
    assert!(!counted(&engine, "Damn, that's rough.", "hostility").is_empty());
    // Said at the listener, it is an attack, and the validation beside it is sarcasm.
    for text in ["Damn you, I understand.", "Fuck you, that must be hard."] {
        let all = engine.detect(text, true);
        assert!(
            !all.iter()
                .any(|f| f.counts() && &*f.detector == "validation"),
            "{text:?} counted validation: {all:?}"
        );
        assert!(all
            .iter()
            .any(|f| f.suppressed == Some(Suppression::HostileContext)));
    }
}

#[test]
fn an_imperative_of_being_addresses_the_listener() {
    let engine = Engine::new();
    for text in [
        "Stop being so childish.",
        "Don't be so obtuse.",
        "Quit acting so pathetic.",
    ] {
        let all = engine.detect(text, false);
        assert!(
            !counted(&engine, text, "blame").is_empty(),
            "{text:?} is no blame: {all:?}"
        );
    }
    // Too far from the imperative, or no imperative: the insult is aimed at nobody here.
    for text in [
        "Stop being polite about the plan, the whole thing was childish.",
        "The jokes were childish.",
    ] {
        let all = engine.detect(text, false);
        assert!(
            counted(&engine, text, "blame").is_empty(),
            "{text:?} counted blame: {all:?}"
        );
    }
}

#[test]
fn a_message_after_the_speakers_own_still_replies_to_the_other() {
    // Chat speakers split a reply over messages: the second answers the other's turn too,
    // so it can reflect or name hardship, and an echo reads the other's words.
    let engine = Engine::new();
    let turn = |speaker: &str, text: &str| Turn {
        speaker: speaker.into(),
        text: text.into(),
        ..Turn::default()
    };
    let t = Transcript::new(
        "chat",
        vec![
            turn(
                "seeker",
                "My sister is fighting a heroin addiction and I look after her kids.",
            ),
            turn("supporter", "Hi! Of course."),
            turn("supporter", "Oh wow, that is really stressful."),
            turn("supporter", "You are carrying a lot for your sister."),
            turn("seeker", "Are you a counsellor?"),
            turn("supporter", "No."),
            turn(
                "supporter",
                "I volunteer here on weekends and I like it a lot.",
            ),
        ],
    );
    let a = engine.analyze(&t);
    let rules = |k: usize| -> Vec<String> {
        a.turns[k]
            .findings
            .iter()
            .filter(|f| f.counts())
            .map(|f| f.rule.to_string())
            .collect()
    };
    assert!(
        rules(2).contains(&"validation:hardship".to_string()),
        "{:?}",
        rules(2)
    );
    assert!(
        rules(3).contains(&"validation:reflection".to_string()),
        "{:?}",
        rules(3)
    );
    // Only the run's first message answers the question: the next one goes on, and is no
    // non-answer.
    assert!(
        !rules(6).iter().any(|r| r.starts_with("avoidance:")),
        "{:?}",
        rules(6)
    );
}

#[test]
fn an_insult_aimed_at_a_third_person_is_third_party_blame() {
    let engine = Engine::new();
    for text in [
        "He is a selfish jerk.",
        "Your ex is a total idiot.",
        "Your new boss sounds like a jerk.",
        "They're such idiots, I'm sorry you have to deal with them.",
    ] {
        let all = engine.detect(text, true);
        assert!(
            counted(&engine, text, "blame").is_empty(),
            "{text:?}: {all:?}"
        );
        assert!(
            all.iter()
                .any(|f| f.counts() && &*f.detector == "third_party_blame"),
            "{text:?}: {all:?}"
        );
    }
    // Sympathy beside it stands: the listener is not attacked.
    let all = engine.detect(
        "They're such idiots, I'm sorry you have to deal with them.",
        true,
    );
    assert!(all
        .iter()
        .any(|f| f.counts() && &*f.detector == "validation"));
    // An insult that describes a thing blames nobody.
    let all = engine.detect("They made this stupid rule last year.", true);
    assert!(
        !all.iter()
            .any(|f| f.counts() && &*f.detector == "third_party_blame"),
        "{all:?}"
    );
    // The listener's own: still blame.
    for text in ["You and your stupid friends.", "You're such an idiot."] {
        let all = engine.detect(text, true);
        assert!(
            !counted(&engine, text, "blame").is_empty(),
            "{text:?}: {all:?}"
        );
    }
}

#[test]
fn a_question_in_question_order_asks_without_a_question_mark() {
    let engine = Engine::new();
    let before = "I haven't slept properly in weeks.";
    for reply in [
        "What is making you feel this way",
        "How did that make you feel",
        "What made you feel so tired",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            !rules.iter().any(|r| r.starts_with("validation:")),
            "{reply:?}: {rules:?}"
        );
    }
    // Exclamations open with a question word too.
    for reply in [
        "How hard that must be.",
        "What a tough few weeks you've had.",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            rules.iter().any(|r| r.starts_with("validation:")),
            "{reply:?}: {rules:?}"
        );
    }
}

#[test]
fn a_remedy_offered_is_no_reflection() {
    // "It will make you feel better" offers a remedy (advice or a forecast); "That makes
    // you feel judged" gives the listener's feeling back.
    let engine = Engine::new();
    let before = "I can't sleep and I'm anxious all the time.";
    for reply in [
        "Exercise will make you feel better.",
        "A walk might help you feel calmer.",
        "Here is something to help you feel less alone.",
    ] {
        let rules = reply_rules(&engine, before, reply);
        assert!(
            !rules.iter().any(|r| r.starts_with("validation:")),
            "{reply:?}: {rules:?}"
        );
    }
    let rules = reply_rules(&engine, before, "And that makes you feel judged.");
    assert!(
        rules.iter().any(|r| r.starts_with("validation:")),
        "{rules:?}"
    );
}

#[test]
fn a_problem_area_imagined_or_feared_is_set_aside_as_hypothetical() {
    let engine = Engine::new();
    // (turn, the area, whether it counts)
    let table = [
        ("My mother died in March.", "grief", true),
        (
            "If my mother died I don't know what I'd do.",
            "grief",
            false,
        ),
        (
            "What if he leaves and we get divorced?",
            "role_transition",
            false,
        ),
        (
            "Since the divorce I've been a mess.",
            "role_transition",
            true,
        ),
        ("If he left, I'd be so alone.", "deficit", false),
        ("If I'm honest, I feel so alone.", "deficit", true),
        ("I'm not lonely at all.", "deficit", false),
        ("We can't stop fighting about money.", "dispute", true),
        (
            "Imagine fighting with your boss every day.",
            "dispute",
            false,
        ),
    ];
    for (text, area, counts) in table {
        let all = engine.detect(text, false);
        let of_area: Vec<&Finding> = all.iter().filter(|f| &*f.detector == area).collect();
        assert!(!of_area.is_empty(), "{text}: a {area} match");
        assert_eq!(
            of_area.iter().any(|f| f.counts()),
            counts,
            "{text}: {of_area:?}"
        );
        if !counts && !text.contains("not") {
            assert!(
                of_area
                    .iter()
                    .all(|f| f.suppressed.map(|s| s.name()) == Some("hypothetical")),
                "{text}: {of_area:?}"
            );
        }
    }
}
