//! Unit tests for each extraction pattern.

use super::*;

fn one(text: &str) -> Candidate {
    let all = extract(text);
    assert!(!all.is_empty(), "no candidate in {text:?}");
    all.into_iter().next().unwrap()
}

fn span(c: &Candidate) -> &str {
    &c.text
}

/// Every candidate's span and speaker.
fn spans(text: &str) -> Vec<(String, Option<String>)> {
    extract(text)
        .into_iter()
        .map(|c| (c.text, c.speaker))
        .collect()
}

fn pair(text: &str, speaker: &str) -> (String, Option<String>) {
    (text.to_owned(), Some(speaker.to_owned()))
}

/// The first attributed candidate.
fn attributed(text: &str) -> Candidate {
    extract(text)
        .into_iter()
        .find(|c| c.speaker.is_some())
        .unwrap_or_else(|| panic!("no attribution in {text:?}"))
}

fn speaker(text: &str) -> Option<String> {
    one(text).speaker
}

#[test]
fn x_said_that_y_spans_y() {
    let c = one("The minister said that the budget deficit doubled last year.");
    assert_eq!(c.speaker.as_deref(), Some("the minister"));
    assert_eq!(span(&c), "the budget deficit doubled last year");
    assert_eq!(c.kind, ClaimKind::Reported);
    assert!(c.accepted);
}

#[test]
fn y_comma_x_said() {
    let c = one("The talks collapsed on Tuesday, officials said.");
    assert_eq!(c.speaker.as_deref(), Some("officials"));
    assert_eq!(span(&c), "The talks collapsed on Tuesday");
}

#[test]
fn inverted_said_x() {
    let c = one("“We will win the state by ten points,” said Jane Smith.");
    assert_eq!(c.speaker.as_deref(), Some("Jane Smith"));
    assert_eq!(span(&c), "We will win the state by ten points");
    assert_eq!(c.kind, ClaimKind::Quote);
}

#[test]
fn according_to_both_orders() {
    let c = one("Unemployment fell to 4 percent according to the Labor Department.");
    assert_eq!(c.speaker.as_deref(), Some("the Labor Department"));
    assert_eq!(span(&c), "Unemployment fell to 4 percent");
    let c = one("According to the police, three people were arrested at the scene.");
    assert_eq!(c.speaker.as_deref(), Some("the police"));
    assert_eq!(span(&c), "three people were arrested at the scene");
}

#[test]
fn told_skips_the_person_told() {
    let c = one(
        "Earlier this year the Afghan President Hamid Karzai told Channel 4 News “contacts had been made”.",
    );
    assert_eq!(c.speaker.as_deref(), Some("Hamid Karzai"));
    assert_eq!(span(&c), "contacts had been made");
    let c = one("Smith told reporters that the plant would close in May.");
    assert_eq!(c.speaker.as_deref(), Some("Smith"));
    assert_eq!(span(&c), "the plant would close in May");
}

#[test]
fn many_reporting_verbs() {
    for verb in [
        "admitted",
        "denied",
        "warned",
        "claimed",
        "insisted",
        "confirmed",
        "argued",
        "added",
        "acknowledged",
        "noted",
        "announced",
        "stressed",
        "says",
        "predicted",
        "conceded",
    ] {
        let text = format!("The governor {verb} that the state lost 2,000 jobs in March.");
        let c = one(&text);
        assert_eq!(c.speaker.as_deref(), Some("the governor"), "{verb}");
        assert_eq!(span(&c), "the state lost 2,000 jobs in March", "{verb}");
    }
}

#[test]
fn said_with_adverbials_before_that() {
    let c = one("Clinton said in a statement on Monday that the report was wrong.");
    assert_eq!(c.speaker.as_deref(), Some("Clinton"));
    assert_eq!(span(&c), "the report was wrong");
}

#[test]
fn declined_to_comment_is_the_whole_sentence() {
    let c = one("The US Embassy in Afghanistan declined immediate comment.");
    assert_eq!(c.speaker.as_deref(), Some("the US Embassy in Afghanistan"));
    assert_eq!(
        span(&c),
        "The US Embassy in Afghanistan declined immediate comment."
    );
    let c = one("A spokesman for the company declined to comment on the lawsuit.");
    assert!(c.speaker.is_some());
}

#[test]
fn institutions_and_groups_speak() {
    assert_eq!(
        speaker("Diplomats admit there have been months of preliminary talks.").as_deref(),
        Some("Diplomats")
    );
    let all = extract(
        "The council split the list, which envoys said could help induce the Taliban into talks.",
    );
    assert_eq!(all[0].speaker.as_deref(), Some("envoys"));
    assert_eq!(all[0].text, "could help induce the Taliban into talks");
}

#[test]
fn titles_are_dropped_from_named_speakers() {
    let c = one(
        "Defense Secretary Robert Gates said this month there could be talks by the end of the year.",
    );
    assert_eq!(c.speaker.as_deref(), Some("Robert Gates"));
    assert_eq!(span(&c), "there could be talks by the end of the year");
}

#[test]
fn pronouns_resolve_to_the_last_named_person() {
    let all = extract(
        "Senator Mary Jones spoke in Ohio on Friday. She said the factory would reopen next year.",
    );
    let c = &all[1];
    assert_eq!(c.speaker.as_deref(), Some("Mary Jones"));
    let all = extract(
        "Hamid Karzai spoke on Monday in Kabul. Later the Afghan President told reporters that talks had begun.",
    );
    // a role noun resolves to the person and keeps the article's words
    assert_eq!(
        all[1].speaker.as_deref(),
        Some("Hamid Karzai (the Afghan President)")
    );
}

#[test]
fn surnames_expand_to_the_full_name() {
    let all = extract(
        "Hamid Karzai gave a speech in Kabul on Monday. Karzai said the talks had not yet reached a stage of meetings.",
    );
    assert_eq!(all[1].speaker.as_deref(), Some("Hamid Karzai"));
}

#[test]
fn multi_sentence_quotes_keep_their_speaker() {
    let text = "“Peace talks are going on with the Taliban. The foreign military is going ahead with these negotiations,” Karzai said.\n“There are contacts established between the two sides.”";
    let all = extract(text);
    assert_eq!(all.len(), 3);
    for c in &all {
        assert_eq!(c.speaker.as_deref(), Some("Karzai"), "{}", c.text);
        assert_eq!(c.kind, ClaimKind::Quote, "{}", c.text);
    }
    assert_eq!(all[0].text, "Peace talks are going on with the Taliban.");
}

#[test]
fn colon_introduces_a_quote() {
    let all = extract("Trump said: “We are going to build a wall and Mexico will pay for it.”");
    assert_eq!(all[0].speaker.as_deref(), Some("Trump"));
    assert_eq!(all[0].kind, ClaimKind::Quote);
}

#[test]
fn captions_bylines_datelines_questions_rejected() {
    for text in [
        "Watch the video: Jon Snow interviews Hamid Karzai on the Taliban",
        "Read more about the election results here",
        "Click here to subscribe to our newsletter today",
        "By John Smith and Jane Doe",
        "Sept. 12, 2016 10:45 a.m. ET",
        "Will the talks succeed before the end of the year?",
        "Correction: An earlier version of this article misstated the date of the vote.",
        "Editor’s note: Donald Trump regularly incites political violence.",
    ] {
        let c = one(text);
        assert!(!c.accepted, "accepted: {text}");
        assert!(c.reason.is_some());
        assert!(c.speaker.is_none());
    }
}

#[test]
fn statistics_and_statements() {
    let c = one("The unemployment rate rose to 9.1 percent in 2011, the highest in 20 years.");
    assert_eq!(c.kind, ClaimKind::Statistic);
    assert!(c.score > 0.5, "score {}", c.score);
    let c = one("I think that is a wonderful idea and I love it.");
    assert!(!c.accepted, "opinion accepted with score {}", c.score);
}

#[test]
fn offsets_are_code_points() {
    let text =
        "Ünïcödé “quotes” first. Éric Dupont said that 95 percent of voters—mostly women—agreed.";
    let chars: Vec<char> = text.chars().collect();
    for c in extract(text) {
        assert!(c.start < c.end && c.end <= chars.len());
        let s: String = chars[c.start..c.end].iter().collect();
        assert_eq!(s, c.text);
    }
}

#[test]
fn claims_numbers_ids_in_order() {
    let a = Article::from_text(
        "x.txt",
        "Officials said 40 people died in the floods on Monday.\nThe government said the army would help rebuild 300 homes.",
    );
    let cs = claims(&a);
    let ids: Vec<&str> = cs.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["C1", "C2"]);
    assert_eq!(cs[0].speaker.as_deref(), Some("Officials"));
    assert_eq!(cs[0].kind, Some(ClaimKind::Reported));
    assert_eq!(cs[0].anchor.quote, cs[0].text);
}

#[test]
fn speaker_for_a_span_is_the_overlapping_sentences() {
    let text = "The minister said that the budget deficit doubled last year. The sky is blue.";
    // "deficit doubled" lies in the first sentence's claimed content.
    assert_eq!(speaker_for(text, 31, 46).as_deref(), Some("the minister"));
    assert_eq!(speaker_for(text, 65, 72), None);
}

#[test]
fn appositive_subject_is_not_an_inverted_cue() {
    let c = one(
        "The state’s campaign chairman, Phil Lovas, said he cannot comment on the letter because he has not seen it.",
    );
    assert_eq!(c.speaker.as_deref(), Some("Phil Lovas"));
    assert_eq!(
        span(&c),
        "he cannot comment on the letter because he has not seen it"
    );
    let c = one(
        "Senator Dianne Feinstein, Democrat of California, said the visa program has sent a terrible message.",
    );
    assert_eq!(c.speaker.as_deref(), Some("Dianne Feinstein"));
    assert_eq!(span(&c), "the visa program has sent a terrible message");
}

#[test]
fn quote_closed_by_comma_is_the_content_whatever_follows() {
    let c = one(
        "“It never crossed my mind that I was losing it,” she said several months after her release, and a big reason was the rise of the campaign.",
    );
    assert!(c.speaker.is_some());
    assert_eq!(span(&c), "It never crossed my mind that I was losing it");
    assert_eq!(c.kind, ClaimKind::Quote);
}

#[test]
fn participle_speaks_for_the_subject() {
    // the reporter's clause before it stays a claim of its own, unattributed
    assert_eq!(
        spans(
            "Jane Smith visited a car factory in Toledo on Monday, saying the plan would create millions of jobs."
        ),
        vec![
            (
                "Jane Smith visited a car factory in Toledo on Monday".to_owned(),
                None
            ),
            pair("the plan would create millions of jobs", "Jane Smith"),
        ]
    );
    // when the main verb is a cue too, each has its content
    assert_eq!(
        spans(
            "Jane Smith defended the tax plan at a rally in Ohio, saying it would create millions of jobs."
        ),
        vec![
            pair("the tax plan at a rally in Ohio", "Jane Smith"),
            pair("it would create millions of jobs", "Jane Smith"),
        ]
    );
    let c = attributed(
        "In July, Gingrich toured the Baltic states, accusing them of freeloading on American defense.",
    );
    assert_eq!(c.speaker.as_deref(), Some("Gingrich"));
    assert_eq!(span(&c), "freeloading on American defense");
}

#[test]
fn second_attribution_after_the_cue() {
    assert_eq!(
        spans(
            "“You should resign,” Warren told the chief executive, adding that he should be criminally investigated."
        ),
        vec![
            pair("You should resign", "Warren"),
            pair("he should be criminally investigated", "Warren"),
        ]
    );
}

#[test]
fn colon_intro_hands_its_speaker_to_the_next_paragraph() {
    assert_eq!(
        spans(
            "The New York Times reports:\n\n\"Just 24 percent of the contributors to the campaign have given $200 or less. In 2012, 43 percent of the money came from small donors.\"\n"
        ),
        vec![
            ("The New York Times reports".to_owned(), None),
            pair(
                "Just 24 percent of the contributors to the campaign have given $200 or less.",
                "the New York Times"
            ),
            pair(
                "In 2012, 43 percent of the money came from small donors.",
                "the New York Times"
            ),
        ]
    );
}

#[test]
fn speaker_label_covers_its_paragraph() {
    assert_eq!(
        spans(
            "\"PENCE: Well, look, Mark Cuban has said some tough things about my running mate. Mark Cuban knows as much about national security as I do about basketball.\n"
        ),
        vec![
            pair(
                "Well, look, Mark Cuban has said some tough things about my running mate.",
                "PENCE"
            ),
            pair(
                "Mark Cuban knows as much about national security as I do about basketball.",
                "PENCE"
            ),
        ]
    );
}

#[test]
fn stance_verbs_in_every_form_are_cues() {
    for (sentence, content) in [
        (
            "The senator praised the new trade agreement.",
            "the new trade agreement",
        ),
        (
            "The senator is urging voters to reject the measure.",
            "to reject the measure",
        ),
        (
            "The senator has long opposed the border wall.",
            "the border wall",
        ),
        (
            "The senator denounces the ruling as a disgrace.",
            "the ruling as a disgrace",
        ),
        (
            "The senator endorsed Hillary Clinton for president.",
            "Hillary Clinton for president",
        ),
    ] {
        let c = one(sentence);
        assert_eq!(c.speaker.as_deref(), Some("the senator"), "{sentence}");
        assert_eq!(span(&c), content, "{sentence}");
    }
}

#[test]
fn noun_forms_and_passives_are_not_stance_cues() {
    // "debate" and "question" are nouns here; "was criticized" has no speaker before it
    for sentence in [
        "The second debate takes place in St. Louis on Oct. 9.",
        "An open question remains about the funding of the wall.",
        "The plan was criticized last week.",
        "The plan was first reported last week.",
    ] {
        assert_eq!(speaker(sentence), None, "{sentence}");
    }
}

#[test]
fn adverbs_between_subject_and_cue_are_skipped() {
    let c = one("The Democratic nominee aggressively attacked her opponent as a fraud.");
    assert_eq!(c.speaker.as_deref(), Some("the Democratic nominee"));
    assert_eq!(span(&c), "her opponent as a fraud");
    let c = one("In July, Gingrich cynically dismissed Estonia as a suburb of St. Petersburg.");
    assert_eq!(c.speaker.as_deref(), Some("Gingrich"));
    assert_eq!(span(&c), "Estonia as a suburb of St. Petersburg");
}

#[test]
fn appositive_subject_after_a_fronted_phrase() {
    let c = attributed(
        "With 50 days until the election, Minyon Moore, a senior adviser to the campaign, called the remarks a wake-up call.",
    );
    assert_eq!(c.speaker.as_deref(), Some("Minyon Moore"));
    assert_eq!(span(&c), "the remarks a wake-up call");
}

#[test]
fn role_noun_with_its_complement_speaks() {
    let c = one("The relatives watched the video on Thursday, attorneys for the family said.");
    assert_eq!(c.speaker.as_deref(), Some("attorneys for the family"));
    assert_eq!(span(&c), "The relatives watched the video on Thursday");
    let c = one("The relatives watched the video on Thursday, the family said.");
    assert_eq!(c.speaker.as_deref(), Some("the family"));
}

#[test]
fn passive_reporting_verb_with_its_agent() {
    let c = one("The registration issue was first reported by The Washington Post.");
    assert_eq!(c.speaker.as_deref(), Some("the Washington Post"));
    assert_eq!(span(&c), "The registration issue");
    let c = one("The plan was criticized by several economists.");
    assert_eq!(c.speaker.as_deref(), Some("several economists"));
    assert_eq!(span(&c), "The plan");
}

#[test]
fn according_to_a_long_source() {
    let c = one(
        "According to a civil complaint filed by the Securities and Exchange Commission, the developers looted millions of dollars.",
    );
    assert_eq!(
        c.speaker.as_deref(),
        Some("a civil complaint filed by the Securities and Exchange Commission")
    );
    assert_eq!(span(&c), "the developers looted millions of dollars");
}

#[test]
fn poll_shares_speak() {
    let c = one("However, 63 percent said Clinton was justified in keeping the diagnosis private.");
    assert_eq!(c.speaker.as_deref(), Some("63 percent"));
    assert_eq!(
        span(&c),
        "Clinton was justified in keeping the diagnosis private"
    );
    let c = one("Twelve percent indicated that they were not sure.");
    assert_eq!(c.speaker.as_deref(), Some("Twelve percent"));
    assert_eq!(span(&c), "they were not sure");
}

#[test]
fn plural_noun_form_cue_between_names() {
    let c = one("Bill Clinton calls Obamacare a crazy system during a campaign stop.");
    assert_eq!(c.speaker.as_deref(), Some("Bill Clinton"));
    assert_eq!(span(&c), "Obamacare a crazy system during a campaign stop");
}

#[test]
fn quote_keeps_its_speaker_past_short_pieces() {
    let all = extract(
        "“He better live,” Rakeyia Scott said. “I swear he better live. Yep. He better live. He better get up and live.”",
    );
    let last = all.last().expect("candidates");
    assert_eq!(last.text, "He better get up and live.");
    assert_eq!(last.speaker.as_deref(), Some("Rakeyia Scott"));
}

#[test]
fn stance_adjectives_and_nouns_before_a_preposition() {
    for (sentence, speaker_is, content) in [
        (
            "Graham has been critical of the nominee for months.",
            "Graham",
            "of the nominee for months",
        ),
        (
            "The senator is a staunch opponent of the death penalty.",
            "the senator",
            "of the death penalty",
        ),
        (
            "Campaign aides were coy about their plans for the debate.",
            "Campaign aides",
            "about their plans for the debate",
        ),
    ] {
        let c = one(sentence);
        assert_eq!(c.speaker.as_deref(), Some(speaker_is), "{sentence}");
        assert_eq!(span(&c), content, "{sentence}");
    }
    // a stance word without a "be" before it is no cue
    assert_eq!(
        speaker("Critical of the plan, the board met again on Monday."),
        None
    );
}

#[test]
fn cue_nouns_carry_their_owners_words() {
    let c = attributed(
        "The footage is at odds with the police department's earlier claim that the man refused to raise his hands.",
    );
    assert_eq!(c.speaker.as_deref(), Some("the police department"));
    assert_eq!(span(&c), "the man refused to raise his hands");
    let c = attributed("Yet his determination to act alone inflamed his opponents in Congress.");
    assert_eq!(c.speaker.as_deref(), Some("he"));
    assert_eq!(span(&c), "act alone inflamed his opponents in Congress");
    // no owner, no speaker
    assert_eq!(
        speaker("The claim that the vote was rigged spread quickly online."),
        None
    );
}

#[test]
fn quoted_title_before_the_source_is_not_the_content() {
    let c = attributed(
        "On this weekend’s broadcast of “Fox News Sunday,” Gov. Mike Pence said the tweet was only meant to mock his rival.",
    );
    assert_eq!(c.speaker.as_deref(), Some("Mike Pence"));
    assert_eq!(span(&c), "the tweet was only meant to mock his rival");
}

#[test]
fn contraction_is_not_a_possessive() {
    let c = one("He’s claiming that voter fraud is a big problem in this country.");
    assert_eq!(c.speaker.as_deref(), Some("He"));
    assert_eq!(span(&c), "voter fraud is a big problem in this country");
}

#[test]
fn catenative_verbs_hand_their_subject_to_the_cue() {
    for (sentence, content) in [
        (
            "The senator appeared to suggest that veterans are weaker than other people.",
            "veterans are weaker than other people",
        ),
        (
            "The senator avoids condemning the invasion of Ukraine.",
            "the invasion of Ukraine",
        ),
        (
            "The senator went on to say the plan would fail.",
            "the plan would fail",
        ),
    ] {
        let c = one(sentence);
        assert_eq!(c.speaker.as_deref(), Some("the senator"), "{sentence}");
        assert_eq!(span(&c), content, "{sentence}");
    }
}

#[test]
fn noun_like_stance_verb_before_that() {
    let c = one("Trump charges that foreign donors bought access to the State Department.");
    assert_eq!(c.speaker.as_deref(), Some("Trump"));
    assert_eq!(
        span(&c),
        "foreign donors bought access to the State Department"
    );
}

#[test]
fn verbs_of_making_public_are_cues() {
    for (sentence, content) in [
        (
            "The campaign unveiled a list of endorsements from retired generals.",
            "a list of endorsements from retired generals",
        ),
        (
            "The newspaper published portions of the tax returns from 1995.",
            "portions of the tax returns from 1995",
        ),
        (
            "The Post has learned that the candidate skipped the hospital.",
            "the candidate skipped the hospital",
        ),
    ] {
        let c = one(sentence);
        assert!(c.speaker.is_some(), "{sentence}");
        assert_eq!(span(&c), content, "{sentence}");
    }
}

#[test]
fn coordinated_clause_with_its_own_source() {
    assert_eq!(
        spans(
            "NBC News first published the cellphone video on Friday, and attorneys for the family released it to other outlets."
        ),
        vec![
            pair("the cellphone video on Friday", "NBC News"),
            pair("it to other outlets", "attorneys for the family"),
        ]
    );
}

#[test]
fn sentence_opening_gerund_is_not_a_first_name() {
    let all = extract(
        "Injecting Clinton’s marital troubles into the campaign is the nominee’s latest effort. Clinton has delivered a positive message, she said.",
    );
    let c = all.last().expect("candidates");
    assert_eq!(c.speaker.as_deref(), Some("Clinton"));
}

#[test]
fn a_reporters_prefix_cut_after_a_possessive_is_a_fragment() {
    let all = extract(
        "There are also many Afghans, among them women’s and civil society activists, \
         who fear talks with the insurgents could undo much of the progress made since 2001.",
    );
    let p = all
        .iter()
        .find(|c| c.text.ends_with("women’s"))
        .unwrap_or_else(|| panic!("no prefix in {all:?}"));
    assert!(!p.accepted, "{p:?}");
    assert_eq!(p.reason, Some("fragment"));
    assert!(
        all.iter()
            .any(|c| c.accepted && c.text.contains("could undo"))
    );
}

#[test]
fn a_cue_word_after_a_determiner_and_a_modifier_is_a_noun() {
    // "his initial tweet": not a source "his initial" with the verb "tweet"
    let c = attributed(
        "Two hours after his initial tweet, Trump tweeted a second image of the \
         candidate beside a pile of cash.",
    );
    assert_eq!(c.speaker.as_deref(), Some("Trump"));
    let c = attributed(
        "In a subsequent tweet, Governor Ann Marsh said the bridge would reopen in March.",
    );
    assert_eq!(c.speaker.as_deref(), Some("Ann Marsh"));
}

#[test]
fn a_past_or_plural_verb_after_a_determiner_and_a_noun_keeps_its_subject() {
    let c = attributed("A company spokesman said the plant would reopen in March after repairs.");
    assert!(
        c.speaker
            .as_deref()
            .is_some_and(|s| s.contains("spokesman")),
        "{c:?}"
    );
    let c = attributed("His top aides say the plan will cut costs by a third over five years.");
    assert!(
        c.speaker.as_deref().is_some_and(|s| s.contains("aides")),
        "{c:?}"
    );
}
