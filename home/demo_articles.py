"""The demo blog besides the seed article: authors, categories and twelve articles.

Every article ends with a call-to-action to its course and that course's brochure form,
as marketers are meant to build them. ``course`` is a course slug (see ``demo_courses``).
"""

# Articles are prose: one string per paragraph, however long.
# ruff: noqa: E501

from datetime import date

AUTHORS = [
    # name, role, portrait style (see demo_media.portrait_jpeg)
    ("Ellen Hoogendoorn", "Trainer adviesvaardigheden en oprichter van Covalis", 1),
    ("Ruben Kramer", "Trainer onderhandelen, eerder vijftien jaar inkoopmanager", 2),
    ("Ingrid Bos", "Trainer schriftelijk adviseren en presenteren", 3),
]

CATEGORIES = [
    ("Adviesvaardigheden", "adviesvaardigheden"),
    ("Invloed en weerstand", "invloed-en-weerstand"),
    ("Inkoop en onderhandelen", "inkoop-en-onderhandelen"),
    ("Schrijven en presenteren", "schrijven-en-presenteren"),
    ("Samenwerken met de business", "samenwerken-met-de-business"),
]

ARTICLES = [
    {
        "slug": "de-vraag-achter-de-vraag",
        "title": "De vraag achter de vraag",
        "date": date(2026, 11, 10),
        "author": "Ellen Hoogendoorn",
        "categories": ["adviesvaardigheden"],
        "tags": ["adviseren", "intake"],
        "intro": "Een klant die om een nieuwe laptop vraagt, wil misschien gewoon sneller kunnen werken. Wie de eerste vraag meteen beantwoordt, mist vaak de echte.",
        "search_description": "Waarom de eerste vraag van een klant zelden de echte vraag is, en drie vragen waarmee u erachter komt wat er werkelijk speelt.",
        "body": [
            (
                "paragraph",
                "<p>Het gebeurt elke dag op een ICT-afdeling, een inkoopafdeling of een facilitaire dienst: een collega komt met een concrete vraag en de expert geeft een concreet antwoord. Keurig geholpen, zou je zeggen. Toch komt dezelfde collega twee weken later terug, nog steeds ontevreden.</p>",
            ),
            ("heading", "De eerste vraag is een oplossing"),
            (
                "paragraph",
                "<p>Wat klanten vragen, is meestal al een oplossing die ze zelf bedacht hebben. <i>Een nieuwe laptop</i>, <i>een extra leverancier</i>, <i>een grotere vergaderzaal</i>. Het probleem waarvoor die oplossing bedoeld is, blijft onder water. En juist daar ligt de waarde van uw vakkennis: u weet vaak een betere oplossing, als u het probleem maar kent.</p>",
            ),
            ("heading", "Drie vragen die altijd werken"),
            (
                "paragraph",
                "<ol><li><b>Waar loopt u nu tegenaan?</b> Zo hoort u het probleem in de woorden van de klant.</li><li><b>Wat gebeurt er als we niets doen?</b> Dat laat zien hoe dringend het is, en voor wie.</li><li><b>Hoe ziet het eruit als het is opgelost?</b> Dan weet u waaraan uw advies moet voldoen.</li></ol>",
            ),
            (
                "quote",
                {
                    "text": "Wie de eerste vraag meteen beantwoordt, beantwoordt vaak de verkeerde.",
                    "attribution": "Ellen Hoogendoorn",
                },
            ),
            (
                "paragraph",
                "<p>Het voelt in het begin misschien traag om door te vragen terwijl u het antwoord al weet. Maar het gesprek dat u nu vijf minuten langer maakt, scheelt u later een tweede ronde. En de klant voelt zich gehoord, wat uw advies straks een stuk makkelijker laat landen.</p>",
            ),
        ],
        "course": "adviesvaardigheden-voor-experts",
        "picture": 11,
    },
    {
        "slug": "vijf-signalen-van-weerstand",
        "title": "Vijf signalen van weerstand die experts missen",
        "date": date(2026, 10, 21),
        "author": "Ellen Hoogendoorn",
        "categories": ["invloed-en-weerstand"],
        "tags": ["weerstand", "adviseren"],
        "intro": "Weerstand is zelden een luid nee. Meestal is het een vriendelijk knikje, gevolgd door niets. Deze vijf signalen vertellen u dat uw advies niet landt.",
        "search_description": "Weerstand tegen uw advies is vaak stil. Vijf signalen die experts missen, en wat u eraan doet.",
        "body": [
            (
                "paragraph",
                "<p>Openlijke tegenspraak is eigenlijk een cadeau: u weet waar u staat. Lastiger is de weerstand die u niet ziet, omdat uw klant te beleefd, te druk of te voorzichtig is om hem uit te spreken.</p>",
            ),
            ("heading", "Waar u op let"),
            (
                "paragraph",
                "<ul><li><b>Ja, maar…</b> Elk bezwaar dat met instemming begint, is een nee in vermomming.</li><li><b>Uitstel.</b> \u201cLaten we het na de zomer oppakken\u201d betekent vaak: liever niet.</li><li><b>Detailvragen.</b> Wie alleen nog vraagt naar de lettergrootte van het rapport, is over de inhoud afgehaakt.</li><li><b>Stilte.</b> Geen reactie op uw mail is ook een reactie.</li><li><b>Doorverwijzen.</b> \u201cDat moet u met mijn manager bespreken\u201d is soms een beleefde manier om u kwijt te raken.</li></ul>",
            ),
            ("heading", "Benoemen in plaats van harder duwen"),
            (
                "paragraph",
                "<p>De reflex van veel experts is om meer argumenten aan te dragen. Dat werkt zelden: weerstand gaat over gevoel, niet over gebrek aan informatie. Benoem liever wat u ziet: \u201cIk merk dat u aarzelt. Wat houdt u tegen?\u201d Het antwoord op die vraag is meer waard dan uw beste argument.</p>",
            ),
        ],
        "course": "adviesvaardigheden-voor-experts",
        "picture": 12,
    },
    {
        "slug": "onderhandelen-begint-bij-uw-batna",
        "title": "Onderhandelen begint bij uw BATNA",
        "date": date(2026, 9, 30),
        "author": "Ruben Kramer",
        "categories": ["inkoop-en-onderhandelen"],
        "tags": ["onderhandelen", "inkoop"],
        "intro": "Wie aan tafel gaat zonder alternatief, onderhandelt niet maar bedelt. Zo bepaalt u uw BATNA, en die van de leverancier.",
        "search_description": "Wat een BATNA is, waarom inkopers er sterker van worden en hoe u hem in vier stappen bepaalt voor uw volgende onderhandeling.",
        "body": [
            (
                "paragraph",
                "<p>BATNA staat voor <i>best alternative to a negotiated agreement</i>: wat doet u als deze onderhandeling mislukt? Het klinkt als theorie, maar het is de belangrijkste vraag in elke voorbereiding. Uw BATNA bepaalt hoe ver u kunt gaan, en hoe rustig u aan tafel zit.</p>",
            ),
            ("heading", "In vier stappen"),
            (
                "paragraph",
                "<ol><li>Schrijf alle alternatieven op: een andere leverancier, zelf doen, uitstellen, de scope verkleinen.</li><li>Werk de twee beste uit: wat kosten ze, hoe snel kunnen ze, wat is het risico?</li><li>Kies de beste. Dat is uw BATNA, en daarmee weet u uw ondergrens.</li><li>Verbeter hem v\u00f3\u00f3r het gesprek: een offerte van een tweede leverancier verandert alles.</li></ol>",
            ),
            ("heading", "En de leverancier?"),
            (
                "paragraph",
                "<p>Denk ook na over het alternatief van de andere partij. Hoe hard heeft de leverancier deze opdracht nodig? Is het een referentieklant, een nieuwe markt, een manier om een kwartaal te redden? Wie de BATNA van de ander kent, weet waar de ruimte zit.</p>",
            ),
            (
                "quote",
                {
                    "text": "Mijn beste onderhandelingen won ik thuis, aan de keukentafel, met een vel papier.",
                    "attribution": "Ruben Kramer",
                },
            ),
        ],
        "course": "onderhandelen-voor-inkopers",
        "picture": 13,
    },
    {
        "slug": "schrijf-uw-advies-van-achteren-naar-voren",
        "title": "Schrijf uw advies van achteren naar voren",
        "date": date(2026, 9, 9),
        "author": "Ingrid Bos",
        "categories": ["schrijven-en-presenteren"],
        "tags": ["schrijven", "adviseren"],
        "intro": "We leren schrijven zoals we denken: eerst de aanleiding, dan de analyse, tot slot de conclusie. Maar uw lezer wil het precies andersom.",
        "search_description": "Waarom een goed schriftelijk advies met de conclusie begint, en hoe u uw notitie in tien minuten omdraait.",
        "body": [
            (
                "paragraph",
                "<p>Een directeur die uw notitie leest, heeft twee vragen: wat wilt u van mij, en waarom zou ik dat doen? Staat het antwoord op pagina drie, dan leest hij het waarschijnlijk niet. Niet uit onwil, maar omdat er nog twintig notities op hem liggen te wachten.</p>",
            ),
            ("heading", "De piramide"),
            (
                "paragraph",
                "<p>Begin met uw conclusie of voorstel, in \u00e9\u00e9n of twee zinnen. Geef daarna de drie belangrijkste argumenten. Pas dan komt de onderbouwing: cijfers, analyses, alternatieven. Wie na de eerste alinea stopt, weet genoeg om te besluiten; wie verder leest, vindt het bewijs.</p>",
            ),
            ("heading", "Omdraaien in tien minuten"),
            (
                "paragraph",
                "<p>Pak uw laatste notitie erbij en zoek de zin waarin u eigenlijk zegt wat u vindt. Meestal staat die ergens onderaan, na \u201cconcluderend\u201d of \u201cgelet op het bovenstaande\u201d. Zet die zin bovenaan, schrap de inleiding en kijk wat er overblijft. Negen van de tien keer is de tekst korter \u00e9n sterker.</p>",
            ),
        ],
        "course": "overtuigend-schriftelijk-adviseren",
        "picture": 14,
    },
    {
        "slug": "draagvlak-bouw-je-voordat-je-het-nodig-hebt",
        "title": "Draagvlak bouw je voordat je het nodig hebt",
        "date": date(2026, 8, 19),
        "author": "Ellen Hoogendoorn",
        "categories": ["invloed-en-weerstand", "samenwerken-met-de-business"],
        "tags": ["invloed", "stakeholders"],
        "intro": "Wie pas gaat lobbyen als het voorstel in de stuurgroep ligt, is te laat. Invloed is een relatie, en relaties bouwt u in rustige tijden.",
        "search_description": "Waarom experts hun netwerk moeten onderhouden voordat ze het nodig hebben, en drie gewoontes die daarbij helpen.",
        "body": [
            (
                "paragraph",
                "<p>Veel experts zien netwerken als iets voor accountmanagers. Maar wie een organisatie wil veranderen zonder formele macht, is afhankelijk van mensen die hem vertrouwen. Dat vertrouwen ontstaat niet in de vergadering waarin het erop aankomt, maar in de maanden ervoor.</p>",
            ),
            ("heading", "Drie gewoontes"),
            (
                "paragraph",
                "<ul><li><b>Eens per week een kop koffie</b> met iemand buiten uw eigen afdeling, zonder agenda.</li><li><b>Help eerst.</b> Deel een inzicht, een contact of een stuk dat de ander verder helpt.</li><li><b>Vraag om advies</b> v\u00f3\u00f3r u een voorstel schrijft. Wie heeft meegedacht, steunt het later eerder.</li></ul>",
            ),
            (
                "paragraph",
                "<p>Het kost een paar uur per maand. Wat het oplevert, merkt u pas als het spannend wordt: dan belt u geen onbekenden, maar mensen die al weten wie u bent en waar u voor staat.</p>",
            ),
        ],
        "course": "invloed-zonder-macht",
        "picture": 15,
    },
    {
        "slug": "nee-zeggen-tegen-een-interne-klant",
        "title": "Nee zeggen tegen een interne klant",
        "date": date(2026, 7, 8),
        "author": "Covalis",
        "categories": ["samenwerken-met-de-business"],
        "tags": ["gesprekken", "grenzen"],
        "intro": "Experts zijn vaak behulpzaam, en daardoor overbelast. Een duidelijk nee met een alternatief helpt de klant meer dan een vaag ja.",
        "search_description": "Hoe u als expert nee zegt tegen een interne klant zonder de relatie te beschadigen, in drie stappen.",
        "body": [
            (
                "paragraph",
                "<p>\u201cKan dit nog even voor vrijdag?\u201d Wie op een ondersteunende afdeling werkt, hoort het elke week. En omdat u de klant wilt helpen, zegt u ja. Tot de stapel zo hoog is dat niemand meer goed geholpen wordt.</p>",
            ),
            ("heading", "Nee, en\u2026"),
            (
                "paragraph",
                "<p>Een goed nee bestaat uit drie delen. Eerst het nee zelf, zonder omwegen: \u201cDat lukt niet voor vrijdag.\u201d Dan de reden, kort: \u201cWe ronden deze week de migratie af.\u201d En tot slot wat wel kan: \u201cIk kan er dinsdag naar kijken, of ik zet u in contact met een collega.\u201d</p>",
            ),
            (
                "quote",
                {
                    "text": "Een duidelijk nee is vriendelijker dan een vaag ja.",
                    "attribution": "Uit de training Lastige gesprekken",
                },
            ),
            (
                "paragraph",
                "<p>Het voelt onaardig, maar klanten zijn vaak opgelucht. Ze weten waar ze aan toe zijn en kunnen een andere keuze maken. Een vaag \u201cik zal kijken wat ik kan doen\u201d schuift de teleurstelling alleen maar op.</p>",
            ),
        ],
        "course": "lastige-gesprekken-met-de-business",
        "picture": 16,
    },
    {
        "slug": "meer-dan-prijs",
        "title": "Meer dan prijs: waar inkopers echt waarde halen",
        "date": date(2026, 6, 2),
        "author": "Ruben Kramer",
        "categories": ["inkoop-en-onderhandelen"],
        "tags": ["onderhandelen", "contractmanagement"],
        "intro": "Een korting van drie procent ziet er goed uit in het jaarverslag. Maar de echte waarde zit vaak in looptijd, service en risico.",
        "search_description": "Waarom inkopers verder moeten kijken dan de prijs, en vijf onderwerpen waarover u kunt onderhandelen.",
        "body": [
            (
                "paragraph",
                "<p>In veel inkooporganisaties telt maar \u00e9\u00e9n getal: de besparing. Logisch, want die is makkelijk te meten. Maar wie alleen op prijs onderhandelt, laat veel liggen, en drijft de leverancier in een hoek waar die de schade later terughaalt.</p>",
            ),
            ("heading", "Vijf onderwerpen naast de prijs"),
            (
                "paragraph",
                "<ol><li>Looptijd en opzegtermijnen</li><li>Serviceniveaus en wat er gebeurt als ze niet gehaald worden</li><li>Wie welk risico draagt, bijvoorbeeld bij prijsstijgingen</li><li>Innovatie: hoe deelt de leverancier verbeteringen?</li><li>Betaaltermijnen en facturatie</li></ol>",
            ),
            (
                "paragraph",
                "<p>Door meer onderwerpen op tafel te leggen, ontstaat ruimte om te ruilen. Wat voor u weinig kost, kan voor de leverancier veel waard zijn, en andersom. Zo sluit u een deal waar beide partijen beter van worden.</p>",
            ),
        ],
        "course": "onderhandelen-voor-inkopers",
        "picture": 17,
    },
    {
        "slug": "de-stakeholderkaart",
        "title": "De stakeholderkaart: wie moet u eerst spreken?",
        "date": date(2026, 4, 14),
        "author": "Ellen Hoogendoorn",
        "categories": ["samenwerken-met-de-business"],
        "tags": ["stakeholders", "invloed"],
        "intro": "Een eenvoudig schema met twee assen laat zien bij wie u moet beginnen. Het kost een kwartier en bespaart u maanden.",
        "search_description": "Hoe u met een stakeholderkaart bepaalt wie u als eerste moet spreken over uw project of advies.",
        "body": [
            (
                "paragraph",
                "<p>Teken twee assen: hoeveel invloed heeft iemand op uw project, en hoeveel belang heeft hij erbij? Zet iedereen die u kunt bedenken op de kaart. In een kwartier ziet u vier groepen ontstaan, en elke groep vraagt een andere aanpak.</p>",
            ),
            ("heading", "Vier groepen"),
            (
                "paragraph",
                "<ul><li><b>Veel invloed, veel belang:</b> betrek ze nauw en vroeg. Dit zijn uw sleutelfiguren.</li><li><b>Veel invloed, weinig belang:</b> houd ze tevreden en kort ge\u00efnformeerd.</li><li><b>Weinig invloed, veel belang:</b> houd ze op de hoogte; zij merken de gevolgen.</li><li><b>Weinig invloed, weinig belang:</b> af en toe informeren is genoeg.</li></ul>",
            ),
            (
                "paragraph",
                "<p>Het belangrijkste inzicht komt vaak pas als u de kaart met een collega bespreekt. \u201cStaat die afdelingsmanager echt rechtsonder? Volgens mij heeft hij het laatste woord over het budget.\u201d Een kaart is nooit af: werk hem bij na elk belangrijk gesprek.</p>",
            ),
        ],
        "course": "stakeholdermanagement-voor-experts",
        "picture": 18,
    },
    {
        "slug": "adviseren-als-team",
        "title": "Adviseren als team: waarom \u00e9\u00e9n training niet genoeg is",
        "date": date(2026, 2, 24),
        "author": "Covalis",
        "categories": ["adviesvaardigheden"],
        "tags": ["adviseren", "in-company"],
        "intro": "Wie alleen op training gaat, komt terug in een team dat nog op de oude manier werkt. Samen leren houdt het nieuwe gedrag vast.",
        "search_description": "Waarom afdelingen die samen leren adviseren meer resultaat zien dan losse deelnemers, en waar u op let bij een in-company traject.",
        "body": [
            (
                "paragraph",
                "<p>U kent het misschien: een collega komt enthousiast terug van een training, probeert een week lang alles anders te doen en valt daarna terug in het oude patroon. Niet omdat de training slecht was, maar omdat de omgeving niet veranderde.</p>",
            ),
            ("heading", "Samen een taal spreken"),
            (
                "paragraph",
                "<p>Als een heel team leert adviseren, ontstaat een gedeelde taal. Collega's herkennen elkaars valkuilen en spreken elkaar erop aan: \u201cJe zit weer in de expertrol.\u201d Dat is het moment waarop een training echt gaat werken.</p>",
            ),
            (
                "paragraph",
                "<p>Let bij een in-company traject op drie dingen: casussen uit uw eigen organisatie, een leidinggevende die meedoet of in elk geval meekijkt, en een terugkommoment na een paar maanden. Dan is de training geen losse gebeurtenis, maar het begin van een andere manier van werken.</p>",
            ),
        ],
        "course": "adviesvaardigheden-in-company",
        "picture": 19,
    },
    {
        "slug": "presenteren-voor-de-directie",
        "title": "Presenteren voor de directie in tien minuten",
        "date": date(2025, 12, 9),
        "author": "Ingrid Bos",
        "categories": ["schrijven-en-presenteren"],
        "tags": ["presenteren", "beslissers"],
        "intro": "U krijgt tien minuten in het directieoverleg, en na drie minuten wordt u al onderbroken. Zo bereidt u een presentatie voor die daartegen bestand is.",
        "search_description": "Hoe experts een korte presentatie voor een directie voorbereiden: met de vraag vooraan, drie argumenten en ruimte voor onderbreking.",
        "body": [
            (
                "paragraph",
                "<p>Directies luisteren anders dan vakgenoten. Ze willen weten wat u van hen vraagt, wat het kost en wat het oplevert. De rest is interessant, maar pas als ze daar zelf naar vragen.</p>",
            ),
            ("heading", "Begin met de vraag"),
            (
                "paragraph",
                "<p>Open met de beslissing die u nodig hebt: \u201cIk vraag u vandaag in te stemmen met\u2026\u201d. Dat voelt abrupt, maar het geeft de directie een kader. Alles wat u daarna vertelt, plaatsen ze in het licht van die vraag.</p>",
            ),
            ("heading", "Ontwerp voor onderbreking"),
            (
                "paragraph",
                "<p>Ga ervan uit dat u na drie minuten een vraag krijgt. Zorg dat uw kernboodschap dan al gezegd is, en houd per argument \u00e9\u00e9n sheet met de onderbouwing achter de hand. Zo raakt u uw verhaal niet kwijt als het gesprek een andere kant op gaat.</p>",
            ),
        ],
        "course": "overtuigend-schriftelijk-adviseren",
        "picture": 20,
    },
    {
        "slug": "van-expert-naar-adviseur",
        "title": "Van expert naar adviseur: de vier rollen",
        "date": date(2025, 10, 7),
        "author": "Ellen Hoogendoorn",
        "categories": ["adviesvaardigheden"],
        "tags": ["adviseren", "rollen"],
        "intro": "Expert, procesbegeleider, sparringpartner of uitvoerder: elke adviesvraag vraagt een andere rol. Wie altijd dezelfde kiest, adviseert vaak langs de klant heen.",
        "search_description": "De vier adviesrollen voor experts, en hoe u per vraag de rol kiest die bij de klant past.",
        "body": [
            (
                "paragraph",
                "<p>De meeste experts adviseren vanuit \u00e9\u00e9n rol: die van de deskundige die het antwoord weet. Soms is dat precies wat de klant nodig heeft. Maar vaak niet, en dan ontstaat er weerstand die niets met de inhoud te maken heeft.</p>",
            ),
            ("heading", "Vier rollen"),
            (
                "paragraph",
                "<ul><li><b>De expert</b> geeft het antwoord. Passend bij een duidelijke vraag en weinig tijd.</li><li><b>De procesbegeleider</b> helpt de klant zelf tot een antwoord te komen. Passend als draagvlak belangrijker is dan snelheid.</li><li><b>De sparringpartner</b> denkt mee en daagt uit. Passend bij ervaren klanten met een complex vraagstuk.</li><li><b>De uitvoerder</b> doet wat gevraagd wordt. Soms is dat genoeg.</li></ul>",
            ),
            (
                "paragraph",
                "<p>Het begint met bewustzijn: welke rol neemt u nu eigenlijk aan? Vraag het eens aan een collega na een adviesgesprek. Het antwoord is vaak verrassend.</p>",
            ),
        ],
        "course": "adviesvaardigheden-voor-experts",
        "picture": 21,
    },
    {
        "slug": "online-trainen-werkt-als-je-het-goed-doet",
        "title": "Online trainen werkt, als je het goed doet",
        "date": date(2025, 6, 17),
        "author": "Ingrid Bos",
        "categories": ["schrijven-en-presenteren", "adviesvaardigheden"],
        "tags": ["online leren"],
        "intro": "Acht uur achter een scherm leert niemand iets. Korte sessies, veel oefenen en tijd ertussen wel. Wat we leerden van vijf jaar online trainen.",
        "search_description": "Wat werkt bij online trainingen voor experts: korte sessies, oefenen met eigen werk en tijd tussen de sessies.",
        "body": [
            (
                "paragraph",
                "<p>Toen we in 2020 noodgedwongen online gingen, zetten we eerst onze klassikale dagen een-op-een op een scherm. Dat werkte niet: na twee uur zag je de aandacht wegzakken, hoe goed het programma ook was.</p>",
            ),
            ("heading", "Wat wel werkt"),
            (
                "paragraph",
                "<ul><li><b>Korte sessies</b> van maximaal twee en een half uur.</li><li><b>Eigen werk</b> als oefenmateriaal: een notitie, een gesprek, een presentatie.</li><li><b>Tijd tussen de sessies</b> om het geleerde toe te passen en terug te komen met vragen.</li><li><b>Kleine groepen</b>, zodat iedereen aan het woord komt.</li></ul>",
            ),
            (
                "paragraph",
                "<p>Inmiddels kiezen deelnemers soms bewust voor online, ook nu het niet meer hoeft. Geen reistijd, en het geleerde landt direct in het eigen werk. Voor oefenen met een acteur of een groep die elkaar nog niet kent, blijft een zaal soms beter. Daarom bieden we beide aan, en combineren we ze in onze hybride trainingen.</p>",
            ),
        ],
        "course": "lastige-gesprekken-met-de-business",
        "picture": 22,
    },
]
