"""Hand-written go-to-market prose fragments for the generated benchmark corpora.

Sentences are assembled from these lists with a seeded `random.Random`, so a
corpus is the same bytes on every machine. Slots in braces name a glossary
entry (see ENTRIES) and a grammatical form:

    {RH}    singular      {RH:p}   plural      {RH:poss}  possessive
    {RH:hy} hyphenated modifier ("revenue-hub rollout")
    {HUB}   a casing-checked name (HubSpot, Salesforce)

The filler decides per slot whether the writer used the canonical term or the
retired variant, which is what the terminology benchmark counts.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    key: str
    term: str
    variant: str | None          # None: a casing-only entry (case: exact)
    wrong_casings: tuple[str, ...] = ()
    definition: str = ""

    def plural(self, text: str) -> str:
        return text + "s"


# 14 glossary entries: 12 substitutions (case: any) and 2 casing entries (case: exact).
ENTRIES: tuple[Entry, ...] = (
    Entry("RH", "Revenue Workspace", "revenue hub",
          definition="The shared space where marketing, sales and customer success plan every account."),
    Entry("AP", "Account Plan", "account map",
          definition="The single living plan for one customer account, shared by every team."),
    Entry("HS", "Health Score", "customer score",
          definition="A 0-100 rating of how likely an account is to renew and grow."),
    Entry("CSM", "Customer Success Manager", "customer happiness rep",
          definition="The person who owns a customer's adoption, renewal and expansion."),
    Entry("SG", "Signal", "buying alert",
          definition="An event that suggests an account is ready to buy, expand or churn."),
    Entry("EP", "Expansion Play", "upsell motion",
          definition="A repeatable sequence of steps that grows an existing account."),
    Entry("PR", "Pipeline Review", "deal review",
          definition="The weekly meeting where sales and marketing inspect open opportunities."),
    Entry("OS", "Onboarding Sprint", "kickoff phase",
          definition="The first 30 days of a new customer, with a fixed plan and owner."),
    Entry("RF", "Renewal Forecast", "churn forecast",
          definition="The predicted renewal outcome and amount for each account this quarter."),
    Entry("BR", "Business Review", "QBR deck",
          definition="The quarterly meeting and document that shows a customer their results."),
    Entry("CH", "Champion", "evangelist",
          definition="The person inside a customer who sells Beacon internally."),
    Entry("PB", "Playbook", "runbook",
          definition="Step-by-step guidance for one recurring situation in the customer lifecycle."),
    Entry("HUB", "HubSpot", None, ("Hubspot", "hubspot")),
    Entry("SF", "Salesforce", None, ("SalesForce", "salesforce")),
)
BY_KEY = {e.key: e for e in ENTRIES}

ROLES = [
    "account executive", "product marketer", "sales engineer", "revenue leader", "field marketer",
    "RevOps analyst", "solutions consultant", "enablement lead", "VP of Sales", "CMO",
    "support lead", "partner manager", "content strategist", "demand generation manager",
    "sales development rep", "CRO", "growth marketer", "customer marketing manager",
]
TEAMS = ["marketing", "sales", "customer success", "RevOps", "enablement", "the partner team",
         "the leadership team", "product marketing", "the renewals desk", "the field team"]
CUSTOMERS = ["Contoso", "Fabrikam", "Tailspin", "Litware", "Proseware", "Adatum", "Lucerne",
             "Wingtip", "Alpine Ski House", "Coho Winery", "Fourth Coffee", "Margie's Travel",
             "Trey Research", "Woodgrove", "Humongous Insurance", "Blue Yonder Airlines"]
METRICS = ["time-to-first-deal", "win rate", "net revenue retention", "ramp time", "deal velocity",
           "renewal rate", "pipeline coverage", "average contract value", "forecast accuracy",
           "onboarding time", "expansion revenue", "meeting-to-opportunity rate"]
NUMBERS = ["12%", "18%", "23%", "31%", "40%", "two weeks", "three quarters", "ten minutes",
           "half a day", "94%", "3x", "$1.2M", "$480K", "45 days", "six weeks", "2.5 points"]
TIMES = ["every Monday", "before the quarter closes", "in the first week", "after every call",
         "at the end of each sprint", "before renewal season", "within 48 hours", "once a month",
         "during the kickoff", "ahead of the board meeting", "by Friday", "in under an hour"]

OPENERS = [
    "In practice", "For most teams", "Since the last release", "Before the next kickoff",
    "When a deal stalls", "At renewal time", "In the first quarter", "For growing teams",
    "Once the data is connected", "As your team scales", "On a busy Monday", "By default",
    "In our experience", "For enterprise accounts", "When a new rep joins", "After the pilot",
    "Across every region", "With the new release", "Between quarters", "Right after the demo",
    "During onboarding", "For mid-market customers", "When budgets tighten", "Most weeks",
    "In regulated industries", "For the first time", "Every quarter", "Without extra work",
]
SUBJECTS = [
    "every {role}", "the {role}", "your {role}", "each {role}", "our {role} in EMEA",
    "{team}", "the whole revenue team", "a new {role}", "the {CSM}", "your {CH}",
    "the {role} at {customer}", "{customer}", "teams like {customer}", "the regional lead",
    "each {CSM}", "the {CH} at {customer}", "leadership", "the {role} and the {CSM}",
    "the operations team", "a first-time buyer", "the deal desk", "the onboarding team",
]
VERBS = [
    "opens", "updates", "reviews", "shares", "checks", "builds", "tracks", "refreshes",
    "walks through", "signs off on", "starts from", "leans on", "revisits", "cleans up",
    "compares", "exports", "annotates", "prioritizes", "flags changes in", "owns",
    "presents", "prepares", "links", "maintains", "audits", "summarizes", "plans around",
    "brings", "drafts", "closes out", "pins", "follows up on",
]
OBJECTS = [
    "the {RH}", "the {AP}", "every {AP}", "the {HS}", "each {HS}", "the latest {SG:p}",
    "every open {SG}", "the {EP}", "the next {EP}", "the weekly {PR}", "the {OS}",
    "the {RF}", "the quarterly {BR}", "the {BR}", "the {PB}", "the renewal {PB}",
    "the {AP:p} for top accounts", "all {HS:p} below 60", "the {RF:p} for Q3",
    "the {PR} notes", "the {OS} checklist", "the {EP:p} for strategic accounts",
    "the {BR:p} for this quarter", "the pipeline", "the forecast", "the mutual action plan",
    "the onboarding plan", "the discovery notes", "the win-loss summary", "the pricing page",
    "the competitive battlecard", "the launch brief", "the customer story", "the ROI model",
    "the renewal calendar", "the handoff notes", "the territory list", "the campaign plan",
    "the {HUB} sync", "the {SF} fields", "the data from {SF}", "the {HUB} lists",
    "the {RH} dashboards", "the {PB:p} for onboarding", "the {CH} list",
]
TAILS = [
    "before the {PR}", "so nobody works from a stale copy", "in the {RH}",
    "with the {CSM} in the loop", "{time}", "to keep the story consistent",
    "before the customer call", "so the numbers match across teams", "for every renewal",
    "and tags the owner", "without leaving {SF}", "straight from {HUB}", "with one click",
    "for the {BR}", "after each {SG}", "as part of the {OS}", "to cut {metric} by {number}",
    "so {metric} stays visible", "while the {HS} is still fresh", "and logs the next step",
    "so the {CH} has what they need", "to prepare the {EP}", "with fewer handoffs",
    "ahead of the {RF} call", "and shares it in Slack", "using the {PB}", "for the board",
    "so marketing and sales tell one story", "and nobody has to ask twice",
]
GENERATIVE = [
    "{Opener}, {subject} {verb} {object} {tail}.",
    "{Subject} {verb} {object} {tail}.",
    "{Opener}, {subject} {verb} {object}.",
    "{Subject} {verb} {object} and {verb2} {object2}.",
]
TEMPLATES = [
    "{Customer} cut {metric} by {number} after moving every team into the {RH}.",
    "The {RH} keeps the {AP}, the {HS} and every {SG} in one place.",
    "Open the {RH}, pick an account and review the {AP} with the {CSM}.",
    "When a {SG} fires, the {CSM} gets a task with the context attached.",
    "Each {AP} lists goals, stakeholders and the owner for every next step.",
    "A {HS} below 50 triggers the risk {PB} automatically.",
    "Run the {PR} from the {RH} instead of a spreadsheet.",
    "The {OS} ends with a {BR} that shows the first results.",
    "Your {CH} can share the {BR} with their leadership in one click.",
    "Use the {EP} {PB} when usage grows {number} quarter over quarter.",
    "The {RF} combines the {HS}, product usage and open support tickets.",
    "{Customer} now runs every {PR} from a single {AP}.",
    "Sync contacts from {HUB} and opportunities from {SF} in under ten minutes.",
    "Connect {SF} once and every {AP} stays current.",
    "{HUB} campaigns show up as {SG:p} on the account timeline.",
    "Nobody has to copy notes from {SF} into slides anymore.",
    "Bring your {CH} into the {RH} so they see the same plan you do.",
    "We built the {RH} because three teams were telling three different stories.",
    "The {CSM} owns the {OS}, and the account executive stays on the thread.",
    "Every {EP} starts with a {SG} and ends with a signed order form.",
    "Start the {BR} with the numbers, then tell the story behind them.",
    "{RH:p} work best when every team writes in the same place.",
    "Most {CSM:p} check their {HS:p} first thing in the morning.",
    "Good {AP:p} are short, current and owned by one person.",
    "Strong {CH:p} bring a peer to every {BR}.",
    "Teams that review {SG:p} daily close {number} more expansion deals.",
    "Our {PB:p} are written by the people who run them.",
    "Two {EP:p} cover most mid-market expansion deals.",
    "The {RH:poss} timeline shows every touch, from first visit to renewal.",
    "The {CH:poss} goals belong at the top of the {AP}.",
    "The {AP:poss} owner signs off before the {BR}.",
    "The {RH:hy} rollout took {customer} {number}.",
    "Plan the {OS:hy} agenda with the customer, not for them.",
    "Ask your {CSM} for the {RF} before you plan the {EP}.",
    "The {PR} is where marketing hears what sales is actually saying.",
    "Book a 30-minute walkthrough of the {RH} with our team.",
    "Try the {AP} template free for 14 days.",
    "Download the {BR} template and adapt it to your customer.",
    "Read how {customer} rebuilt their {PB:p} around the {HS}.",
    "Ask for a demo and bring your messiest {AP}.",
    "{Customer} reached {number} {metric} within two quarters.",
    "The {HS} updates {time}, so nobody argues about stale data.",
    "If the {RF} drops, the {CSM} and the {CH} meet {time}.",
    "One {AP} per account means one story per account.",
    "Unify your go-to-market story in the {RH}.",
    "Empower every team to do their best work.",
    "Imagine a revenue team that speaks with one voice.",
    "Alignment is not a project; it is a habit.",
    "Great customer experiences start with shared context.",
    "Your customers should never feel your org chart.",
    "We believe every renewal is earned long before the contract date.",
    "Clarity beats volume in every customer conversation.",
    "The best teams make the next step obvious.",
    "Pricing starts at $40 per user per month, billed annually.",
    "Beacon is SOC 2 Type II certified and hosts data in the EU or the US.",
    "Setup takes about an hour, and most teams are live within a week.",
    "Admins can restrict each {AP} to the people who work the account.",
    "Exports go to CSV, Google Sheets or your data warehouse.",
    "The mobile app shows every {SG} and lets you reply from the road.",
    "Notifications respect quiet hours and each person's time zone.",
    "Reports on {metric} refresh {time}.",
    "Permissions follow the roles you already have in {SF}.",
    "The API covers accounts, plans, scores and activity.",
]
HEADINGS = [
    "Why {RH:title} matters", "How teams use the {AP}", "What the {HS} tells you",
    "Running a better {PR}", "The first 30 days", "From {SG:title} to signed order",
    "Planning the {EP}", "Getting ready for the {BR}", "What changes for your {CSM}",
    "Working with your {CH}", "Connecting {SF} and {HUB}", "Results", "Next steps",
    "Frequently asked questions", "What customers say", "How it works", "Pricing and plans",
    "Security and compliance", "Getting started", "One story across teams",
    "Before the renewal", "A week in the {RH}", "Inside the {PB}",
]
TITLES = [
    "How {customer} aligned three teams", "The {RH} guide for revenue leaders",
    "Five ways to run a sharper {PR}", "Turning {SG:p} into pipeline", "Renewals without surprises",
    "A practical guide to {AP:p}", "Expansion that customers ask for", "Onboarding in 30 days",
    "What good {BR:p} look like", "Building {PB:p} your team will use",
    "Why {HS:p} beat gut feeling", "Launch notes: {RH} for partners", "One story, three teams",
]
QUOTES = [
    "We finally stopped arguing about whose numbers were right. The {RH} settled it.",
    "Our {CSM:p} walk into every {BR} with the same story sales told.",
    "The {HS} caught two at-risk renewals a full quarter early.",
    "Every {AP} used to live in someone's inbox. Now the whole team sees it.",
    "The {SG:p} told us who was ready to expand before they told us.",
    "Our new reps learned the {PB:p} in a week instead of a quarter.",
]
CTAS = [
    "Book a demo and we will build your first {AP} together.",
    "Start a free trial and connect {SF} in under ten minutes.",
    "Talk to sales about moving your team into the {RH}.",
    "Download the {PB} and run your next {PR} with it.",
    "Join the webinar on {SG:p} next Thursday at 11:00 CET.",
    "Reply to this email to schedule your {BR}.",
]
LIST_ITEMS = [
    "Connect {SF} and {HUB} once; the {AP} stays current.",
    "Review the {HS} {time}.",
    "Assign one owner to every {SG}.",
    "Share the {BR} with your {CH} before the meeting.",
    "Keep the {OS} to 30 days with a fixed agenda.",
    "Log every {EP} in the {RH}.",
    "Bring the {RF} to the {PR}.",
    "Retire old {PB:p} when the product changes.",
    "Invite the {CSM} to the last sales call.",
    "Check {metric} before and after the pilot.",
    "Tag {SG:p} by urgency, not by source.",
    "Agree on one {AP} template per segment.",
]

# Text where the variants must NOT be flagged: front matter, code, URLs.
CODE_BLOCKS = [
    ("yaml", "# sync settings for the revenue hub\nrevenue hub:\n  account map: enabled\n"
             "  customer score: nightly\n  buying alerts: true\nowner: customer happiness rep\n"),
    ("python", "from beacon import Client\n\nclient = Client()\n# refresh the customer score for each account map\n"
               "for plan in client.account_maps():\n    score = client.customer_score(plan.id)\n"
               "    print(\"revenue hub\", plan.name, score)\n"),
    ("json", "{\n  \"name\": \"upsell motion\",\n  \"trigger\": \"buying alert\",\n"
             "  \"runbook\": \"churn forecast review\",\n  \"crm\": \"hubspot\"\n}\n"),
    ("bash", "# export deal reviews and QBR decks from the revenue hub\n"
             "beacon export --type \"deal review\" --out reviews.csv\n"
             "beacon export --type \"QBR deck\" --since 2024-01-01\n"
             "curl https://api.northwind.example/v1/evangelists?limit=50\n"),
    ("sql", "-- accounts whose customer score dropped in the kickoff phase\n"
            "SELECT account, customer_score FROM account_map\nWHERE phase = 'kickoff phase' AND score < 50;\n"),
    ("text", "Subject: your churn forecast is ready\nThe runbook for evangelists is attached.\n"
             "Open the revenue hub, then the account map, then the upsell motion tab.\n"),
]
INLINE_CODE = ["`revenue hub`", "`account map`", "`customer score`", "`buying alert`",
               "`upsell motion`", "`deal review`", "`kickoff phase`", "`churn forecast`",
               "`QBR deck`", "`evangelist`", "`runbook`", "`hubspot`", "`salesforce`",
               "`customer happiness rep`"]
URLS = [
    "https://northwind.example/blog/revenue-hub", "https://help.northwind.example/account-map",
    "https://northwind.example/docs/customer-score", "https://northwind.example/buying-alerts",
    "https://northwind.example/guides/upsell-motion", "https://northwind.example/deal-review",
    "https://help.northwind.example/kickoff-phase", "https://northwind.example/churn-forecast",
    "https://northwind.example/templates/QBR-deck", "https://community.northwind.example/evangelists",
    "https://northwind.example/runbook", "https://www.hubspot.com/products/crm",
    "https://www.salesforce.com/products/sales-cloud/", "https://northwind.example/customer-happiness-rep",
]
URL_SENTENCES = [
    "Read the setup guide at {url} before you start.",
    "The full checklist lives at {url}.",
    "See {url} for the API details.",
    "Bookmark <{url}> for later.",
    "The recording is at <{url}>.",
    "Details are in [the help center]({url}).",
    "Our [step-by-step guide]({url}) covers the rest.",
]
INLINE_CODE_SENTENCES = [
    "Set the field type to {code} in the import mapping.",
    "Old exports still use the column name {code}.",
    "The API calls this object {code} for backwards compatibility.",
    "Search the audit log for {code} to find legacy records.",
]
FRONT_MATTER_EXTRAS = [
    "description: How the revenue hub, account maps and buying alerts fit together",
    "tags: [revenue hub, account map, customer score, evangelists]",
    "keywords: upsell motion, deal review, kickoff phase, churn forecast",
    "summary: \"A runbook for QBR decks and the customer happiness rep\"",
    "integrations: [hubspot, SalesForce, salesforce]",
    "related: [runbook, evangelist, buying alert]",
]

_SLOT = re.compile(r"\{([A-Za-z][A-Za-z0-9]*)(?::(\w+))?\}")


class Filler:
    """Fills slots in a template. `variant_rate`: chance the writer used the retired form."""

    def __init__(self, rng: random.Random, variant_rate: float = 0.3, casing_rate: float = 0.25,
                 generative_rate: float = 0.45) -> None:
        self.rng = rng
        self.variant_rate = variant_rate
        self.casing_rate = casing_rate
        self.generative_rate = generative_rate

    def fill(self, template: str, depth: int = 0) -> str:
        def repl(m: re.Match[str]) -> str:
            name, form = m.group(1), m.group(2) or ""
            if name in BY_KEY:
                return self._term(BY_KEY[name], form)
            value = self._word(name)
            return self.fill(value, depth + 1) if "{" in value and depth < 3 else value

        return _SLOT.sub(repl, template)

    def _term(self, entry: Entry, form: str) -> str:
        r = self.rng
        if entry.variant is None:
            return r.choice(entry.wrong_casings) if r.random() < self.casing_rate else entry.term
        use_variant = r.random() < self.variant_rate
        text = entry.variant if use_variant else entry.term
        if form == "p":
            text = entry.plural(text)
        elif form == "poss":
            text = text + "'s"
        elif form == "hy" and use_variant:
            text = text.replace(" ", "-")
        elif form == "title" and use_variant:
            text = text.title() if not text.isupper() else text
        return text

    def _word(self, name: str) -> str:
        r = self.rng
        lists = {
            "role": ROLES, "team": TEAMS, "customer": CUSTOMERS, "metric": METRICS,
            "number": NUMBERS, "time": TIMES, "opener": OPENERS, "subject": SUBJECTS,
            "verb": VERBS, "verb2": VERBS, "object": OBJECTS, "object2": OBJECTS, "tail": TAILS,
        }
        key = name.lower()
        if key in lists:
            value = r.choice(lists[key])
            if name[0].isupper():
                value = self.fill(value, 1)
                return value[:1].upper() + value[1:]
            return value
        raise KeyError(name)

    def sentence(self) -> str:
        pool = GENERATIVE if self.rng.random() < self.generative_rate else TEMPLATES
        text = self.fill(self.rng.choice(pool))
        return text[:1].upper() + text[1:]

    def paragraph(self, n: int) -> str:
        out: list[str] = []
        for _ in range(n * 3):
            s = self.sentence()
            if s not in out:
                out.append(s)
            if len(out) == n:
                break
        return " ".join(out)


def words(text: str) -> int:
    return len(text.split())


def split_simple(paragraph: str) -> list[str]:
    """Split generated prose back into its sentences (they all end in '. ')."""
    parts = re.split(r"(?<=[.!?]) (?=[A-Z0-9])", paragraph)
    return [p for p in parts if p]
