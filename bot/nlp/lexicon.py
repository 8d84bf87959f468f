"""Every word list the analysis engine reads, each once, under one name per concept.

Words are lower-case lemmas unless a comment says otherwise. Where two lists look alike but
serve different rules they keep two names that say why (PEOPLE_NOUNS for actors, SPEAKING_NOUNS
for subjects that can speak); where they drifted apart by accident and merging them would
change what newsbot outputs, both stay and the comment says so, for the accuracy work to settle.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string."""
    return frozenset(text.split())


# --- reporting verbs and nouns ---------------------------------------------------------------

# Lemmas of verbs that report speech or writing: a quote they govern has a speaker.
SPEECH_VERBS = words(
    """say tell add write ask note report announce suggest tweet argue explain acknowledge
    declare claim insist warn urge state reply respond recall concede admit deny confirm reveal
    predict promise pledge vow conclude describe call complain contend maintain assert allege
    charge observe remark comment testify emphasize emphasise stress joke quip boast muse wonder
    shout yell scream exclaim post caution counter question accuse criticize criticise blast slam
    attack praise dismiss mock declare proclaim whisper lament signal hint indicate estimate tout
    cite recount inform assure remind disclose advise demand plead agree interject clarify
    elaborate summarize summarise opine posit retort snap fume rail scoff concur brag gush
    express threaten propose announce continue read put recommend reiterate repeat insist chant
    characterize characterise dub label brand term mention point sing bemoan decry thank
    confide""",
)
# The speech verbs whose subject weighs more in an actor's salience. A subset of SPEECH_VERBS
# that drifted from it by accident; using SPEECH_VERBS instead changes the actor ranking, so it
# stays apart until the accuracy work decides.
SALIENCE_SPEECH_VERBS = words(
    """say tell add warn write argue claim insist state explain ask urge blast accuse note
    announce respond reply deny acknowledge admit suggest describe tweet criticize criticise
    declare testify predict""",
)
# Speech verbs that a study, a test or a record does as well as a person ("Early tests reveal
# that ...", "The data suggest ...", "Words cannot describe ..."): with a subject that cannot
# speak they report no one's speech.
EVIDENCE_VERBS = words("reveal indicate suggest show confirm prove demonstrate describe")
# Verbs that refuse the speech verb after them ("declined to say", "refused to confirm").
REFUSAL_VERBS = words("decline refuse")
# Verbs that credit who first reported words someone said or wrote ("the email, which was
# first reported by the Ledger", "as reported by the Ledger"): a credit, never the speaker.
REPORT_CREDIT_VERBS = words("report publish broadcast air")
# Verbs of belief and intention: the corpus counts what they report as attributed content,
# but they never make a quoted phrase speech on their own.
THOUGHT_VERBS = words(
    """think believe feel hope fear expect know worry doubt reckon suspect assume
    want plan intend""",
)
# Verbs of stance and demand whose object is what the subject holds or asks for ("urged Obama
# to close the prison", "called for a ban", "endorsed Clinton").
STANCE_VERBS = words(
    """urge call propose endorse support oppose back criticize criticise attack praise accuse
    blame deny reject defend cite show find reveal want seek promise pledge vow demand ask
    recommend predict describe question dismiss acknowledge admit confirm emphasize highlight
    tout slam blast mock condemn applaud welcome warn threaten plan hope expect refuse decline
    announce push argue suggest insist""",
)
# Nouns for a state's public bodies, named by their place or people ("the Afghan government",
# "Chinese health authorities", "the US military"): organisations that act for the place.
STATE_BODY_NOUNS = words("government authorities authority military army navy regime")
# What a place does only as its government: says, demands, denounces, deploys ("Beijing
# warned", "China has denounced the ruling", "Washington imposed sanctions").
GOVERNMENT_VERBS = (
    SPEECH_VERBS
    | STANCE_VERBS
    | words(
        "denounce impose deploy retaliate summon expel sanction veto ratify recognise recognize"
    )
)
# What a side does to another in a match, and what it gets from it: "Spain beat Russia", "a win
# over Russia", "victory for Spain", "lost to Croatia". A country written so is its team.
MATCH_RESULT_VERBS = words("beat defeat edge rout thrash overcome eliminate outplay")
MATCH_RESULT_NOUNS = words("win victory defeat loss lose triumph")
MATCH_RESULT_PREPOSITIONS = words("over against for to")
# Last words of an institution's name, a body that acts whatever label the model gives it:
# "Harlow General Hospital", "the Lindenpark-Klinik", "Harlow State University".
INSTITUTION_NAME_WORDS = words(
    "hospital clinic klinik infirmary university college academy institute museum zoo"
)
# Last words of a venue's name, a place where things happen whatever label the model gives it:
# "Harlow Stadium", "the Zenbo Arena", "Stamfield Bridge". Not "centre": research centres act.
VENUE_NAME_WORDS = words(
    """stadium arena ballpark bridge park field speedway raceway racecourse velodrome coliseum
    colosseum dome"""
)
# Prepositions that set a place as the scene: "in Harlow", "flights to Harlow".
SCENE_PREPOSITIONS = words("in at from to into near across around throughout inside outside")
# Planets, moons and other bodies of the solar system: where a space story happens, never one
# of its actors, however often it is named ("plumes on Europa", "Jupiter's moon").
CELESTIAL_BODIES = words(
    """mercury venus earth mars jupiter saturn uranus neptune pluto ceres moon europa io
    ganymede callisto enceladus titan triton charon phobos deimos bennu ryugu"""
)
# The postal codes of the US states, which follow a city in addresses and listings ("West Palm
# Beach, FL"): the scene, whatever label the model gives the two capitals.
US_STATE_CODES = words(
    """al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj
    nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc"""
)
# Verbs after which "in" names where a text came out ("published in the Harlow Review",
# "appeared in Vogue"): a journal or a publication, never a person.
PUBLISHED_IN_VERBS = words("publish appear print run reprint")
# Verb forms a singular name takes only when it stands for a body of people, as British English
# writes organisations and teams ("Acme are believers", "England were beaten"): never a person.
PLURAL_VERB_FORMS = words("are were have")
# Stance verbs that are speech acts: what they urge, ask for, promise or deny was said ("urged
# Obama to close the prison"); the others ("wants", "supports", "declined") report no speech.
SPEECH_ACT_VERBS = STANCE_VERBS & SPEECH_VERBS
# Endings of speech verbs in the past, as a capitalised label opens with them ("Stated Roe:",
# "Said Roe:", "Wrote Roe:").
SPEECH_PAST_ENDINGS = ("ed", "aid", "ote")
# Where or through what something was said, never what a stance verb asks for ("announced on
# the radio", "warned on television", "said in a podcast").
MEDIUM_NOUNS = words(
    """radio radios television tv air airwaves phone telephone camera broadcast show program
    programme podcast interview website blog channel stream livestream call video media"""
)
# Words that open a relative clause the writer adds after a comma (", which would ...").
RELATIVE_PRONOUNS = words("which who whom whose")
# Prepositions that introduce what a stance verb asks for ("called for a ban").
OBJECT_PREPOSITIONS = ("for", "about", "on", "against", "of")
# Verbs of aspect: with a verb after them ("will continue to be") nobody speaks through them.
ASPECT_VERBS = words("continue keep start begin")
# Particles a verb of an attribution may end on ("shot back", "went on", "chimed in").
VERB_PARTICLES = words("back on up in out off away")
# Verbs of raised voices: the exclamation they govern is a chant or a cry, never a title.
SHOUT_VERBS = words("chant shout yell scream cry exclaim holler roar declare say")
# Reporting verbs that only mark speech with a complement clause ("he continued that" is odd;
# "he continued, '...'" is speech only next to a quote).
QUOTE_ONLY_VERBS = words("continue put read express point call mention")
# Speech verbs that report a finding or a decision ("Washington had concluded", "the court
# determined"): inside what a named speaker says, the quoted words are that speaker's.
JUDGEMENT_VERBS = words("conclude determine decide find rule judge assess")
# Verbs that put their speaker after them ('"...," said Smith'); "told Fox News" does not.
INVERTING_VERBS = words(
    "say add write explain continue note reply respond recall conclude tweet state quip"
)
# Nouns that make a quoted phrase speech ("in a statement", "the letter") when they govern it.
SPEECH_NOUNS = words(
    """statement interview letter tweet speech remarks remark comment comments message post
    email memo op-ed editorial essay column report release announcement testimony
    words word phrase quote""",
)
# Words that name what follows them in quotation marks ("dubbed the 'Hanoi Hilton'", "a show
# called 'Ask Dr. Mike'"): the quoted words are a name or a term, not anyone's speech.
NAMING_WORDS = words(
    "called so-called dubbed nicknamed named titled entitled branded labeled labelled"
)
# The verbs among them, by lemma: with a named subject ("what Ann Roe called"), they quote her.
NAMING_VERBS = words("call dub nickname name brand label")
# "known as", "billed as": the word before "as" that makes the quoted words a name.
NAMING_BEFORE_AS = words("known billed referred")
# Parts of a show, film or book that name it after "of" ("the third season of The Crown", "the
# final episode of Harlow Heights"): the name is a work's title, never an actor.
WORK_PART_NOUNS = words("season episode finale sequel prequel premiere trailer reboot spinoff")
# Nouns whose quoted name follows them ("the slogan 'Meth, we're on it'", "the term '...'").
TITLE_NOUNS = words(
    """term slogan tagline motto hashtag nickname moniker title headline song single album
    book novel memoir film movie documentary show series episode podcast play musical
    newsletter campaign program programme segment column word phrase"""
)
# Words a title leaves lower-case ("Takin' It to the Streets"): the rest are capitalised.
TITLE_MINOR_WORDS = words("a an the and but or nor for of to in on at by with from as vs via per")
# Nouns of a speech act that make a word or two they govern someone's words ("warning of
# 'dire consequences'", "his promise of 'change'"); SPEECH_NOUNS name what carries speech.
SPEECH_ACT_NOUNS = words(
    """warning claim promise pledge vow threat plea demand call request accusation charge
    denial admission assertion insistence complaint criticism"""
)
# Speech verbs that govern quoted words mostly in idioms ("put into 'suspended animation'",
# "would not put up with"), so they do not make a word or two in quotation marks speech.
IDIOMATIC_SPEECH_VERBS = words("put continue read point")
# What may stand between a naming word and its quoted name ("called the", "of its").
NAME_LEAD_WORDS = words("the a an its their his her our your of")
# Documents given as a source, which speak for whoever made or released them.
DOCUMENT_NOUNS = words(
    """audio video recording tape transcript footage account excerpt excerpts analysis report
    post statement release memo letter book poll survey study document documents record
    records projection calculation tally estimate""",
)
# Prepositions that name who made a document ("a post from X", "an analysis by X").
MAKER_PREPOSITIONS = ("by", "from")
# Prepositions on a verb whose object is one of its clause's people ("after Ann Roe, asked
# about it, had said", "ended with Ann Roe asking", "reported by the Ledger").
CLAUSE_PEOPLE_PREPOSITIONS = words("after before with by")
POLL_NOUNS = words("poll survey")

# --- who can speak ---------------------------------------------------------------------------

# Nouns for people, bodies and the documents that speak for them ("the poll shows"): the head
# of a subject that can speak. Wider than PEOPLE_NOUNS on purpose (documents and bodies speak)
# and narrower by accident (no "lawyer"); merging them changes speakers, so they stay apart.
SPEAKING_NOUNS = words(
    """official people person aide spokesman spokeswoman spokesperson source expert critic
    analyst voter democrat republican candidate president governor senator congressman
    congresswoman lawmaker adviser advisor strategist pollster economist staff staffer
    delegate activist leader chair chairman chairwoman secretary director member supporter
    opponent friend ally colleague resident citizen american man woman poll survey study
    report analysis data letter statement memo filing lawsuit complaint document ad
    campaign group side camp administration executive tabloid journal broadcaster network
    station channel blog outlet""",
)
# Endings of nouns that can speak ("the organizer said"): loose, as a subject of a reporting
# verb is seldom a thing.
SPEAKING_NOUN_SUFFIXES = ("er", "or", "ist", "ian", "ant", "eer", "ee")
# Head nouns of descriptions that stand for an organisation.
ORG_NOUNS = words(
    """campaign committee newspaper paper company party administration government agency
    department network organization organisation firm group court commission council ministry
    office team website site magazine outlet board union bank""",
)
# Pronouns that can be the subject of speech.
SPEAKING_PRONOUNS = ("he", "she", "they", "we", "i", "you", "who")
# The writer's own voice ("I think", "you know"), never a report of someone else's words.
WRITER_PRONOUNS = ("i", "we", "you")
# Pronouns a trailing attribution may open with ('"...?" she pressed.').
THIRD_PERSON_PRONOUNS = ("he", "she", "they")
# Subjects that say how many spoke, or point nowhere, not who ("some said", "many argue"): a
# description headed by one names nobody.
NOBODY_IN_PARTICULAR = words(
    """some many several others other one both all few most each any none who that which
    this these those it something someone everyone anyone nobody people""",
)
# Words that only point at or ask for what is said elsewhere ("that suggests", "which said"):
# no source of reported speech as written.
POINTING_WORDS = words("it this that these those which who whom whose what something")
# Nouns for a number of people, who are the people they are made of ("a group of senators").
COLLECTIVES = words(
    """group number couple handful half majority minority dozen dozens hundreds thousands
    percent member members coalition bunch""",
)
# Subjects that are a share of the people asked.
SHARES = words("percent majority minority plurality half third quarter fifth")

# --- pronouns and gender evidence ------------------------------------------------------------

PERSON_PRONOUNS = {"he": "m", "she": "f"}
GROUP_PRONOUNS = frozenset({"they"})
ORG_PRONOUNS = frozenset({"it"})
GENDERED_PRONOUNS = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
# Gendered pronouns that can point back at their sentence's subject: as a subject, an owner or a
# reflexive ("her" only as an owner, which is a matter of its parse).
BACK_POINTING_PRONOUNS = ("he", "she", "himself", "herself", "his", "hers")
# A possessive stands for its subject pronoun ("his statement": he).
POSSESSIVES = {"his": "he", "her": "she", "their": "they", "its": "it"}
# Titles that tell a person's gender, as tokens ("mr." with its dot).
MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess"})

# --- determiners -----------------------------------------------------------------------------

ARTICLES = frozenset({"the", "a", "an"})
# Determiners that introduce someone new ("said one Democrat", "another aide added").
INDEFINITE = ("a", "an", "one", "another")
# Prepositions whose phrase belongs to a description as written ("a spokesman for Trump").
DESCRIPTION_PREPOSITIONS = ("for", "of", "to", "with", "at", "from")

# --- names, titles and roles -----------------------------------------------------------------

# Honorifics say nothing about what someone does; the other titles are roles.
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "prof"}
)
# A peer's title stands for the name rather than before it ("Lord Sugar", "Lady Hale"; and
# "Lady Gaga" is a name), so a name is matched with it kept; the other honorifics go before a
# name that is whole without them ("Mr Ed Davey", "Sir Keir Starmer").
PEERAGE_TITLES = frozenset({"lord", "lady"})
NAME_HONORIFICS = HONORIFICS - PEERAGE_TITLES
# What follows a surname without being one ("Martin Luther King Jr", "John Smith III").
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Abbreviated titles, spelt out in roles ("Sen. Graham" -> role "Senator").
ABBREVIATED_TITLES = {
    "sen": "Senator",
    "rep": "Representative",
    "gov": "Governor",
    "gen": "General",
    "lt": "Lieutenant",
    "col": "Colonel",
    "capt": "Captain",
    "sgt": "Sergeant",
    "adm": "Admiral",
    "rev": "Reverend",
    "pres": "President",
    "sec": "Secretary",
}
TITLE_WORDS = {
    **ABBREVIATED_TITLES,
    "senator": "Senator",
    "representative": "Representative",
    "governor": "Governor",
    "president": "President",
    "vice": "Vice",
    "secretary": "Secretary",
    "general": "General",
    "judge": "Judge",
    "justice": "Justice",
    "mayor": "Mayor",
    "chancellor": "Chancellor",
    "minister": "Minister",
    "pope": "Pope",
    "king": "King",
    "queen": "Queen",
    "prince": "Prince",
    "princess": "Princess",
}
TITLES = HONORIFICS | set(TITLE_WORDS)
# Nouns for a person or people: "US senators", "Conservative MPs", "a journalist". The heads of
# roles and groups; see SPEAKING_NOUNS for subjects that can speak.
PEOPLE_NOUNS = words(
    """
    activist adviser advisor advocate agent aide ally ambassador analyst anchor applicant
    attorney author authority backer banker boss broker builder candidate captain caucusgoer
    chair chairman chancellor chief citizen columnist commander commentator commissioner
    committeeman congressman congresswoman conservative consultant correspondent councillor
    councilman counsel critic daughter delegate democrat deputy descendant designer developer
    dictator diplomat director doctor donor economist editor elder employee employer envoy
    executive expert farmer father fellow fighter founder friend front-runner frontrunner
    governor guard head historian host husband immigrant insider inspector investigator investor
    journalist judge justice lawmaker lawyer leader legislator liberal lobbyist manager
    manufacturer marine mayor member mep militant minister mother mp native negotiator neighbor
    neighbour nominee nurse observer officer official opponent organiser organizer owner
    participant partner peer people police politician pollster president producer professor
    prosecutor protester protestor publisher rapper regulator reporter representative republican
    researcher resident rival ruler scholar scientist secretary senator sergeant singer sister
    soldier son speaker spokesperson spook staffer strategist student supporter surgeon teacher
    troop trooper trustee veteran voter warden wife worker writer
    """
)
# ... and those of sport ("state diver Dana Roe", "the players", "Acme's coach"), which only
# a person holds, where a company can be an "adviser" or an "investor".
SPORT_ROLE_NOUNS = words(
    """
    athlete player coach diver swimmer runner golfer goalkeeper keeper striker defender
    midfielder quarterback pitcher wrestler boxer sprinter skater jockey
    """
)
PEOPLE_NOUNS |= SPORT_ROLE_NOUNS
# Endings of nouns for people. A closed list, not "-er"/"-or" (as SPEAKING_NOUN_SUFFIXES has):
# "computers" and "indicators" are no group of people.
PEOPLE_NOUN_SUFFIXES = ("ist", "ian", "eer", "man", "woman", "maker", "goer")
# Quantity words before a plural noun that are no part of a group's name ("Many people",
# "two senators"): narrower than NOBODY_IN_PARTICULAR, which also holds pronouns.
QUANTITY_MODIFIERS = frozenset(
    {"both", "all", "many", "several", "few", "some", "most", "other", "two", "three"}
)
# First words of a name that make it a camp, not a person ("Team Clinton").
NOT_NAME_PREFIXES = frozenset({"team", "camp"})
# Prefixes that make a name a stance ("pro-Cruz").
STANCE_PREFIXES = ("pro", "anti", "non", "ex")
# Words an acronym leaves out ("CCP" of "Chinese Communist Party", "DoJ").
ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "on", "in", "&"})
# Words a state office's acronym may leave out: "NYAG" of the New York State Attorney General.
ACRONYM_OPTIONAL = frozenset({"state"})
# Public offices named after their place with no holder's name after them: "the New York State
# Attorney General is investigating" is the office, an organisation ("New York Attorney General
# Dana Roe" is a person's role).
OFFICE_TITLES = (
    "attorney general",
    "solicitor general",
    "inspector general",
    "secretary of state",
    "district attorney",
    "comptroller",
    "treasurer",
    "ombudsman",
)
# Company-form words an acronym leaves out too ("AP&L" of "Acme Power & Light Co.").
COMPANY_SUFFIXES = words("co co. inc inc. corp corp. ltd ltd. llc plc company corporation")
# Nouns for a business, which make the name beside them one ("Zenbo, a marketing company").
BUSINESS_NOUNS = words(
    """company firm business startup corporation conglomerate retailer maker manufacturer
    brand label studio publisher newspaper broadcaster network carrier airline bank insurer"""
)
# Nouns for the company that owns a brand ("Zenbo's parent company, Zenbo Group"): named beside
# the brand, the parent is the same actor to a reader of the story. Not "owner": "Acme, the
# owner of the Daily Planet" is a publisher and its paper, two actors.
PARENT_COMPANY_NOUNS = words("parent")
# Words that put a relation in the past ("its former parent"): it no longer holds.
PAST_RELATION_WORDS = words("former ex previous onetime erstwhile")
# Last words that make a name a business's or a publication's, however much it looks like a
# person's ("Dick Clark Productions", "Ray Dolby Laboratories", "the Hartford Courant").
COMPANY_NAME_WORDS = (
    COMPANY_SUFFIXES
    | words(
        """productions pictures studios records entertainment media communications publishing
    holdings industries enterprises ventures partners associates capital investments
    laboratories labs technologies systems networks robotics software pharmaceuticals
    therapeutics motors airline airlines airways foods brands group works"""
    )
    | words(
        # and publications': "the Miami Herald", "the Hartford Courant", "New York Intelligencer"
        """herald courant times journal gazette tribune chronicle inquirer dispatch examiner
    telegraph intelligencer"""
    )
)
POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")
# Familiar forms of English first names that are not their first letters ("Bill" is William;
# "Pat" of Patrick needs no entry): the short form -> the full forms it stands for.
FAMILIAR_FIRST_NAMES: dict[str, frozenset[str]] = {
    short: words(full)
    for short, full in (
        ("bill", "william"),
        ("billy", "william"),
        ("bob", "robert"),
        ("bobby", "robert"),
        ("mike", "michael"),
        ("jim", "james"),
        ("jimmy", "james"),
        ("tom", "thomas"),
        ("tommy", "thomas"),
        ("dick", "richard"),
        ("rick", "richard"),
        ("jack", "john"),
        ("johnny", "john"),
        ("ted", "edward theodore"),
        ("ned", "edward"),
        ("chuck", "charles"),
        ("charlie", "charles"),
        ("hank", "henry"),
        ("harry", "henry harold"),
        ("larry", "lawrence laurence"),
        ("jerry", "gerald jerome"),
        ("peggy", "margaret"),
        ("maggie", "margaret"),
        ("betty", "elizabeth"),
        ("beth", "elizabeth"),
        ("liz", "elizabeth"),
        ("sally", "sarah"),
        ("kate", "katherine catherine kathryn"),
        ("katie", "katherine catherine kathryn"),
        ("peg", "margaret"),
        ("sandy", "alexandra sandra"),
        ("tony", "anthony"),
        ("andy", "andrew"),
        ("drew", "andrew"),
        ("joe", "joseph"),
        ("steve", "stephen steven"),
        ("bernie", "bernard"),
    )
}
# Words that give the name a person went by, right before it: "Everyone called him Mike",
# "known as Mike", "nicknamed Mike", "went by Mike".
NICKNAME_CUES = (
    "called him",
    "called her",
    "calls him",
    "calls her",
    "call him",
    "call her",
    "known as",
    "nicknamed",
    "nicknamed him",
    "nicknamed her",
    "went by",
    "goes by",
)

# --- entity labels ---------------------------------------------------------------------------

# spaCy entity labels of names that can be a speaker.
NAME_LABELS = ("PERSON", "ORG", "NORP", "GPE")
# Entity types that never speak: a line opening "Iowa:" or "Tuesday:" is no speaker label.
NOT_SPEAKER_LABELS = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "EVENT", "LAW", "WORK_OF_ART"})

# --- what is no actor ------------------------------------------------------------------------

# Acronyms of common nouns, which name a thing or an idea, never a body ("an IPO", "the EV",
# "AI technology"), lower case.
COMMON_NOUN_ACRONYMS = words(
    """ai agi ev evs ipo ipos gdp cpi suv suvs tv dna rna hiv covid faq pdf usb gps led lcd oled
    vr ar api apis nft nfts etf etfs esg ict iot saas pc pcs hd uhd lte vpn mri icu ppe
    atm atms diy dui ceo ceos cfo coo cto mvp rsvp asap rgb hdr ssd ssds hdd ecg awd rwd fwd
    ctr cpm cpc rtb roi kpi kpis rrp msrp vat sku skus"""
)
# Last words of names of things, events and laws, never of who acts: "the Hong Kong Human
# Rights and Democracy Act", "the American Music Awards", "Feather Duvet Lung Disease". Not
# words that end bodies' names too ("Epic Games", "Human Rights Watch", "Big Ten Conference").
THING_NAME_HEADS = words(
    """act acts award awards prize prizes cup finals championship championships tournament
    festival expo series edition index disease syndrome telescope lander rover composite
    show induction ceremony fair"""
)
# Stock-market indices known by a name of their own ("the Sensex rose 200 points", "the Nikkei
# 225 fell"): a market's figure, which no one is, whatever label the model gives it.
MARKET_INDEX_NAMES = frozenset(
    {"sensex", "nifty", "nikkei", "ftse", "dax", "kospi", "topix", "stoxx", "hang seng"}
)
# Party and camp nouns, which name a real body when capitalised ("Democrats", "Conservatives").
PARTY_MEMBER_NOUNS = words("democrat republican conservative liberal tory labour green")
# Kinds of street, which name no place without the street's own name ("Avenue" cut from "Fort
# Worth's 6th Avenue" by a number the model left out).
STREET_WORDS = words("street avenue boulevard road")
# Words that name no one on their own, capitalised or not ("The", "Company", "Statement",
# "Public", "Agency", "People", "Officials"): an actor named only with them is a description.
GENERIC_ACTOR_WORDS = (
    PEOPLE_NOUNS
    | SPEAKING_NOUNS
    | ORG_NOUNS
    | DOCUMENT_NOUNS
    | SPEECH_NOUNS
    | NOBODY_IN_PARTICULAR
    | COLLECTIVES
    | ARTICLES
    | words(
        """public source sources insider insiders spokesperson representative authorities
        officials state federal national local international official unnamed anonymous
        various another such their his her its our my your this that group media press
        force forces unit division bureau center centre institute foundation association
        society service services organisation corporation inc ltd llc co corp plc
        government ministry police"""
    )
    | STREET_WORDS
) - PARTY_MEMBER_NOUNS
# Lower-case words inside a name ("University of Florida", "Ludwig van Beethoven").
NAME_LINK_WORDS = words("of and the for on de del da van von bin")
# Lower-case words that stand between two names the model tags as one: a move ("the transfer
# of Ann Roe to Acme United"), a case ("Acme v. Zentra") or a result ("Palm Bay d. Rockledge").
BETWEEN_NAMES = words("to from against with versus vs vs. v. d. def.")
# A nationality is a group's name ("Americans"), not a description.
GENERIC_ACTOR_WORDS -= words("american")

# Social networks, which news names as places people post to ("across Twitter") and the model
# often takes for people; squashed spelling (letters only, lower case).
SOCIAL_PLATFORMS = words(
    "twitter facebook instagram youtube tiktok reddit linkedin snapchat whatsapp weibo wechat"
)
# Nouns for kin and company kept, not jobs: "the daughter of Smith" is no organisation's staff,
# and "his aunt said" is a person speaking.
RELATION_NOUNS = words(
    """daughter son wife husband mother father sister brother friend descendant partner
    fellow neighbor neighbour ally rival widow widower child children parent aunt uncle cousin
    niece nephew grandmother grandfather grandson granddaughter grandparent sibling relative
    fiance fiancee girlfriend boyfriend stepfather stepmother"""
)

# Titles that are part of the name of someone known by one name ("Prince Andrew", "Pope
# Francis"): such a person's canonical name keeps the title.
STYLED_TITLES = words("prince princess king queen duke duchess pope emperor empress sheikh")

# Titles that only a person bears ("President Trump", "Mr Lee"; not "General" of "General
# Motors"): a name written after one is a person's, whatever the model's label.
PERSON_ONLY_TITLES = HONORIFICS | words(
    "president senator sen governor gov representative rep mayor chancellor minister pope"
)

# Nouns for things made and sold, which a product's name stands beside ("its streaming
# service, Stadia", "MacBook models", "the Stadia controller").
PRODUCT_NOUNS = words(
    """service app application device phone smartphone laptop tablet console controller model
    models version edition car vehicle suv coupe sedan truck game title platform software
    system subscription bundle drug vaccine product brand feature features solution solutions
    program programme index"""
)
# Adjectives that make a name a model of a thing: "the new Sportback", "the original e-tron".
PRODUCT_ADJECTIVES = words("new latest original regular previous upcoming refurbished")
# Determiners that count one thing among many ("charge an Acme Pad"): a body or a person is one
# of a kind, never "a" one.
COUNTING_DETERMINERS = words("a an another")
# Units of a thing's size written before its name ("the 12-inch Acme Pad", "a 64GB Volta").
SIZE_UNITS = words("inch mm cm gb tb mah")

# --- the page's own voice: datelines, wires and credit lines ---------------------------------

# News agencies whose credit opens or closes a story ("LONDON (AP) —", "(Reuters)"), as the
# squashed spelling of their names and short forms (letters only, lower case).
WIRE_SERVICES = words(
    """ap associatedpress reuters afp agencefrancepresse upi pti presstrustofindia ians ani
    dpa efe ansa aap kyodo yonhap canadianpress pressassociation pamedia"""
)

# --- speakers behind descriptions and documents ---------------------------------------------

# People who speak for someone else: "a spokeswoman for Acme said" is Acme speaking, "his
# office said" is he.
SPOKESPERSON_NOUNS = words(
    "spokesman spokeswoman spokesperson spokespeople representative office staff"
)
# Prepositions that name whom a spokesperson speaks for ("a spokesman for Acme").
SPOKEN_FOR_PREPOSITIONS = ("for", "of", "at", "from")
# Prepositions that introduce a document's release ("said in a statement").
RELEASE_PREPOSITIONS = ("in", "via", "through")
# Documents someone wrote or put out, which speak for their author ("the statement said").
AUTHORED_NOUNS = words(
    """statement letter release memo email e-mail post tweet message note filing complaint
    lawsuit announcement notice""",
)
# Verbs of those who come by a document, not make it ("a letter obtained by the Ledger").
READING_VERBS = words("review obtain see read receive cite examine")
# Verbs that make their object do the next verb ("the loss led the firm to announce").
CAUSING_VERBS = words("lead prompt cause spur push drive force compel")
# Verbs that put out a document ("Acme issued a statement"): their subject is its author.
PUBLISHING_VERBS = words(
    "issue release send publish post write put file sign share tweet prepare draft compile"
)
# Words any organisation may go by ("the company said" after "Acme cut jobs"); the other
# ORG_DESCRIPTION_NOUNS ("the court", "the airline") stand only for a body whose name or role
# holds them.
GENERIC_ORG_NOUNS = words(
    "company firm agency label studio business corporation organization organisation group"
)
# Heads of definite descriptions of an organisation ("the company said", "the label said"):
# wider than ORG_NOUNS, which also decides an actor's kind.
ORG_DESCRIPTION_NOUNS = (
    ORG_NOUNS
    | words(
        """agency firm label studio band club military army ministry corporation business
    publisher broadcaster network charity foundation institute university school hospital
    coalition association federation lab laboratory tabloid journal station channel blog
    manufacturer maker automaker carmaker airline carrier retailer insurer lender brokerage"""
    )
    | GENERIC_ORG_NOUNS
)
# Nouns for bodies of people ("the family said", "the jury found"): heads of descriptions
# of speakers, besides PEOPLE_NOUNS and RELATION_NOUNS.
BODIES_OF_PEOPLE = words("family jury crowd audience panel couple")
# Things that speak for someone without being anyone ("the data show", "the ad says"), besides
# the documents of DOCUMENT_NOUNS and AUTHORED_NOUNS: a description headed by one is shown as
# written and is of no actor's kind.
SPEAKING_THINGS = words("data ad")
# Endings of the head of a description of one person who speaks ("the actor", "the singer"):
# looser than PEOPLE_NOUN_SUFFIXES, as the subject of a reporting verb is seldom a thing.
DESCRIBED_PERSON_SUFFIXES = (*PEOPLE_NOUN_SUFFIXES, "er", "or", "ess")
# Nouns a story uses for someone it does not name ("the man", "the patient", "the victim"):
# a definite description by one of them is never taken for the person last named.
UNNAMED_PERSON_NOUNS = words(
    """man woman boy girl person child teen teenager patient victim suspect witness passenger
    driver customer user resident neighbor neighbour stranger caller individual"""
)
