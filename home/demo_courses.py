"""The demo site's other courses: one of each format, each with its programme, dates and brochure.

The first course ("Adviesvaardigheden voor ...") lives in ``demo_text``: its words are pinned by
tests. Dates are given as weeks from the day the demo is loaded, so a fresh demo always shows
upcoming dates; ``availability`` marks some full and some nearly full.
"""

# Course texts are prose: one string per sentence group, however long.
# ruff: noqa: E501

from decimal import Decimal

# (weeks from today, days until the last day, location, availability, note)
# Each course: the page's fields, its programme (page body and brochure), testimonials, FAQ.
COURSES = [
    {
        "slug": "invloed-zonder-macht",
        "title": "Invloed zonder macht",
        "subtitle": "Krijg iets gedaan bij mensen over wie u niets te zeggen hebt",
        "intro": "Als expert hebt u geen hiërarchische macht, maar u moet wel dingen voor elkaar krijgen. In twee dagen leert u hoe invloed werkt, welke stijl bij u past en hoe u draagvlak bouwt voordat u het nodig hebt.",
        "search_description": "Tweedaagse training invloed zonder macht voor experts, adviseurs en projectleiders. Bouw draagvlak en krijg het voor elkaar zonder formele positie.",
        "audience": "<p>Voor professionals die resultaat moeten boeken via anderen:</p><ul><li>adviseurs en specialisten in een staffunctie</li><li>projectleiders zonder eigen team</li><li>inkopers en contractmanagers die met de business samenwerken</li></ul>",
        "learning_outcomes": [
            "U kent de zes bronnen van invloed en weet welke u zelf het meest gebruikt.",
            "U brengt in kaart wie u nodig hebt en wat die persoon belangrijk vindt.",
            "U kiest per situatie een invloedsstijl: overtuigen, verbinden, onderhandelen of inspireren.",
            "U bouwt een netwerk op waarop u kunt terugvallen als het spannend wordt.",
        ],
        "course_format": "klassikaal",
        "duration": "2 dagen",
        "location": "Amersfoort",
        "price_excl_vat": Decimal("1150.00"),
        "mailchimp_tags": "invloed",
        "dates": [
            (3, 7, "Amersfoort", "full", "Vol: schrijf u in voor de volgende datum"),
            (10, 7, "Amersfoort", "almost_full", "Nog 2 plaatsen"),
            (19, 7, "Zwolle", "open", ""),
        ],
        "programme": [
            (
                "Dag 1 – Hoe invloed werkt",
                "De bronnen van invloed, uw eigen voorkeursstijl en de stakeholderkaart van uw belangrijkste dossier.",
            ),
            (
                "Dag 2 – Invloed in actie",
                "Oefenen met overtuigen en verbinden in lastige situaties, met feedback van de groep en een trainingsacteur.",
            ),
            (
                "Praktijkopdracht",
                "Tussen de dagen past u één invloedsstrategie toe in uw eigen werk; op dag 2 bespreken we wat het opleverde.",
            ),
        ],
        "quote": (
            "Invloed heb je niet, die bouw je op. Het liefst voordat je hem nodig hebt.",
            "Ellen Hoogendoorn, trainer",
        ),
        "testimonials": [
            {
                "name": "Sandra Veenstra",
                "role": "Beleidsadviseur, Provincie Utrecht",
                "quote": "Ik dacht altijd dat een goed argument genoeg was. Nu begin ik bij de mensen en niet bij mijn notitie, en dat scheelt weken.",
            },
            {
                "name": "Bram Hofstede",
                "role": "Projectleider, Rijkswaterstaat",
                "quote": "De stakeholderkaart gebruik ik nog elke week. Eindelijk weet ik met wie ik eerst koffie moet drinken.",
            },
        ],
        "faq": [
            (
                "Is deze training geschikt als ik wel leidinggevende ben?",
                "<p>Ja, al ligt de nadruk op situaties waarin u geen formele macht hebt, zoals in projecten en bij collega's van andere afdelingen.</p>",
            ),
            (
                "Hoeveel deelnemers zijn er per groep?",
                "<p>Maximaal twaalf, zodat iedereen met een eigen casus kan oefenen.</p>",
            ),
            (
                "Krijg ik een certificaat?",
                "<p>U ontvangt een certificaat van deelname als u beide dagen aanwezig was.</p>",
            ),
        ],
        "picture": 5,
    },
    {
        "slug": "onderhandelen-voor-inkopers",
        "title": "Onderhandelen voor inkopers en contractmanagers",
        "subtitle": "Betere afspraken met leveranciers, zonder de relatie te beschadigen",
        "intro": "Goede inkopers onderhandelen niet harder, maar slimmer. U leert een onderhandeling voor te bereiden, uw ruimte te kennen en tactieken van leveranciers te herkennen, en u oefent met echte cases uit de publieke en private sector.",
        "search_description": "Training onderhandelen voor inkopers en contractmanagers: voorbereiding, BATNA, tactieken herkennen en afspraken vastleggen. Twee dagen plus terugkomdag in Rotterdam.",
        "audience": "<p>Voor inkopers, categorymanagers en contractmanagers met minstens twee jaar ervaring, in bedrijven en bij de overheid.</p>",
        "learning_outcomes": [
            "U bereidt een onderhandeling voor met doelen, grenzen en een sterk alternatief (BATNA).",
            "U herkent de tactieken van leveranciers en weet ze te neutraliseren.",
            "U onderhandelt over meer dan prijs: looptijd, service, risico en innovatie.",
            "U legt afspraken zo vast dat ze ook in de uitvoering overeind blijven.",
        ],
        "course_format": "klassikaal",
        "duration": "2 dagen + terugkomdag",
        "location": "Rotterdam",
        "price_excl_vat": Decimal("1395.00"),
        "mailchimp_tags": "onderhandelen,inkoop",
        "dates": [
            (5, 28, "Rotterdam", "almost_full", "Nog 3 plaatsen"),
            (16, 28, "Utrecht", "open", ""),
        ],
        "programme": [
            (
                "Dag 1 – Voorbereiden is winnen",
                "Belangen en posities, uw BATNA en die van de leverancier, en een onderhandelingsplan voor uw eigen dossier.",
            ),
            (
                "Dag 2 – Aan tafel",
                "Openen, concessies doen en tactieken herkennen, geoefend in drie rondes met toenemende druk.",
            ),
            (
                "Terugkomdag – Na de handdruk",
                "Zes weken later: wat werkte in uw eigen onderhandelingen, en hoe legt u afspraken vast die blijven staan?",
            ),
        ],
        "quote": ("Wie niet weet waar zijn grens ligt, schuift hem onderweg op.", "Ruben Kramer, trainer"),
        "testimonials": [
            {
                "name": "Kees Brouwer",
                "role": "Senior inkoper, Havenbedrijf Rotterdam",
                "quote": "De rollenspellen waren spannend genoeg om echt iets te leren. Bij de volgende aanbesteding heb ik mijn BATNA voor het eerst op papier gezet.",
            },
            {
                "name": "Naima Ouali",
                "role": "Contractmanager, Erasmus MC",
                "quote": "Praktisch en direct toepasbaar. De terugkomdag maakte het verschil: daar zag ik wat ik nog liet liggen.",
            },
        ],
        "faq": [
            (
                "Gaat de training over Europese aanbestedingen?",
                "<p>We behandelen onderhandelen binnen en na een aanbesteding, maar het is geen juridische training. Voor de regels zelf verwijzen we naar gespecialiseerde opleiders.</p>",
            ),
            (
                "Wanneer is de terugkomdag?",
                "<p>Ongeveer zes weken na dag 2, zodat u het geleerde eerst in de praktijk kunt brengen.</p>",
            ),
        ],
        "picture": 6,
    },
    {
        "slug": "overtuigend-schriftelijk-adviseren",
        "title": "Overtuigend schriftelijk adviseren",
        "subtitle": "Adviezen en notities die gelezen worden, en waarover wordt besloten",
        "intro": "Een advies dat niet gelezen wordt, is geen advies. In vier korte online sessies leert u schrijven voor drukke beslissers: eerst de kern, dan de onderbouwing, in taal die de lezer begrijpt.",
        "search_description": "Online training schriftelijk adviseren: schrijf heldere adviezen, notities en e-mails voor beslissers. Vier live sessies van 2,5 uur met persoonlijke feedback.",
        "audience": "<p>Voor iedereen die adviezen, beleidsnotities of voorstellen schrijft voor een management- of directieteam.</p>",
        "learning_outcomes": [
            "U zet de kern van uw advies in de eerste alinea, zodat een lezer in één minuut weet wat u voorstelt.",
            "U bouwt een onderbouwing op die past bij wat uw lezer wil weten.",
            "U schrijft actief, concreet en zonder vakjargon.",
            "U krijgt persoonlijke feedback op twee van uw eigen teksten.",
        ],
        "course_format": "online",
        "duration": "4 sessies van 2,5 uur",
        "location": "Online",
        "price_excl_vat": Decimal("795.00"),
        "mailchimp_tags": "schrijven",
        "dates": [
            (2, 21, "Online", "almost_full", "Nog 1 plaats"),
            (8, 21, "Online", "open", ""),
            (14, 21, "Online", "open", ""),
        ],
        "programme": [
            ("Sessie 1 – De lezer eerst", "Wie beslist, wat weet die al en wat moet hij na het lezen doen?"),
            (
                "Sessie 2 – De kern vooraan",
                "De piramide: conclusie, argumenten, onderbouwing. U herschrijft een eigen advies.",
            ),
            ("Sessie 3 – Heldere zinnen", "Actief schrijven, jargon vermijden en getallen laten spreken."),
            (
                "Sessie 4 – Van tekst naar besluit",
                "Persoonlijke feedback op uw eindtekst en afspraken voor uw volgende advies.",
            ),
        ],
        "quote": ("Schrijf zo dat de lezer na de eerste alinea had kunnen stoppen.", "Ingrid Bos, trainer"),
        "testimonials": [
            {
                "name": "Lotte Mulder",
                "role": "Informatiemanager, gemeente Zwolle",
                "quote": "Mijn notities zijn de helft korter en ik krijg sneller een besluit. De feedback op mijn eigen tekst was goud waard.",
            },
            {
                "name": "Jeroen Smit",
                "role": "Facilitair adviseur, ASML",
                "quote": "Online werkte verrassend goed: korte sessies, veel oefenen en tussendoor tijd om te herschrijven.",
            },
        ],
        "faq": [
            (
                "Welke software heb ik nodig?",
                "<p>Een computer met camera en een recente browser. We gebruiken Microsoft Teams; u ontvangt vooraf een link.</p>",
            ),
            (
                "Kan ik een sessie inhalen?",
                "<p>Ja, u kunt één sessie inhalen in een volgende groep, zonder extra kosten.</p>",
            ),
        ],
        "picture": 7,
    },
    {
        "slug": "stakeholdermanagement-voor-experts",
        "title": "Stakeholdermanagement voor experts en projectleiders",
        "subtitle": "Klassikaal oefenen, online verdiepen: draagvlak voor uw project of advies",
        "intro": "Een goed plan sneuvelt vaak niet op de inhoud maar op de mensen eromheen. In deze hybride leerroute combineert u twee klassikale dagen in Utrecht met drie online verdiepingssessies en coaching op uw eigen project.",
        "search_description": "Hybride training stakeholdermanagement: twee dagen klassikaal in Utrecht en drie online sessies. Voor experts en projectleiders die draagvlak willen bouwen.",
        "audience": "<p>Voor projectleiders, programmamanagers en experts die veranderingen doorvoeren in een organisatie met veel belanghebbenden.</p>",
        "learning_outcomes": [
            "U maakt een stakeholderanalyse en houdt die actueel gedurende uw project.",
            "U stemt uw communicatie af op de belangen en zorgen van elke groep.",
            "U gaat constructief om met tegenstand en gebruikt die om uw plan beter te maken.",
            "U rapporteert zo dat uw opdrachtgever u blijft steunen.",
        ],
        "course_format": "hybride",
        "duration": "2 dagen + 3 online sessies",
        "location": "Utrecht",
        "price_excl_vat": Decimal("1650.00"),
        "mailchimp_tags": "stakeholders",
        "dates": [
            (4, 49, "Utrecht", "open", ""),
            (18, 49, "Utrecht", "open", ""),
        ],
        "programme": [
            (
                "Dag 1 (klassikaal) – Het speelveld",
                "Stakeholderanalyse, belangen en invloed, en uw eigen project in kaart.",
            ),
            (
                "Online sessie 1 – Communiceren per groep",
                "Een boodschap per stakeholder, en hoe u die test voordat u hem verstuurt.",
            ),
            ("Online sessie 2 – Tegenstand", "Waarom mensen tegen zijn, en hoe u daar uw voordeel mee doet."),
            ("Dag 2 (klassikaal) – Onder druk", "Oefenen met een stuurgroep die twijfelt, met een trainingsacteur."),
            ("Online sessie 3 – Borgen", "Uw eigen plan voor de komende drie maanden, besproken in een kleine groep."),
        ],
        "quote": (
            "Tegenstand is informatie. Wie ertegen is, vertelt u wat er aan uw plan ontbreekt.",
            "Uit de training",
        ),
        "testimonials": [
            {
                "name": "Martijn de Boer",
                "role": "Programmamanager, NS",
                "quote": "De afwisseling tussen klassikaal en online paste goed naast mijn werk. Ik had steeds iets nieuws om in mijn project te proberen.",
            },
            {
                "name": "Femke Janssen",
                "role": "ICT-architect, Belastingdienst",
                "quote": "Eindelijk een training die niet stopt na twee dagen. De online sessies hielden me scherp.",
            },
        ],
        "faq": [
            (
                "Moet ik een eigen project inbrengen?",
                "<p>Graag. De training werkt het best met een lopend project of advies waarbij u draagvlak nodig hebt.</p>",
            ),
            (
                "Hoe lang duren de online sessies?",
                "<p>Elke sessie duurt twee uur en vindt plaats tussen de klassikale dagen in.</p>",
            ),
        ],
        "picture": 8,
    },
    {
        "slug": "lastige-gesprekken-met-de-business",
        "title": "Lastige gesprekken met de business",
        "subtitle": "Nee zeggen, slecht nieuws brengen en toch de relatie houden",
        "intro": "Experts moeten soms iets zeggen wat de klant niet wil horen: dat het budget niet toereikend is, dat een wens niet kan of dat een leverancier niet levert. In twee online dagdelen oefent u deze gesprekken met een trainingsacteur.",
        "search_description": "Online training lastige gesprekken voor experts: nee zeggen, slecht nieuws brengen en grenzen stellen bij interne klanten. Twee dagdelen met trainingsacteur.",
        "audience": "<p>Voor experts in ICT, inkoop, facilitair, HR en finance die regelmatig moeten schakelen tussen meedenken en grenzen stellen.</p>",
        "learning_outcomes": [
            "U brengt slecht nieuws helder en zonder omwegen, met begrip voor de ander.",
            "U zegt nee tegen een verzoek en biedt een alternatief dat de klant verder helpt.",
            "U blijft rustig als het gesprek emotioneel wordt.",
        ],
        "course_format": "online",
        "duration": "2 dagdelen",
        "location": "Online",
        "price_excl_vat": Decimal("495.00"),
        "mailchimp_tags": "gesprekken",
        "dates": [
            (1, 7, "Online", "full", "Vol"),
            (6, 7, "Online", "open", ""),
            (12, 7, "Online", "open", ""),
        ],
        "programme": [
            (
                "Dagdeel 1 – Het slechtnieuwsgesprek",
                "Direct ter zake, ruimte voor de reactie en samen verder: geoefend met een trainingsacteur.",
            ),
            (
                "Dagdeel 2 – Nee zeggen en grenzen stellen",
                "Een verzoek afwijzen zonder de relatie te beschadigen, en wat u doet als de klant blijft aandringen.",
            ),
        ],
        "quote": ("Een duidelijk nee is vriendelijker dan een vaag ja.", "Uit de training"),
        "testimonials": [
            {
                "name": "Henk Willems",
                "role": "Servicemanager ICT, Hogeschool Utrecht",
                "quote": "Kort en krachtig. De acteur speelde mijn lastigste klant zo echt dat ik even moest slikken, en daarna wist ik precies wat ik anders wilde doen.",
            },
            {
                "name": "Esther van Dijk",
                "role": "HR-adviseur, Achmea",
                "quote": "Ik zeg nu eerder en duidelijker nee, en mijn klanten waarderen het juist.",
            },
        ],
        "faq": [
            (
                "Werkt oefenen met een acteur ook online?",
                "<p>Ja. De acteur speelt uw gesprekspartner via de camera; de groep kijkt mee en geeft feedback. Deelnemers vinden het vaak net zo spannend als in een zaal.</p>",
            ),
            (
                "Kan ik een eigen casus inbrengen?",
                "<p>Graag. U ontvangt vooraf een korte vragenlijst om een gesprek uit uw eigen praktijk te beschrijven.</p>",
            ),
        ],
        "picture": 9,
    },
    {
        "slug": "adviesvaardigheden-in-company",
        "title": "Adviesvaardigheden in-company",
        "subtitle": "Een traject op maat voor uw afdeling, op uw eigen locatie",
        "intro": "Wilt u dat een hele afdeling beter adviseert? Dan stemmen we het programma af op uw organisatie, uw klanten en uw vraagstukken. We trainen bij u op locatie of in een zaal naar keuze, op data die u uitkomen.",
        "search_description": "In-company training adviesvaardigheden voor teams van inkopers, ICT-ers, facilitair en HR. Programma op maat, op uw locatie, vanaf zes deelnemers.",
        "audience": "<p>Voor teams van zes tot veertien deelnemers: een inkoopafdeling, een ICT-servicedesk, een facilitaire dienst of een team HR-adviseurs.</p>",
        "learning_outcomes": [
            "Het team spreekt één taal over adviseren en de rol van de adviseur.",
            "Deelnemers oefenen met casussen uit hun eigen organisatie.",
            "Leidinggevenden weten hoe ze het geleerde in het werk vasthouden.",
        ],
        "course_format": "incompany",
        "duration": "In overleg, meestal 3 dagen",
        "location": "",
        "price_excl_vat": None,
        "mailchimp_tags": "incompany",
        "dates": [],
        "programme": [
            ("Intake", "Een gesprek met de opdrachtgever en een paar deelnemers over de vraag achter de vraag."),
            (
                "Programma op maat",
                "Bouwstenen uit onze open trainingen, aangevuld met uw casussen, cultuur en vakjargon.",
            ),
            (
                "Training en borging",
                "Trainingsdagen met tussentijdse opdrachten en een terugkomsessie met de leidinggevende.",
            ),
        ],
        "quote": ("Een team dat samen leert adviseren, houdt elkaar eraan.", "Ellen Hoogendoorn, trainer"),
        "testimonials": [
            {
                "name": "Wouter Peters",
                "role": "Hoofd inkoop, gemeente Eindhoven",
                "quote": "Covalis nam echt de tijd om onze organisatie te begrijpen. De casussen kwamen uit ons eigen werk, en dat merkten de deelnemers.",
            },
            {
                "name": "Ayşe Yılmaz",
                "role": "Teamleider facilitaire dienst, Radboudumc",
                "quote": "Na het traject hoor ik mijn team andere vragen stellen aan interne klanten. Precies wat we zochten.",
            },
        ],
        "faq": [
            (
                "Wat kost een in-company traject?",
                "<p>Dat hangt af van de duur en de groepsgrootte. Na de intake ontvangt u een voorstel met een vaste prijs.</p>",
            ),
            (
                "Vanaf hoeveel deelnemers?",
                "<p>Vanaf zes deelnemers is in-company meestal voordeliger dan een open training.</p>",
            ),
        ],
        "picture": 10,
    },
]

# The courses the home page features, in this order (the first course is demo_text's).
FEATURED = [
    "adviesvaardigheden-voor-experts",
    "invloed-zonder-macht",
    "stakeholdermanagement-voor-experts",
    "overtuigend-schriftelijk-adviseren",
]
# Testimonials the home page shows, by name.
HOME_TESTIMONIALS = ["Marieke de Vries", "Lotte Mulder", "Wouter Peters"]
