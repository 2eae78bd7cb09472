"""The words of the demo site besides the seed article: the course, its brochure and the pages."""

# ruff: noqa: E501

from datetime import date
from decimal import Decimal

COURSE_TITLE = "Adviesvaardigheden voor inkopers, ICT-ers, facilitaire en andere experts"
COURSE_SLUG = "adviesvaardigheden-voor-experts"
COURSE = {
    "subtitle": "Van betweterige expert naar adviseur naar wie de klant wél luistert",
    "intro": (
        "U weet als expert precies wat uw (interne) klant nodig heeft, maar uw advies verdwijnt in een la. "
        "In drie dagen leert u adviseren zoals een klant het wil horen: luisteren, doorvragen en samen tot een oplossing komen."
    ),
    "search_description": "Driedaagse training adviesvaardigheden voor inkopers, ICT-ers, facilitair managers en andere experts. Voorkom weerstand en krijg uw advies geaccepteerd.",
    "audience": (
        "<p>Voor experts die hun vakkennis beter willen laten landen bij de organisatie:</p>"
        "<ul><li>inkopers en contractmanagers</li><li>ICT-ers, architecten en informatiemanagers</li>"
        "<li>facilitair managers en huisvestingsadviseurs</li><li>HR-, finance- en juridisch adviseurs</li></ul>"
    ),
    "learning_outcomes": [
        "U herkent de adviesrol die u aanneemt en kiest bewust de rol die past bij de klant en de vraag.",
        "U zet een adviesgesprek op met een goede entree, zodat de klant zijn verhaal kwijt kan.",
        "U voorkomt weerstand en gaat er effectief mee om als die toch ontstaat.",
        "U vertaalt de vraag achter de vraag naar een advies dat de klant als het zijne ziet.",
        "U houdt grip op het klantproces, van intake tot implementatie.",
    ],
    "course_format": "klassikaal",
    "duration": "3 dagen (om de twee weken één dag)",
    "location": "Utrecht",
    "price_excl_vat": Decimal("1495.00"),
    "vat_rate": Decimal("21.0"),
    "form_heading": "Download de brochure",
    "form_intro": "Lees in de brochure het volledige programma, de werkvormen en de praktische informatie. U ontvangt de link ook per e-mail.",
    "thank_you_title": "Bedankt! Uw brochure staat klaar",
    "thank_you_text": "<p>Download de brochure hieronder. We hebben de link ook naar uw e-mailadres gestuurd. Vragen? Bel ons gerust.</p>",
}
COURSE_DATES = [
    (date(2027, 3, 9), date(2027, 4, 6), "Utrecht", ""),
    (date(2027, 5, 18), date(2027, 6, 15), "Utrecht", "Nog 4 plaatsen"),
    (date(2027, 9, 14), date(2027, 10, 12), "Amersfoort", ""),
]
COURSE_BODY = [
    ("heading", "Het programma"),
    (
        "paragraph",
        "<p>De training bestaat uit drie dagen met telkens twee weken ertussen, zodat u het geleerde in uw eigen werk kunt uitproberen.</p>"
        "<ol><li><b>Dag 1 – De adviseur in u.</b> Adviesrollen, uw eigen stijl en de entree van een adviesgesprek.</li>"
        "<li><b>Dag 2 – Weerstand en invloed.</b> Weerstand herkennen, ombuigen en voorkomen; invloed zonder macht.</li>"
        "<li><b>Dag 3 – Het adviestraject.</b> Van vraag achter de vraag tot implementatie, geoefend met een trainingsacteur.</li></ol>",
    ),
    (
        "quote",
        {
            "text": "Een goed advies is pas goed als de klant het zelf had willen bedenken.",
            "attribution": "Uit de training",
        },
    ),
]
TESTIMONIALS = [
    {
        "name": "Marieke de Vries",
        "role": "Senior inkoper, gemeente Amersfoort",
        "quote": "Ik dacht dat mijn adviezen niet werden opgevolgd omdat de business eigenwijs was. Nu stel ik eerst vragen, en tot mijn verbazing komen ze nu zelf bij mij.",
    },
    {
        "name": "Youssef El Amrani",
        "role": "IT-architect, Stedin",
        "quote": "Heel praktisch: elke dag oefenden we met echte casussen uit ons eigen werk. De dag met de trainingsacteur was confronterend en ontzettend leerzaam.",
    },
]
COURSE_FAQ = [
    (
        "Heb ik voorkennis nodig?",
        "<p>Nee. U hebt wel een paar jaar ervaring in uw vakgebied en u adviseert collega's of klanten.</p>",
    ),
    (
        "Hoe groot is de groep?",
        "<p>Maximaal tien deelnemers, zodat iedereen voldoende oefent met de eigen praktijk.</p>",
    ),
    (
        "Kan de training ook in-company?",
        "<p>Ja. Voor groepen vanaf zes deelnemers stemmen we het programma af op uw organisatie. Neem contact met ons op.</p>",
    ),
    (
        "Wat is inbegrepen in de prijs?",
        "<p>Lesmateriaal, het boek <i>Adviseren kun je leren</i>, lunch en de dag met de trainingsacteur. Prijzen zijn exclusief 21% btw.</p>",
    ),
]
BROCHURE_TITLE = "Brochure Adviesvaardigheden voor experts"
BROCHURE_SECTIONS = [
    (
        "Voor wie is deze training?",
        [
            "U bent inkoper, ICT-er, facilitair manager of een andere expert. U weet waar uw (interne) klant bij gebaat is, maar uw advies wordt niet altijd opgevolgd. Deze training helpt u om uw vakkennis te laten landen.",
            "Wie pubers in huis heeft, herkent het: hoe harder u duwt, hoe minder er gebeurt. Met klanten werkt het net zo. Wie vooral zendt, roept weerstand op; wie luistert en doorvraagt, krijgt invloed.",
        ],
    ),
    (
        "Wat leert u?",
        [
            "- Uw adviesrol bewust kiezen: expert, procesbegeleider of sparringpartner.",
            "- Een adviesgesprek openen met een goede entree, zodat de klant zijn verhaal kwijt kan.",
            "- Weerstand herkennen, voorkomen en ombuigen.",
            "- De vraag achter de vraag vinden en een advies formuleren dat de klant als het zijne ziet.",
            "- Grip houden op het klantproces, van intake tot implementatie.",
        ],
    ),
    (
        "Het programma",
        [
            "Dag 1 - De adviseur in u. U onderzoekt uw eigen adviesstijl en oefent de entree van een adviesgesprek.",
            "Dag 2 - Weerstand en invloed. U leert weerstand te herkennen en te hanteren, en invloed uit te oefenen zonder formele macht.",
            "Dag 3 - Het adviestraject. U werkt een eigen casus uit van vraag tot implementatie en oefent met een trainingsacteur.",
            "Tussen de trainingsdagen zitten steeds twee weken. U krijgt een praktijkopdracht mee, zodat u het geleerde direct toepast in uw eigen werk.",
        ],
    ),
    (
        "Praktische informatie",
        [
            "Duur: 3 dagen, van 9.30 tot 16.30 uur. Groepsgrootte: maximaal 10 deelnemers.",
            "Startdata 2027: 9 maart (Utrecht), 18 mei (Utrecht) en 14 september (Amersfoort).",
            "Investering: EUR 1.495 exclusief btw per deelnemer (EUR 1.808,95 inclusief 21% btw), inclusief lesmateriaal, boek, lunch en trainingsacteur.",
            "In-company: voor groepen vanaf zes deelnemers maken we een programma op maat.",
            "Aanmelden of vragen? Mail naar info@covalis.nl of bel 030 123 45 67. Wij helpen u graag.",
        ],
    ),
]

HOME = {
    "hero_title": "Trainingen die experts overtuigend maken",
    "hero_intro": "Covalis traint inkopers, ICT-ers, facilitair managers en andere experts in adviseren, zodat hun kennis het verschil maakt in de organisatie.",
    "hero_cta_text": "Bekijk de trainingen",
    "latest_articles_heading": "Laatste artikelen",
    "search_description": "Covalis traint experts in adviesvaardigheden: inkopers, ICT-ers, facilitair managers en andere specialisten.",
}
BLOG = {
    "title": "Blog",
    "search_description": "Artikelen van de trainers van Covalis over adviseren, invloed, onderhandelen en schrijven: voor experts die gehoord willen worden.",
    "intro": "Artikelen over adviseren, invloed en samenwerken, voor experts die gehoord willen worden.",
}
COURSE_INDEX = {
    "title": "Trainingen",
    "search_description": "Alle trainingen van Covalis voor experts: klassikaal, online, hybride en in-company, met prijzen, locaties en startdata.",
    "intro": "<p>Praktische trainingen voor experts die hun advies willen laten landen.</p>",
}
ABOUT = {
    "title": "Over Covalis",
    "slug": "over-ons",
    "intro": "Covalis helpt experts om gehoord te worden. Sinds 2009 trainen we inkopers, ICT-ers en facilitair managers in adviseren.",
    "body": [
        ("heading", "Wat we doen"),
        (
            "paragraph",
            "<p>Vakkennis alleen is niet genoeg: een advies werkt pas als de klant het accepteert. Onze trainers komen zelf uit de inkoop, de ICT en de facilitaire wereld en weten hoe dat voelt.</p>",
        ),
        ("heading", "Hoe we werken"),
        (
            "paragraph",
            "<p>Kleine groepen, veel oefenen met eigen casussen en tijd tussen de trainingsdagen om het geleerde toe te passen.</p>",
        ),
    ],
}
CONTACT = {
    "title": "Contact",
    "slug": "contact",
    "intro": "Vragen over een training of een in-company traject? We denken graag met u mee.",
    "body": [
        ("heading", "Bel of mail ons"),
        (
            "paragraph",
            '<p>Telefoon: 030 123 45 67 (werkdagen van 9.00 tot 17.00 uur)<br/>E-mail: <a href="mailto:info@covalis.nl">info@covalis.nl</a></p>',
        ),
        ("heading", "Bezoekadres"),
        ("paragraph", "<p>Covalis<br/>Oudegracht 100<br/>3511 AX Utrecht</p>"),
    ],
}
PRIVACY = {
    "title": "Privacyverklaring",
    "slug": "privacy",
    "intro": "Covalis gaat zorgvuldig om met uw gegevens. Hier leest u welke gegevens we verzamelen, waarom, hoe lang we ze bewaren en wat uw rechten zijn.",
    "body": [
        ("heading", "Welke gegevens verzamelen we?"),
        (
            "paragraph",
            "<p>Als u een brochure aanvraagt, vragen we uw naam, e-mailadres, bedrijf, functie en (als u dat wilt) uw telefoonnummer. "
            "We bewaren welke brochure u aanvroeg en via welke pagina en campagne (UTM-bron) u bij ons kwam. "
            "Om misbruik van het formulier te voorkomen registreren we ook uw IP-adres en browser.</p>",
        ),
        ("heading", "Waarom verzamelen we die gegevens?"),
        (
            "paragraph",
            "<ul><li>om u de brochure te sturen;</li><li>om u te kunnen bellen of mailen over de training waarvoor u interesse toonde;</li>"
            "<li>om te zien welke artikelen en campagnes werken;</li><li>om spam en misbruik tegen te gaan (IP-adres).</li></ul>",
        ),
        ("heading", "Wat tellen we als u onze site bezoekt?"),
        (
            "paragraph",
            "<p>Onze website telt zelf hoe vaak elke pagina bekeken wordt, zonder cookies en zonder iets op uw apparaat op te slaan of uit te lezen. "
            "We tellen per pagina per dag: het aantal keer dat de pagina bekeken werd, hoe vaak het brochureformulier in beeld kwam, "
            "hoe vaak iemand het begon in te vullen en welke velden (alleen de naam van het veld, nooit wat u typte) nog niet goed waren ingevuld. "
            "Bij een bezoek onthouden we ook van welke website u kwam (alleen de domeinnaam, bijvoorbeeld google.com) "
            "en de campagnegegevens in de link (utm_source, utm_medium en utm_campaign).</p>"
            "<p>We bewaren daarbij geen IP-adres, geen browsergegevens en geen bezoekersnummer: alleen de totalen per pagina per dag. "
            "Zo kunnen we uw bezoeken niet aan elkaar of aan u koppelen. De telling gebeurt op onze eigen website; "
            "er gaat niets naar Google Analytics of een andere partij. Bezoeken van zoekmachines en andere robots tellen we niet mee.</p>",
        ),
        ("heading", "Hoe lang bewaren we uw gegevens?"),
        (
            "paragraph",
            "<p>We bewaren uw gegevens tot 24 maanden na uw laatste contact met ons. Daarna verwijderen we ze automatisch.</p>",
        ),
        ("heading", "Nieuwsbrief en Mailchimp"),
        (
            "paragraph",
            "<p>Alleen als u daar toestemming voor geeft, zetten we uw naam, e-mailadres, bedrijf, functie, telefoonnummer en interesse in Mailchimp, de dienst waarmee we onze e-mails versturen. "
            "Mailchimp is daarbij verwerker: het gebruikt uw gegevens alleen in onze opdracht. U kunt zich met één klik afmelden onder elke e-mail.</p>",
        ),
        ("heading", "Uw rechten"),
        (
            "paragraph",
            "<p>U hebt recht op inzage in uw gegevens, op correctie en op verwijdering. U kunt ook bezwaar maken tegen het gebruik ervan of uw toestemming intrekken. "
            'Stuur daarvoor een e-mail naar <a href="mailto:privacy@covalis.nl">privacy@covalis.nl</a>; we reageren binnen vier weken. '
            "Bent u het niet eens met hoe we met uw gegevens omgaan, dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens.</p>",
        ),
    ],
}
ORGANISATION = {
    "name": "Covalis",
    "tagline": "Trainingen in adviesvaardigheden voor experts",
    "email": "info@covalis.nl",
    "phone": "030 123 45 67",
    "address": "Oudegracht 100\n3511 AX Utrecht",
    "linkedin_url": "https://www.linkedin.com/company/covalis",
    "x_url": "https://x.com/covalis",
    "facebook_url": "https://www.facebook.com/covalis",
}
CATEGORY = {"name": "Adviesvaardigheden", "slug": "adviesvaardigheden"}
ARTICLE_TAGS = ["adviseren", "weerstand"]
